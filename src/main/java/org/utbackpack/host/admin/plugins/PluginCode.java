package org.utbackpack.host.admin.plugins;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.runtime.PluginRuntime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * One start of a plugin's Java code in the host's running servlet context. The plugin's
 * ServletContainerInitializers register their servlets, filters and context listeners through a
 * {@link CodeContext}, which records them instead of handing them to the container; this class then
 * adds them to Jetty's servlet handler, and {@link #stop()} takes exactly those out again and ends the
 * listeners (which stop the plugin's background work). So enabling, disabling and upgrading a plugin
 * load and unload its code without restarting the host, and a disabled plugin's servlet paths fall
 * through to the host, which answers 404.
 *
 * <p>The host's own filters always run before a plugin's (sign-in, CSRF), whatever order the plugin asks for.
 * Not thread-safe: {@link PluginServing} starts and stops code under {@link PluginManager}'s lock.
 */
final class PluginCode {

    /** The plugin's code would not start; the message says why, for the Plugin Management page. */
    static final class StartFailure extends RuntimeException {
        StartFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginCode.class);

    private final String plugin;
    private final ClassLoader loader;
    private final ServletContextHandler context;
    private final List<ServletHolder> servlets = new ArrayList<>();
    private final List<ServletMapping> servletMappings = new ArrayList<>();
    private final List<FilterHolder> filters = new ArrayList<>();
    private final List<FilterMapping> filterMappings = new ArrayList<>();
    private final List<ServletContextListener> listeners = new ArrayList<>();
    private final List<ServletContextListener> initialized = new ArrayList<>();
    /** What the plugin's code registered for the SIS to call ({@link PluginRuntime#services()}). */
    private final java.util.Map<String, Object> services;
    private ServletContext facade;

    private PluginCode(String plugin, ClassLoader loader, ServletContextHandler context,
                       java.util.Map<String, Object> services) {
        this.services = services;
        this.plugin = plugin;
        this.loader = loader;
        this.context = context;
    }

    /**
     * Runs the plugin's initializers and listeners and puts its servlets and filters in service.
     *
     * @throws StartFailure when any of it fails; then nothing of it stays registered
     */
    static PluginCode start(PluginRuntime runtime, ServletContextHandler context) {
        return start(runtime.name(), runtime.classLoader(), runtime::initializers, context, runtime.services());
    }

    /**
     * @param initializers the plugin's ServletContainerInitializers, found in its own jars (may throw when
     *                     one cannot be loaded; that is a start failure too)
     */
    static PluginCode start(String plugin, ClassLoader loader, Supplier<List<ServletContainerInitializer>> initializers,
                            ServletContextHandler context) {
        return start(plugin, loader, initializers, context, new java.util.concurrent.ConcurrentHashMap<>());
    }

    private static PluginCode start(String plugin, ClassLoader loader,
                                    Supplier<List<ServletContainerInitializer>> initializers,
                                    ServletContextHandler context, java.util.Map<String, Object> services) {
        PluginCode code = new PluginCode(plugin, loader, context, services);
        try {
            code.run(initializers);
            return code;
        } catch (RuntimeException | LinkageError e) {
            code.stop();
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new StartFailure("The code of plugin " + plugin + " did not start: " + reason, e);
        }
    }

    private void run(Supplier<List<ServletContainerInitializer>> found) {
        facade = CodeContext.create(this, context.getServletContext(), loader);
        List<ServletContainerInitializer> initializers = found.get();
        inPluginLoader(() -> {
            for (ServletContainerInitializer initializer : initializers) {
                try {
                    initializer.onStartup(Set.of(), facade);
                } catch (jakarta.servlet.ServletException e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
            ServletContextEvent event = new ServletContextEvent(facade);
            for (ServletContextListener listener : listeners) {
                listener.contextInitialized(event);
                initialized.add(listener);
            }
        });
        ServletHandler handler = context.getServletHandler();
        servlets.forEach(handler::addServlet);
        servletMappings.forEach(handler::addServletMapping);
        filters.forEach(handler::addFilter);
        filterMappings.forEach(handler::addFilterMapping);
        LOG.info("Started the code of plugin {}: servlets {}, filters {}", plugin,
                servletMappings.stream().map(m -> Arrays.toString(m.getPathSpecs())).toList(),
                filterMappings.stream().map(m -> Arrays.toString(m.getPathSpecs())).toList());
    }

    /** The plugin's services, written by its code through {@code ServletContext.setAttribute("ps.plugin.*")}. */
    java.util.Map<String, Object> services() {
        return services;
    }

    /** Takes the plugin's servlets and filters out of service, then ends its listeners. Never throws. */
    void stop() {
        services.clear();
        ServletHandler handler = context.getServletHandler();
        handler.setFilterMappings(without(handler.getFilterMappings(), filterMappings, FilterMapping[]::new));
        handler.setFilters(without(handler.getFilters(), filters, FilterHolder[]::new));
        handler.setServletMappings(without(handler.getServletMappings(), servletMappings, ServletMapping[]::new));
        handler.setServlets(without(handler.getServlets(), servlets, ServletHolder[]::new));
        for (var holder : concat(servlets, filters)) {
            try {
                holder.stop();
            } catch (Exception | LinkageError e) {
                LOG.warn("Stopping {} of plugin {}: {}", holder.getName(), plugin, e.toString());
            }
        }
        List<ServletContextListener> reversed = new ArrayList<>(initialized);
        Collections.reverse(reversed);
        inPluginLoader(() -> {
            for (ServletContextListener listener : reversed) {
                try {
                    listener.contextDestroyed(new ServletContextEvent(facade));
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("Ending a listener of plugin {}: {}", plugin, e.toString());
                }
            }
        });
        initialized.clear();
        servlets.clear();
        servletMappings.clear();
        filters.clear();
        filterMappings.clear();
        listeners.clear();
        LOG.info("Stopped the code of plugin {}", plugin);
    }

    // --- what CodeContext records while the initializers run ---

    void addServlet(ServletHolder holder) {
        servlets.add(holder);
    }

    void addServletMapping(ServletMapping mapping) {
        servletMappings.add(mapping);
    }

    void addFilter(FilterHolder holder) {
        filters.add(holder);
    }

    void addFilterMapping(FilterMapping mapping) {
        filterMappings.add(mapping);
    }

    void addListener(ServletContextListener listener) {
        listeners.add(listener);
    }

    /** True when a path pattern is already served, by the host or by this plugin's earlier mappings. */
    boolean isMapped(String pattern) {
        return context.getServletHandler().getServletMapping(pattern) != null || servletMappings.stream()
                .anyMatch(m -> Arrays.asList(m.getPathSpecs()).contains(pattern));
    }

    ServletHolder servlet(String name) {
        return servlets.stream().filter(h -> h.getName().equals(name)).findFirst().orElse(null);
    }

    FilterHolder filter(String name) {
        return filters.stream().filter(h -> h.getName().equals(name)).findFirst().orElse(null);
    }

    List<String> servletMappingsOf(String name) {
        return servletMappings.stream().filter(m -> m.getServletName().equals(name))
                .flatMap(m -> Arrays.stream(m.getPathSpecs())).toList();
    }

    List<FilterMapping> filterMappingsOf(String name) {
        return filterMappings.stream().filter(m -> m.getFilterName().equals(name)).toList();
    }

    private void inPluginLoader(Runnable work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static <T> T[] without(T[] all, List<T> ours, IntFunction<T[]> array) {
        if (all == null) {
            return array.apply(0);
        }
        return Arrays.stream(all).filter(x -> ours.stream().noneMatch(o -> o == x)).toArray(array);
    }

    private static List<org.eclipse.jetty.ee10.servlet.Holder<?>> concat(List<ServletHolder> a, List<FilterHolder> b) {
        List<org.eclipse.jetty.ee10.servlet.Holder<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
