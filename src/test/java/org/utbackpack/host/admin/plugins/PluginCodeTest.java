package org.utbackpack.host.admin.plugins;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plugin's code put in and taken out of service in a running Jetty context: what its initializer
 * registers answers after the SIS's own filter, and nothing of it answers once stopped.
 */
class PluginCodeTest {

    private final List<String> events = new ArrayList<>();
    private Server server;
    private ServletContextHandler context;
    private HttpClient http;

    @BeforeEach
    void startHost() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.setAttribute("ps.dataSource", "the SIS database");
        context.addFilter(new FilterHolder(new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws IOException, jakarta.servlet.ServletException {
                req.setAttribute("order", "host");
                chain.doFilter(req, res);
            }
        }), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                res.sendError(404);
            }
        }), "/");
        server.setHandler(context);
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stopHost() throws Exception {
        server.stop();
    }

    @Test
    void servletsFiltersAndListenersRegisteredByTheInitializerServeUntilStopped() throws Exception {
        PluginCode code = PluginCode.start("Demo", getClass().getClassLoader(), () -> List.of(demoPlugin()), context);
        assertEquals(List.of("initialized with the SIS database"), events);
        assertEquals("200 demo servlet after host,plugin", get("/ws/demo/status"));
        assertEquals(404, status("/ws/other"));

        code.stop();
        assertEquals(List.of("initialized with the SIS database", "destroyed"), events);
        assertEquals(404, status("/ws/demo/status"));

        PluginCode again = PluginCode.start("Demo", getClass().getClassLoader(), () -> List.of(demoPlugin()), context);
        assertEquals("200 demo servlet after host,plugin", get("/ws/demo/status"), "a second start serves again");
        again.stop();
    }

    @Test
    void aMappingTheHostAlreadyServesIsRefusedToThePlugin() {
        AtomicReference<Set<String>> conflicts = new AtomicReference<>();
        ServletContainerInitializer greedy = (classes, ctx) -> conflicts.set(ctx.addServlet("greedy", new HttpServlet() {
        }).addMapping("/"));
        PluginCode code = PluginCode.start("Greedy", getClass().getClassLoader(), () -> List.of(greedy), context);
        assertEquals(Set.of("/"), conflicts.get());
        code.stop();
    }

    @Test
    void anInitializerThatFailsLeavesNothingRegistered() throws Exception {
        ServletContainerInitializer broken = (classes, ctx) -> {
            ctx.addServlet("half", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                    res.getWriter().write("half");
                }
            }).addMapping("/ws/half/*");
            throw new IllegalStateException("UTREx settings are missing");
        };
        PluginCode.StartFailure failure = assertThrows(PluginCode.StartFailure.class,
                () -> PluginCode.start("Broken", getClass().getClassLoader(), () -> List.of(broken), context));
        assertTrue(failure.getMessage().contains("Broken did not start: UTREx settings are missing"), failure.getMessage());
        assertEquals(404, status("/ws/half/x"));
    }

    @Test
    void aPluginMayNotChangeTheSisSettings() {
        ServletContainerInitializer meddling = (classes, ctx) -> ctx.setSessionTimeout(1);
        assertThrows(PluginCode.StartFailure.class,
                () -> PluginCode.start("Meddling", getClass().getClassLoader(), () -> List.of(meddling), context));
    }

    private ServletContainerInitializer demoPlugin() {
        return (classes, ctx) -> {
            ctx.addServlet("demo", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                    res.getWriter().write("demo servlet after " + req.getAttribute("order"));
                }
            }).addMapping("/ws/demo/*");
            ctx.addFilter("demo-filter", new HttpFilter() {
                @Override
                protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                        throws IOException, jakarta.servlet.ServletException {
                    req.setAttribute("order", req.getAttribute("order") + ",plugin");
                    chain.doFilter(req, res);
                }
            }).addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/ws/demo/*");
            Object database = ctx.getAttribute("ps.dataSource");
            ctx.addListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent event) {
                    events.add("initialized with " + database);
                }

                @Override
                public void contextDestroyed(ServletContextEvent event) {
                    events.add("destroyed");
                }
            });
        };
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base().resolve(path)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }
}
