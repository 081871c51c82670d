package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.utrex.SimulatedStudent;

import java.net.URI;
import java.time.Clock;
import java.util.Objects;

/**
 * USIMS as the local host runs it: the Ed-Fi ODS/API (Data Standard v5) over the same simulated district
 * as the UTREx simulator (a student's records are made from the very document UTREx would send), a
 * B2C-style OAuth 2.0 token endpoint, and the same fault controls: {@code POST /_control} takes latencyMs,
 * failureRate, timeoutRate, rateLimitRate, retryAfterSeconds, tokenTtlSeconds, timeoutHoldMs, seed, and the
 * actions reset, resetStats and expireTokens; {@code GET /_stats} counts tokens issued, HTTP requests,
 * GETs per resource and the faults injected. The key is scoped to one LEA: its students are the only ones
 * it can read. Loopback only.
 */
public final class UsimsSimulator implements AutoCloseable {

    /**
     * @param firstSchoolYear the first school year USIMS holds (Ed-Fi school year: 2011 is 2010-2011)
     */
    public record Settings(String clientKey, String clientSecret, String leaNumber, String leaName, int port,
                           int firstSchoolYear, Clock clock) {
        public Settings {
            Objects.requireNonNull(clientKey, "clientKey");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(leaNumber, "leaNumber");
            Objects.requireNonNull(leaName, "leaName");
            Objects.requireNonNull(clock, "clock");
        }

        public static Settings defaults(String clientKey, String clientSecret, String leaNumber, String leaName) {
            return new Settings(clientKey, clientSecret, leaNumber, leaName, 0, 2005, Clock.systemUTC());
        }

        public Settings withClock(Clock newClock) {
            return new Settings(clientKey, clientSecret, leaNumber, leaName, port, firstSchoolYear, newClock);
        }
    }

    private final Server server;
    private final UsimsState state;
    private final URI baseUrl;

    private UsimsSimulator(Server server, UsimsState state, URI baseUrl) {
        this.server = server;
        this.state = state;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts on 127.0.0.1.
     *
     * @param district the students and shared schools the UTREx side knows; may be null (then only the
     *                 students {@link #register registered} here, with invented schools)
     */
    public static UsimsSimulator start(Settings settings, District district) {
        ObjectMapper json = new ObjectMapper();
        UsimsState state = new UsimsState(settings, district, json);
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("usims-sim");
        Server server = new Server(threads);
        server.setStopTimeout(2_000);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(settings.port());
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/usims");
        context.addServlet(new ServletHolder("usims", new UsimsServlet(state, json)), "/*");
        org.eclipse.jetty.ee10.servlet.ErrorHandler contextErrors = new org.eclipse.jetty.ee10.servlet.ErrorHandler();
        contextErrors.setShowStacks(false);
        context.setErrorHandler(contextErrors);
        server.setHandler(context);
        ErrorHandler serverErrors = new ErrorHandler();
        serverErrors.setShowStacks(false);
        server.setErrorHandler(serverErrors);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Could not start the USIMS simulator on port " + settings.port(), e);
        }
        return new UsimsSimulator(server, state, URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/usims"));
    }

    /** E.g. http://127.0.0.1:PORT/usims; the control paths go after it. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** The data exchange URL: the Ed-Fi API root. */
    public URI dataUrl() {
        return URI.create(baseUrl + "/api");
    }

    /** The authentication URL: the token endpoint. */
    public URI authUrl() {
        return URI.create(baseUrl + UsimsServlet.TOKEN);
    }

    /** Makes a student known to USIMS (replacing one with the same SSID). */
    public void register(SimulatedStudent s) {
        state.register(Objects.requireNonNull(s, "student"));
    }

    @Override
    public void close() {
        state.close();
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LoggerFactory.getLogger(UsimsSimulator.class).warn("USIMS simulator did not stop cleanly", e);
        }
    }
}
