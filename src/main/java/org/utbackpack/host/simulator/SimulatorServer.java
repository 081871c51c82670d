package org.utbackpack.host.simulator;

import jakarta.servlet.http.HttpServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;

/**
 * How both simulated state services run: one servlet under one context path, on 127.0.0.1 only, with error
 * pages that never show a stack trace. Responses on the given paths are gzipped for a client that asks
 * (Jetty's {@link GzipHandler}).
 */
public final class SimulatorServer implements AutoCloseable {

    /** Held "timeout" calls are released at close; this bounds how long stopping waits for the rest. */
    private static final long STOP_TIMEOUT_MS = 2_000;

    private final String name;
    private final Server server;
    private final URI baseUrl;

    private SimulatorServer(String name, Server server, URI baseUrl) {
        this.name = name;
        this.server = server;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the servlet at {@code contextPath}; fails if the port cannot be bound.
     *
     * @param name        the service's name, for its threads and messages (e.g. "UTREx")
     * @param port        0 = any free port
     * @param gzipPaths   the paths (within the context, as Jetty path specs; "^..." is a regular expression)
     *                    whose answers are compressed when the client accepts gzip; none: no compression
     */
    public static SimulatorServer start(String name, int port, String contextPath, HttpServlet servlet,
                                        List<String> gzipPaths) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName(name.toLowerCase(java.util.Locale.ROOT) + "-sim");
        Server server = new Server(threads);
        server.setStopTimeout(STOP_TIMEOUT_MS);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath(contextPath);
        context.addServlet(new ServletHolder(name, servlet), "/*");
        org.eclipse.jetty.ee10.servlet.ErrorHandler contextErrors = new org.eclipse.jetty.ee10.servlet.ErrorHandler();
        contextErrors.setShowStacks(false);
        context.setErrorHandler(contextErrors);
        server.setHandler(gzipPaths.isEmpty() ? context : gzip(context, contextPath, gzipPaths));
        ErrorHandler serverErrors = new ErrorHandler();
        serverErrors.setShowStacks(false);
        server.setErrorHandler(serverErrors);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(name, server);
            throw new IllegalStateException("Could not start the " + name + " simulator on port " + port, e);
        }
        return new SimulatorServer(name, server,
                URI.create("http://127.0.0.1:" + connector.getLocalPort() + contextPath));
    }

    /**
     * Sync flush: a body written a little at a time (the drip fault) still reaches the client a little at a
     * time when compressed, instead of waiting in the deflater for the end.
     */
    private static Handler gzip(ServletContextHandler context, String contextPath, List<String> paths) {
        GzipHandler gzip = new GzipHandler(context);
        gzip.setSyncFlush(true);
        gzip.setIncludedPaths(paths.stream()
                .map(p -> p.startsWith("^") ? "^" + contextPath + p.substring(1) : contextPath + p)
                .toArray(String[]::new));
        return gzip;
    }

    /** E.g. http://127.0.0.1:PORT/utrex. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Stops Jetty; best effort: a failure to stop cleanly must not mask the caller's own outcome. */
    @Override
    public void close() {
        stopQuietly(name, server);
    }

    private static void stopQuietly(String name, Server server) {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LoggerFactory.getLogger(SimulatorServer.class).warn("{} simulator did not stop cleanly", name, e);
        }
    }
}
