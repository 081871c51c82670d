package org.utbackpack.host;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.admin.AdminPages;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.admin.plugins.PluginManager;
import org.utbackpack.host.auth.Authenticator;
import org.utbackpack.host.auth.Csrf;
import org.utbackpack.host.auth.Passwords;
import org.utbackpack.host.auth.PermissionFilter;
import org.utbackpack.host.auth.Roles;
import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.auth.SignInThrottle;
import org.utbackpack.host.auth.Directory;
import org.utbackpack.host.db.HostDatabase;
import org.utbackpack.host.db.Sql;
import org.utbackpack.host.simulator.UtahTime;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.runtime.PluginRuntime;
import org.utbackpack.host.runtime.PowerQueryRunner;
import org.utbackpack.host.runtime.QueryReaders;
import org.utbackpack.host.web.BareErrorPage;
import org.utbackpack.host.web.CanonicalPath;
import org.utbackpack.host.web.CanonicalPathFilter;
import org.utbackpack.host.web.ReadOutBodyFilter;
import org.utbackpack.host.web.HttpsCustomizer;
import org.utbackpack.host.web.Limits;
import org.utbackpack.host.usims.District;
import org.utbackpack.host.usims.UsimsSimulator;
import org.utbackpack.host.utrex.SimulatedSchool;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.host.utrex.UtrexSimulator;
import org.utbackpack.host.web.ErrorServlet;
import org.utbackpack.host.web.Formats;
import org.utbackpack.host.web.GuardianPortalServlet;
import org.utbackpack.host.web.HostFilter;
import org.utbackpack.host.web.HostRoutes;
import org.utbackpack.host.web.Pages;
import org.utbackpack.host.web.PluginDispatchServlet;
import org.utbackpack.host.web.PowerQueryServlet;
import org.utbackpack.host.web.SessionCount;
import org.utbackpack.host.render.Renderer;
import org.utbackpack.host.web.SignInServlet;
import org.utbackpack.host.web.SignOutServlet;
import org.utbackpack.host.web.StaffPagesServlet;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local SIS host's composition root: the database, the installed plugin, the web server and, in
 * demo mode, the UTREx simulator and the demo people. Everything is built here by hand.
 */
public final class Host implements AutoCloseable {

    /** Where the plugin comes from: an uploaded zip, or a source tree with its compiled classes. */
    public record PluginSource(Path path, boolean zip, List<Path> classes) {
        public static PluginSource zip(Path zip) {
            return new PluginSource(zip, true, List.of());
        }

        public static PluginSource sourceTree(Path root, Path classes) {
            return new PluginSource(root, false, List.of(classes));
        }
    }

    /**
     * When the host counts a request as served over HTTPS (Secure session cookie, Strict-Transport-Security):
     * {@code always} when every request reaches it through an HTTPS proxy, or when the request comes from
     * {@code trustedProxy} (an IP address) with {@code X-Forwarded-Proto: https}. The header is ignored from
     * anyone else.
     */
    public record Https(boolean always, String trustedProxy) {
        public static final Https NONE = new Https(false, null);
    }

    /** How to run. {@code jdbcUrl} null means embedded H2 under {@code dataDir}. */
    public record Settings(String bind, int port, Path dataDir, String jdbcUrl, boolean demo, PluginSource plugin,
                           Map<String, String> pluginSettings, Https https) {
        public Settings {
            pluginSettings = Map.copyOf(pluginSettings);
            https = https == null ? Https.NONE : https;
        }

        public Settings(String bind, int port, Path dataDir, String jdbcUrl, boolean demo, PluginSource plugin,
                        Map<String, String> pluginSettings) {
            this(bind, port, dataDir, jdbcUrl, demo, plugin, pluginSettings, Https.NONE);
        }

        public Settings withHttps(Https https) {
            return new Settings(bind, port, dataDir, jdbcUrl, demo, plugin, pluginSettings, https);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Host.class);
    /** The plugin setting that picks the state source, and its USIMS value. */
    public static final String SOURCE = "utbackpack.source";
    public static final String USIMS = "USIMS_EDFI";

    private final HikariDataSource dataSource;
    private final UtrexSimulator simulator;
    private final UsimsSimulator usims;
    private final List<PluginRuntime> plugins;
    private final Server server;
    private final Map<String, String> pluginSettings;
    private final PluginManager manager;
    private final QueryReaders readers;
    private final List<String> hostMappings;
    private final SessionCount sessions;

    private Host(HikariDataSource dataSource, UtrexSimulator simulator, UsimsSimulator usims,
                 List<PluginRuntime> plugins, Server server, Map<String, String> pluginSettings, PluginManager manager,
                 QueryReaders readers, List<String> hostMappings, SessionCount sessions) {
        this.sessions = sessions;
        this.hostMappings = List.copyOf(hostMappings);
        this.usims = usims;
        this.readers = readers;
        this.pluginSettings = Map.copyOf(pluginSettings);
        this.manager = manager;
        this.dataSource = dataSource;
        this.simulator = simulator;
        this.plugins = plugins;
        this.server = server;
    }

    public static Host start(Settings settings) throws Exception {
        boolean loopback = InetAddress.getByName(settings.bind()).isLoopbackAddress();
        if (settings.demo() && !loopback) {
            throw new IllegalArgumentException("Demo accounts share a published password, so the demo runs only on"
                    + " a loopback address. Use --bind 127.0.0.1, or --no-demo for a real deployment.");
        }
        Files.createDirectories(settings.dataDir());
        String url = settings.jdbcUrl() != null ? settings.jdbcUrl() : HostDatabase.defaultUrl(settings.dataDir());
        HikariDataSource dataSource = HostDatabase.open(url, System.getenv("UTBACKPACK_DB_USER"),
                System.getenv("UTBACKPACK_DB_PASSWORD"), 16);
        UtrexSimulator simulator = null;
        UsimsSimulator usims = null;
        PluginManager manager = null;
        QueryReaders readers = new QueryReaders(dataSource, System.getenv("UTBACKPACK_DB_PASSWORD"));
        try {
            HostDatabase.migrateCore(dataSource);
            // enabled plugins only: pages, fragments, PowerQueries and dispatch read this list
            List<PluginRuntime> plugins = new CopyOnWriteArrayList<>();
            AuditTrail audit = new AuditTrail(dataSource, Clock.systemUTC());
            manager = new PluginManager(dataSource, settings.dataDir().resolve("plugins"), plugins,
                    Host.class.getClassLoader(), audit, Clock.systemUTC());
            PluginSource source = settings.plugin();
            manager.load(source == null ? null : new PluginManager.Bootstrap(source.path(), source.zip(), source.classes()));
            Map<String, String> pluginSettings = new LinkedHashMap<>(settings.pluginSettings());
            if (settings.demo()) {
                String secret = java.util.UUID.randomUUID().toString();
                simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults("utbackpack-demo", secret,
                        DemoData.LEA_NUMBER));
                pluginSettings.putIfAbsent("utbackpack.utrex.baseUrl", simulator.baseUrl().toString());
                pluginSettings.putIfAbsent("utbackpack.utrex.leaNumber", DemoData.LEA_NUMBER);
                pluginSettings.putIfAbsent("utbackpack.utrex.clientId", "utbackpack-demo");
                pluginSettings.putIfAbsent("utbackpack.utrex.clientSecret", secret);
                new DemoData(new Sql(dataSource)).load(simulator);
                if (USIMS.equals(pluginSettings.get(SOURCE))) {
                    usims = startUsims(simulator, pluginSettings);
                }
            }
            SessionCount sessions = new SessionCount();
            Server server = server(settings, dataSource, plugins, pluginSettings, manager, audit, readers, sessions,
                    Csrf.withSecret(System.getenv(Csrf.SECRET_SETTING)));
            // the host's own mappings, taken before any plugin's code runs (it starts with the server)
            List<String> hostMappings = servletMappings(server.getDescendant(ServletContextHandler.class));
            server.start();
            Host host = new Host(dataSource, simulator, usims, plugins, server, pluginSettings, manager, readers,
                    hostMappings, sessions);
            LOG.info("SIS host listening on {}", host.baseUrl());
            if (simulator != null) {
                LOG.info("UTREx simulator listening on {}", simulator.baseUrl());
            }
            return host;
        } catch (Exception | Error e) {
            if (manager != null) {
                manager.close();
            }
            if (usims != null) {
                usims.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            readers.close();
            dataSource.close();
            throw e;
        }
    }

    /**
     * The demo on USIMS: the USIMS simulator over the UTREx simulator's district (the same students), and the
     * plugin's USIMS settings pointing at it, every school year it holds enabled.
     */
    private static UsimsSimulator startUsims(UtrexSimulator utrex, Map<String, String> pluginSettings) {
        String secret = java.util.UUID.randomUUID().toString();
        UsimsSimulator.Settings s = UsimsSimulator.Settings.defaults("utbackpack-demo-usims", secret,
                DemoData.LEA_NUMBER, DemoData.LEA_NAME);
        UsimsSimulator usims = UsimsSimulator.start(s, new District() {
            @Override
            public SimulatedStudent student(String ssid) {
                return utrex.student(ssid).orElse(null);
            }

            @Override
            public List<SimulatedSchool> schools(String leaNumber) {
                return utrex.schools(leaNumber);
            }
        });
        int year = java.time.LocalDate.now(UtahTime.ZONE).getYear() + 1;
        pluginSettings.putIfAbsent("utbackpack.usims.dataUrl", usims.dataUrl().toString());
        pluginSettings.putIfAbsent("utbackpack.usims.authUrl", usims.authUrl().toString());
        pluginSettings.putIfAbsent("utbackpack.usims.leaNumber", DemoData.LEA_NUMBER);
        pluginSettings.putIfAbsent("utbackpack.usims.clientKey", s.service().clientId());
        pluginSettings.putIfAbsent("utbackpack.usims.clientSecret", secret);
        pluginSettings.putIfAbsent("utbackpack.usims.schoolYears", s.firstSchoolYear() + "-" + year);
        LOG.info("USIMS simulator listening on {}", usims.baseUrl());
        return usims;
    }

    private static Server server(Settings settings, HikariDataSource dataSource, List<PluginRuntime> plugins,
                                 Map<String, String> pluginSettings, PluginManager manager, AuditTrail audit,
                                 QueryReaders readers, SessionCount sessionCount, Csrf csrf) {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false); // no Server header: nothing to tell a scanner which version runs
        http.setSendXPoweredBy(false);
        http.addCustomizer(new HttpsCustomizer(settings.https()));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.bind());
        connector.setPort(settings.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        SessionHandler sessions = context.getSessionHandler();
        sessions.setMaxInactiveInterval((int) Duration.ofMinutes(30).toSeconds());
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.LAX);
        sessions.setSessionCookie("JSESSIONID");
        // sessions start at sign-in only (signed-out forms carry a cookie-bound token instead): counted here
        sessions.addEventListener(sessionCount);
        context.setAttribute("ps.dataSource", dataSource);
        pluginSettings.forEach(context::setInitParameter);

        Sql sql = new Sql(dataSource);
        Directory directory = new Directory(sql);
        PowerQueryRunner runner = new PowerQueryRunner(dataSource, readers);
        Pages pages = new Pages(Renderer.classpath(), () -> plugins, directory, runner,
                new Formats(UtahTime.ZONE), csrf);
        context.setAttribute(AuditTrail.HAND_OVER, audit.handOver());

        context.setMaxFormContentSize(Limits.MAX_FORM_BYTES);
        context.setMaxFormKeys(Limits.MAX_FORM_FIELDS);
        // first of all: methods the SIS does not use, and addresses that read differently once decoded
        CanonicalPath paths = new CanonicalPath(() -> knownRoutes(plugins), () -> servletMappings(context));
        // around everything: a refused body is read out, so the client still sending it reads the refusal
        context.addFilter(new FilterHolder(new ReadOutBodyFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new CanonicalPathFilter(paths)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new HostFilter(directory, csrf)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new PermissionFilter(new Roles(sql))), "/*", EnumSet.of(DispatcherType.REQUEST));
        AdminPages.mount(context, sql, audit, manager, pages, settings.dataDir().resolve("plugins"));
        // staff and guardian sign-in are throttled apart: guessing at one never slows the other
        context.addServlet(new ServletHolder(new SignInServlet(SessionUser.Type.STAFF,
                new Authenticator(directory::staffAccount, Passwords::matches),
                new SignInThrottle(SignInThrottle.Settings.defaults(), Clock.systemUTC()), pages)), HostRoutes.STAFF_SIGN_IN);
        context.addServlet(new ServletHolder(new SignInServlet(SessionUser.Type.GUARDIAN,
                new Authenticator(directory::guardianAccount, Passwords::matches),
                new SignInThrottle(SignInThrottle.Settings.defaults(), Clock.systemUTC()), pages)), HostRoutes.GUARDIAN_SIGN_IN);
        context.addServlet(new ServletHolder(new SignOutServlet()), HostRoutes.SIGN_OUT);
        ServletHolder staffPages = new ServletHolder(new StaffPagesServlet(directory, pages));
        context.addServlet(staffPages, HostRoutes.START);
        context.addServlet(staffPages, HostRoutes.SCHOOL);
        context.addServlet(staffPages, HostRoutes.STUDENT);
        context.addServlet(staffPages, HostRoutes.UTAH_STATE);
        context.addServlet(staffPages, HostRoutes.SPECIAL_FUNCTIONS);
        ServletHolder portal = new ServletHolder(new GuardianPortalServlet(directory, pages));
        context.addServlet(portal, HostRoutes.GUARDIAN_HOME);
        context.addServlet(portal, HostRoutes.GUARDIAN_SELECT);
        context.addServlet(portal, HostRoutes.GUARDIAN_LANGUAGE);
        context.addServlet(new ServletHolder(new PowerQueryServlet(() -> plugins, runner, directory, new ObjectMapper())),
                HostRoutes.POWERQUERY);
        context.addServlet(new ServletHolder(new ErrorServlet(pages)), HostRoutes.ERROR);
        context.addServlet(new ServletHolder(new PluginDispatchServlet(() -> plugins, pages)), "/");
        context.addServletContainerInitializer(manager.codeStarter(context));
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler() {
            @Override
            public boolean errorPageForMethod(String method) {
                return true; // a refused TRACE or PUT gets the host's page too
            }
        };
        errors.addErrorPage(400, 599, HostRoutes.ERROR);
        errors.addErrorPage(Throwable.class, HostRoutes.ERROR);
        errors.setShowStacks(false);
        context.setErrorHandler(errors);
        server.setHandler(context);
        // errors found before a request reaches the context (a malformed address, bad UTF-8, a header too large)
        server.setErrorHandler(new BareErrorPage());
        server.setStopTimeout(5_000);
        return server;
    }

    /** The servlet mappings in service now, the host's and the enabled plugins' ({@code /ws/utbackpack/*}). */
    public List<String> servletMappings() {
        return servletMappings(server.getDescendant(ServletContextHandler.class));
    }

    /** The servlet mappings the enabled plugins' code added, wherever they are ({@code /ws/...} or not). */
    public List<String> pluginServletMappings() {
        List<String> mappings = new ArrayList<>(servletMappings());
        hostMappings.forEach(mappings::remove);
        return mappings;
    }

    /** The plugins' pages and PowerQuery routes by lower-case spelling, for refusing case variants. */
    private static Map<String, String> knownRoutes(List<PluginRuntime> plugins) {
        if (plugins.size() == 1) {
            return plugins.get(0).routesByLowerCase();
        }
        Map<String, String> routes = new java.util.HashMap<>();
        plugins.forEach(p -> routes.putAll(p.routesByLowerCase()));
        return routes;
    }

    /** The servlet mappings in service, the host's and the enabled plugins' ({@code /x.html}, {@code /ws/x/*}). */
    private static List<String> servletMappings(ServletContextHandler context) {
        var mappings = context.getServletHandler().getServletMappings();
        List<String> specs = new ArrayList<>();
        if (mappings != null) {
            for (var mapping : mappings) {
                specs.addAll(List.of(mapping.getPathSpecs()));
            }
        }
        return specs;
    }

    public URI baseUrl() {
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
    }

    /** The server sessions alive now (one per signed-in person; signing out or expiry ends one). */
    public int liveSessions() {
        return sessions.live();
    }

    /** The settings handed to plugins (in demo mode, the simulator's address and credentials). */
    public Map<String, String> pluginSettings() {
        return pluginSettings;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /** The UTREx simulator in demo mode, else null. */
    public UtrexSimulator simulator() {
        return simulator;
    }

    /** The USIMS simulator when the demo runs on USIMS, else null. */
    public UsimsSimulator usims() {
        return usims;
    }

    /** The read-only database account a plugin's PowerQueries run on. */
    public javax.sql.DataSource powerQueryDataSource(PluginRuntime plugin) {
        return readers.forPlugin(plugin);
    }

    public List<PluginRuntime> plugins() {
        return new ArrayList<>(plugins);
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            manager.close();
            if (usims != null) {
                usims.close();
            }
            if (simulator != null) {
                simulator.close();
            }
            readers.close();
            dataSource.close();
        }
    }
}
