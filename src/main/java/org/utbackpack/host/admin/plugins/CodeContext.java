package org.utbackpack.host.admin.plugins;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.EventListener;

/**
 * The {@link ServletContext} a plugin's initializer sees. Reading (attributes such as the SIS's
 * DataSource, init parameters, logging) goes to the host's context; registering servlets, filters and
 * context listeners is recorded in a {@link PluginCode}, which puts them in service and can take them out
 * again. The container's own API refuses registrations once it runs, which is why a plugin enabled
 * while the host runs needs this. The registrations it hands back are {@link Registrations}.
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
                        : new Registrations.Servlet(code, code.servlet((String) args[0]));
            case "getFilterRegistration":
                return code.filter((String) args[0]) == null ? host.getFilterRegistration((String) args[0])
                        : new Registrations.Filter(code, code.filter((String) args[0]));
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
        return new Registrations.Servlet(code, holder);
    }

    private FilterRegistration.Dynamic addFilter(String name, Filter filter) {
        if (code.filter(name) != null || host.getFilterRegistration(name) != null) {
            return null;
        }
        FilterHolder holder = new FilterHolder(filter);
        holder.setName(name);
        code.addFilter(holder);
        return new Registrations.Filter(code, holder);
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
}
