package org.utbackpack.host.runtime;

import jakarta.servlet.ServletContainerInitializer;
import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.Implied;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.PermissionMapping;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.plugin.Problem;
import org.utbackpack.host.web.Renderer;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An installed, enabled plugin: its validated package, extension tables brought up to date, its
 * PowerQueries and permission mappings, fragments, messages and page templates, and the class loader
 * its servlet code runs in. Built only from a package without problems.
 */
public final class PluginRuntime implements AutoCloseable {

    /** The package has problems; nothing was installed. */
    public static final class InvalidPlugin extends RuntimeException {
        private final List<Problem> problems;

        InvalidPlugin(List<Problem> problems) {
            super("The plugin package has " + (problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                    + ":\n" + problems.stream()
                    .map(Problem::toString).collect(Collectors.joining("\n")));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private static final String INITIALIZER = "META-INF/services/" + ServletContainerInitializer.class.getName();

    private final PluginPackage pkg;
    private final URLClassLoader loader;
    private final Map<String, NamedQuery> queries;
    private final Map<String, List<Implied>> mappings;
    private final Fragments fragments;
    private final Messages messages;
    private final Messages spanish;
    private final Renderer pages;
    private final Map<String, String> routesByLowerCase;
    private final Map<String, Object> services = new java.util.concurrent.ConcurrentHashMap<>();

    private PluginRuntime(PluginPackage pkg, URLClassLoader loader) {
        this.pkg = pkg;
        this.loader = loader;
        Map<String, NamedQuery> byName = new LinkedHashMap<>();
        pkg.namedQueries().forEach(q -> byName.put(q.name(), q));
        this.queries = Collections.unmodifiableMap(byName);
        Map<String, List<Implied>> byPage = new LinkedHashMap<>();
        for (PermissionMapping m : pkg.permissionMappings()) {
            byPage.computeIfAbsent(m.page(), p -> new ArrayList<>()).addAll(m.implies());
        }
        this.mappings = Collections.unmodifiableMap(byPage);
        this.fragments = Fragments.scan(pkg.webRoot());
        this.messages = Messages.load(pkg.messageKeys(), "US_en");
        this.spanish = Messages.load(pkg.messageKeys(), "US_es", messages);
        this.pages = Renderer.directory(pkg.webRoot());
        this.routesByLowerCase = routes(pkg.webRoot(), queries.keySet());
    }

    /** The plugin's pages and PowerQuery routes, keyed by their lower-case spelling. */
    private static Map<String, String> routes(Path webRoot, java.util.Set<String> queryNames) {
        Map<String, String> routes = new LinkedHashMap<>();
        queryNames.forEach(q -> routes.put(("/ws/schema/query/" + q).toLowerCase(java.util.Locale.ROOT),
                "/ws/schema/query/" + q));
        if (webRoot != null && java.nio.file.Files.isDirectory(webRoot)) {
            try (var files = java.nio.file.Files.walk(webRoot)) {
                files.filter(java.nio.file.Files::isRegularFile).forEach(f -> {
                    String path = "/" + webRoot.relativize(f).toString().replace('\\', '/');
                    routes.put(path.toLowerCase(java.util.Locale.ROOT), path);
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Could not list the plugin's web_root: " + e.getMessage(), e);
            }
        }
        return Collections.unmodifiableMap(routes);
    }

    /** The plugin's pages, files and PowerQuery routes, keyed by their lower-case spelling. */
    public Map<String, String> routesByLowerCase() {
        return routesByLowerCase;
    }

    /**
     * What the plugin's code registered with the SIS while enabled, as ServletContext attributes named
     * {@code ps.plugin.*}: how the SIS asks the plugin who may open its pages ({@link #ACCESS_SERVICE}) and
     * tells it which PowerQuery rows it served ({@link #DISCLOSURE_SERVICE}). Only standard Java and
     * Servlet API types cross, so the plugin never needs the host's classes.
     */
    public Map<String, Object> services() {
        return services;
    }

    /**
     * A {@code java.util.function.BiPredicate<HttpServletRequest, String>}: may the signed-in user of the
     * request open this page, or call this route, of the plugin.
     */
    public static final String ACCESS_SERVICE = "ps.plugin.access";
    /**
     * A {@code java.util.function.BiConsumer<HttpServletRequest, Map<String, Object>>} the SIS calls each
     * time it returns PowerQuery results of the plugin: {@code query} (name), {@code args}, {@code rows}
     * (how many were returned, -1 for a count) and {@code page} (the page whose template ran it, or null
     * over HTTP).
     */
    public static final String DISCLOSURE_SERVICE = "ps.plugin.disclosure";

    /** True when the plugin lets the request's user open this page or call this route. */
    @SuppressWarnings("unchecked")
    public boolean allows(jakarta.servlet.http.HttpServletRequest request, String pageOrRoute) {
        Object access = services.get(ACCESS_SERVICE);
        return !(access instanceof java.util.function.BiPredicate<?, ?> p)
                || ((java.util.function.BiPredicate<jakarta.servlet.http.HttpServletRequest, String>) p)
                .test(request, pageOrRoute);
    }

    /** Tells the plugin that PowerQuery results were returned to the request's user. */
    @SuppressWarnings("unchecked")
    public void served(jakarta.servlet.http.HttpServletRequest request, String query, Map<String, ?> args, int rows,
                       String page) {
        Object listener = services.get(DISCLOSURE_SERVICE);
        if (listener instanceof java.util.function.BiConsumer<?, ?> c) {
            Map<String, Object> served = new java.util.HashMap<>();
            served.put("query", query);
            served.put("args", Map.copyOf(args.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
            served.put("rows", rows);
            served.put("page", page);
            ((java.util.function.BiConsumer<jakarta.servlet.http.HttpServletRequest, Map<String, Object>>) c)
                    .accept(request, Collections.unmodifiableMap(served));
        }
    }

    /**
     * Installs a package on the database: refuses it whole if it has any problem, otherwise brings
     * its extension tables up to date and prepares its code. {@code classes} are where its Java code
     * is: the package's lib/*.jar, or for a source tree the build's class folder.
     */
    public static PluginRuntime install(PluginPackage pkg, DataSource dataSource, List<Path> classes,
                                        ClassLoader parent) {
        if (!pkg.problems().isEmpty()) {
            throw new InvalidPlugin(pkg.problems());
        }
        new ExtensionSchemaMigrator().migrate(dataSource, pkg.extensionTables());
        List<URL> urls = new ArrayList<>();
        for (Path p : classes) {
            try {
                urls.add(p.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(p.toString(), e);
            }
        }
        return new PluginRuntime(pkg, new URLClassLoader(urls.toArray(URL[]::new), parent));
    }

    public PluginPackage pkg() {
        return pkg;
    }

    public String name() {
        return pkg.descriptor().name();
    }

    /** The plugin's servlet initializers, from its own jars' service entries. */
    public List<ServletContainerInitializer> initializers() {
        List<ServletContainerInitializer> found = new ArrayList<>();
        try {
            for (URL entry : Collections.list(loader.findResources(INITIALIZER))) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(entry.openStream(), StandardCharsets.UTF_8))) {
                    for (String line : in.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty()).toList()) {
                        Class<?> type = Class.forName(line, true, loader);
                        found.add((ServletContainerInitializer) type.getDeclaredConstructor().newInstance());
                    }
                }
            }
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("Could not start the code of plugin " + name() + ": " + e, e);
        }
        return found;
    }

    public ClassLoader classLoader() {
        return loader;
    }

    public Optional<NamedQuery> query(String name) {
        return Optional.ofNullable(queries.get(name));
    }

    /** True when the permission mappings let someone who may open {@code page} call {@code resource}. */
    public boolean pageMayCall(String page, String resource, String method) {
        return mappings.getOrDefault(page, List.of()).stream()
                .anyMatch(i -> i.resource().equals(resource) && i.allow().contains(method.toLowerCase()));
    }

    /** The pages whose mappings allow calling {@code resource}. */
    public List<String> pagesAllowing(String resource, String method) {
        return mappings.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(i -> i.resource().equals(resource)
                        && i.allow().contains(method.toLowerCase())))
                .map(Map.Entry::getKey).toList();
    }

    public Fragments fragments() {
        return fragments;
    }

    public Messages messages() {
        return messages;
    }

    /** The plugin's texts in a language ("es" or "en"); English where a text has no translation. */
    public Messages messages(String language) {
        return "es".equals(language) ? spanish : messages;
    }

    public Renderer pages() {
        return pages;
    }

    /** True when the plugin's web_root has this page (e.g. /admin/students/state/USA_UT/backpack.html). */
    public boolean hasPage(String path) {
        return path.endsWith(".html") && pages.exists(path.substring(1));
    }

    public Path webRoot() {
        return pkg.webRoot();
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
