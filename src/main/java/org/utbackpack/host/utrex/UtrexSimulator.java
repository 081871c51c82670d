package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The state's UTREx service as the local host runs it: the DESIGN §6 contract on 127.0.0.1 only, with
 * synthetic Backpacks from {@link BackpackGenerator} and faults to order through {@code POST /_control}
 * (latencyMs, failureRate, timeoutRate, rateLimitRate, tokenTtlSeconds, malformedRate, truncatedRate,
 * requestFailureRate, timeoutHoldMs, seed; {@code reset}, {@code resetStats}, {@code expireTokens}).
 * {@code GET /_stats} counts submits per correlation id and SSID, documents served, tokens issued and
 * distinct requests created.
 */
public final class UtrexSimulator implements AutoCloseable {

    /**
     * @param port           0 = any free port
     * @param processingTime time from Queued to Complete
     */
    public record Settings(String clientId, String clientSecret, String leaNumber, int port, Duration processingTime,
                           Clock clock) {

        public static final Duration DEFAULT_PROCESSING_TIME = Duration.ofMillis(400);

        public Settings {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
            Objects.requireNonNull(leaNumber, "leaNumber");
            Objects.requireNonNull(processingTime, "processingTime");
            Objects.requireNonNull(clock, "clock");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (processingTime.isNegative()) {
                throw new IllegalArgumentException("processingTime must not be negative");
            }
        }

        /** Any free port, 400 ms processing, the system clock. */
        public static Settings defaults(String clientId, String clientSecret, String leaNumber) {
            return new Settings(clientId, clientSecret, leaNumber, 0, DEFAULT_PROCESSING_TIME, Clock.systemUTC());
        }

        public Settings withPort(int newPort) {
            return new Settings(clientId, clientSecret, leaNumber, newPort, processingTime, clock);
        }

        public Settings withProcessingTime(Duration time) {
            return new Settings(clientId, clientSecret, leaNumber, port, time, clock);
        }

        public Settings withClock(Clock newClock) {
            return new Settings(clientId, clientSecret, leaNumber, port, processingTime, newClock);
        }
    }

    /** Held "timeout" calls are released at close; this bounds how long stopping waits for the rest. */
    private static final long STOP_TIMEOUT_MS = 2_000;

    private final Server server;
    private final UtrexState state;
    private final URI baseUrl;

    private UtrexSimulator(Server server, UtrexState state, URI baseUrl) {
        this.server = server;
        this.state = state;
        this.baseUrl = baseUrl;
    }

    /** Starts the simulator on 127.0.0.1; fails if the port cannot be bound. */
    public static UtrexSimulator start(Settings settings) {
        ObjectMapper json = new ObjectMapper();
        UtrexState state = new UtrexState(settings, json);
        QueuedThreadPool threads = new QueuedThreadPool(200, 4);
        threads.setName("utrex-sim");
        Server server = new Server(threads);
        server.setStopTimeout(STOP_TIMEOUT_MS);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(settings.port());
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/utrex");
        context.addServlet(new ServletHolder("utrex", new UtrexServlet(state, json)), "/*");
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
            throw new IllegalStateException("Could not start the UTREx simulator on port " + settings.port(), e);
        }
        URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/utrex");
        return new UtrexSimulator(server, state, base);
    }

    /** E.g. http://127.0.0.1:PORT/utrex; the contract's paths go after it. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Makes a student known to the state (replacing one with the same SSID). */
    public void register(SimulatedStudent s) {
        state.register(Objects.requireNonNull(s, "student"));
    }

    /** Tells the state which of an LEA's schools the SIS has, so the students' current schools agree. */
    public void registerSchools(String leaNumber, java.util.List<SimulatedSchool> schools) {
        state.registerSchools(Objects.requireNonNull(leaNumber, "leaNumber"), Objects.requireNonNull(schools, "schools"));
    }

    /** The LEA's schools the SIS has, as registered (none: the state's invented ones only). */
    public java.util.List<SimulatedSchool> schools(String leaNumber) {
        return state.schools(leaNumber);
    }

    /** The student the state knows by this SSID, if any (the USIMS simulator serves the same district). */
    public java.util.Optional<SimulatedStudent> student(String ssid) {
        return java.util.Optional.ofNullable(state.student(ssid));
    }

    /** Releases held calls and stops Jetty. */
    @Override
    public void close() {
        state.close();
        stopQuietly(server);
    }

    /** Stopping is best effort: a failure to stop cleanly must not mask the caller's own outcome. */
    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LoggerFactory.getLogger(UtrexSimulator.class).warn("UTREx simulator did not stop cleanly", e);
        }
    }
}
