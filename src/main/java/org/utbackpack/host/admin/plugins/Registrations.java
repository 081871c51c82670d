package org.utbackpack.host.admin.plugins;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The registrations a plugin's initializer gets back from {@link CodeContext} when it adds a servlet or a
 * filter: they configure the Jetty holder and record mappings in the plugin's {@link PluginCode}, which puts
 * them in service. A mapping a path already has (the host's or this plugin's) is refused, as the Servlet API
 * says; the SIS's own filters always run first, and servlet security is the SIS's alone.
 */
final class Registrations {

    private Registrations() {
    }

    /** What servlet and filter registrations share: the name, class and init parameters of a Jetty holder. */
    private abstract static class Registered<H extends org.eclipse.jetty.ee10.servlet.Holder<?>>
            implements jakarta.servlet.Registration.Dynamic {
        final PluginCode code;
        final H holder;

        Registered(PluginCode code, H holder) {
            this.code = code;
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

    /** A registered servlet, as the plugin's initializer configures it. */
    static final class Servlet extends Registered<ServletHolder> implements ServletRegistration.Dynamic {

        Servlet(PluginCode code, ServletHolder holder) {
            super(code, holder);
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
    static final class Filter extends Registered<FilterHolder> implements FilterRegistration.Dynamic {

        Filter(PluginCode code, FilterHolder holder) {
            super(code, holder);
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
