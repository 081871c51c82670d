package org.utbackpack.host.admin.plugins;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The {@link ServletContext} a plugin's initializer sees. Reading (attributes such as the SIS's
 * DataSource, init parameters, logging) goes to the host's context; registering servlets, filters and
 * context listeners is recorded in a {@link PluginCode}, which puts them in service and can take them out
 * again. The container's own API refuses registrations once it runs, which is why a plugin enabled
 * while the host runs needs this.
 */
final class CodeContext implements InvocationHandler {

    private final PluginCode code;
    private final ServletContext host;
    private final ClassLoader loader;

    private CodeContext(PluginCode code, ServletContext host, ClassLoader loader) {
        this.code = code;
        this.host = host;
        this.loader = loader;
    }

    static ServletContext create(PluginCode code, ServletContext host, ClassLoader loader) {
        return (ServletContext) Proxy.newProxyInstance(CodeContext.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, new CodeContext(code, host, loader));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "addServlet":
                return addServlet((String) args[0], instance(args[1], Servlet.class));
            case "addFilter":
                return addFilter((String) args[0], instance(args[1], Filter.class));
            case "addListener":
                addListener(instance(args[0], EventListener.class));
                return null;
            case "createServlet", "createFilter", "createListener":
                return instance(args[0], Object.class);
            case "getServletRegistration":
                return code.servlet((String) args[0]) == null ? host.getServletRegistration((String) args[0])
                        : new Servlets(code.servlet((String) args[0]));
            case "getFilterRegistration":
                return code.filter((String) args[0]) == null ? host.getFilterRegistration((String) args[0])
                        : new Filters(code.filter((String) args[0]));
            case "getClassLoader":
                return loader;
            case "setAttribute", "getAttribute", "removeAttribute":
                if (args[0] instanceof String name && name.startsWith(SERVICE_PREFIX)) {
                    return service(method.getName(), name, args);
                }
                return method.invoke(host, args);
            case "addJspFile", "declareRoles", "setSessionTrackingModes", "setSessionTimeout", "setInitParameter",
                 "setRequestCharacterEncoding", "setResponseCharacterEncoding":
                throw new UnsupportedOperationException("A plugin may not call ServletContext." + method.getName()
                        + "; the SIS owns that setting");
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "plugin view of " + host;
            default:
                try {
                    return method.invoke(host, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
        }
    }

    /** Attributes a plugin sets for the SIS to call back: kept per plugin, never shared with others. */
    static final String SERVICE_PREFIX = "ps.plugin.";

    private Object service(String operation, String name, Object[] args) {
        switch (operation) {
            case "setAttribute" -> {
                if (args[1] == null) {
                    code.services().remove(name);
                } else {
                    code.services().put(name, args[1]);
                }
                return null;
            }
            case "removeAttribute" -> {
                code.services().remove(name);
                return null;
            }
            default -> {
                return code.services().get(name);
            }
        }
    }

    private ServletRegistration.Dynamic addServlet(String name, Servlet servlet) {
        if (code.servlet(name) != null || host.getServletRegistration(name) != null) {
            return null; // the Servlet API's answer for a name already in use
        }
        ServletHolder holder = new ServletHolder(name, servlet);
        code.addServlet(holder);
        return new Servlets(holder);
    }

    private FilterRegistration.Dynamic addFilter(String name, Filter filter) {
        if (code.filter(name) != null || host.getFilterRegistration(name) != null) {
            return null;
        }
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        code.addFilter(holder);
        return new Filters(holder);
    }

    private void addListener(EventListener listener) {
        if (!(listener instanceof ServletContextListener contextListener)) {
            throw new UnsupportedOperationException("The SIS runs a plugin's ServletContextListeners only, not "
                    + listener.getClass().getName());
        }
        code.addListener(contextListener);
    }

    /** The object itself, or a new instance of the class (given, or named) from the plugin's class loader. */
    private <T> T instance(Object given, Class<T> type) throws ReflectiveOperationException {
        Object object = given;
        if (given instanceof String className) {
            object = Class.forName(className, true, loader);
        }
        if (object instanceof Class<?> c) {
            object = c.getDeclaredConstructor().newInstance();
        }
        return type.cast(object);
    }

    /** A registered servlet, as the plugin's initializer configures it. */
    /** What servlet and filter registrations share: the name, class and init parameters of a Jetty holder. */
    private abstract static class Registered<H extends org.eclipse.jetty.ee10.servlet.Holder<?>>
            implements jakarta.servlet.Registration.Dynamic {
        final H holder;

        Registered(H holder) {
            this.holder = holder;
        }

        @Override
        public void setAsyncSupported(boolean supported) {
            holder.setAsyncSupported(supported);
        }

        @Override
        public String getName() {
            return holder.getName();
        }

        @Override
        public String getClassName() {
            return holder.getClassName();
        }

        @Override
        public boolean setInitParameter(String name, String value) {
            if (holder.getInitParameter(name) != null) {
                return false;
            }
            holder.setInitParameter(name, value);
            return true;
        }

        @Override
        public String getInitParameter(String name) {
            return holder.getInitParameter(name);
        }

        @Override
        public Set<String> setInitParameters(Map<String, String> parameters) {
            Set<String> conflicts = new LinkedHashSet<>();
            parameters.forEach((k, v) -> {
                if (!setInitParameter(k, v)) {
                    conflicts.add(k);
                }
            });
            return conflicts;
        }

        @Override
        public Map<String, String> getInitParameters() {
            return new HashMap<>(holder.getInitParameters());
        }
    }

    private final class Servlets extends Registered<ServletHolder> implements ServletRegistration.Dynamic {

        Servlets(ServletHolder holder) {
            super(holder);
        }

        @Override
        public Set<String> addMapping(String... patterns) {
            Set<String> taken = new LinkedHashSet<>();
            for (String pattern : patterns) {
                if (code.isMapped(pattern)) {
                    taken.add(pattern);
                }
            }
            if (taken.isEmpty()) {
                ServletMapping mapping = new ServletMapping();
                mapping.setServletName(holder.getName());
                mapping.setPathSpecs(patterns.clone());
                code.addServletMapping(mapping);
            }
            return taken; // per the Servlet API: nothing is mapped when any pattern is taken
        }

        @Override
        public Collection<String> getMappings() {
            return code.servletMappingsOf(holder.getName());
        }

        @Override
        public String getRunAsRole() {
            return holder.getRunAsRole();
        }

        @Override
        public void setLoadOnStartup(int order) {
            holder.setInitOrder(order);
        }

        @Override
        public Set<String> setServletSecurity(ServletSecurityElement constraint) {
            throw new UnsupportedOperationException("The SIS checks sign-in and access itself; plugins declare no"
                    + " servlet security constraints");
        }

        @Override
        public void setMultipartConfig(MultipartConfigElement config) {
            holder.getRegistration().setMultipartConfig(config);
        }

        @Override
        public void setRunAsRole(String role) {
            holder.setRunAsRole(role);
        }


    }

    /** A registered filter. Its mappings always come after the SIS's own filters. */
    private final class Filters extends Registered<FilterHolder> implements FilterRegistration.Dynamic {

        Filters(FilterHolder holder) {
            super(holder);
        }

        @Override
        public void addMappingForServletNames(EnumSet<DispatcherType> types, boolean isMatchAfter, String... names) {
            FilterMapping mapping = mapping(types);
            mapping.setServletNames(names.clone());
            code.addFilterMapping(mapping);
        }

        @Override
        public Collection<String> getServletNameMappings() {
            return code.filterMappingsOf(holder.getName()).stream()
                    .flatMap(m -> m.getServletNames() == null ? Stream.<String>empty() : Arrays.stream(m.getServletNames())).toList();
        }

        @Override
        public void addMappingForUrlPatterns(EnumSet<DispatcherType> types, boolean isMatchAfter, String... patterns) {
            FilterMapping mapping = mapping(types);
            mapping.setPathSpecs(patterns.clone());
            code.addFilterMapping(mapping);
        }

        @Override
        public Collection<String> getUrlPatternMappings() {
            return code.filterMappingsOf(holder.getName()).stream()
                    .flatMap(m -> m.getPathSpecs() == null ? Stream.<String>empty() : Arrays.stream(m.getPathSpecs())).toList();
        }

        private FilterMapping mapping(EnumSet<DispatcherType> types) {
            FilterMapping mapping = new FilterMapping();
            mapping.setFilterName(holder.getName());
            mapping.setDispatcherTypes(types == null ? EnumSet.of(DispatcherType.REQUEST) : types);
            return mapping;
        }


    }
}
