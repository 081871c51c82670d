package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.host.simulator.ServiceSettings;
import org.utbackpack.host.simulator.SimulatedService;
import org.utbackpack.host.simulator.SimulatorServer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
     * @param service        the client, LEA, port and clock (see {@link ServiceSettings})
     * @param processingTime time from Queued to Complete
     */
    public record Settings(ServiceSettings service, Duration processingTime) {

        public static final Duration DEFAULT_PROCESSING_TIME = Duration.ofMillis(400);

        public Settings {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(processingTime, "processingTime");
            if (processingTime.isNegative()) {
                throw new IllegalArgumentException("processingTime must not be negative");
            }
        }

        /** Any free port, 400 ms processing, the system clock. */
        public static Settings defaults(String clientId, String clientSecret, String leaNumber) {
            return new Settings(ServiceSettings.of(clientId, clientSecret, leaNumber), DEFAULT_PROCESSING_TIME);
        }

        public Settings withPort(int newPort) {
            return new Settings(service.withPort(newPort), processingTime);
        }

        public Settings withProcessingTime(Duration time) {
            return new Settings(service, time);
        }

        public Settings withClock(Clock newClock) {
            return new Settings(service.withClock(newClock), processingTime);
        }
    }

    private final SimulatorServer server;
    private final SimulatedService service;
    private final UtrexState state;

    private UtrexSimulator(SimulatorServer server, SimulatedService service, UtrexState state) {
        this.server = server;
        this.service = service;
        this.state = state;
    }

    /** Starts the simulator on 127.0.0.1; fails if the port cannot be bound. */
    public static UtrexSimulator start(Settings settings) {
        ObjectMapper json = new ObjectMapper();
        SimulatedService service = new SimulatedService(settings.service());
        UtrexState state = new UtrexState(settings, service, json);
        SimulatorServer server = SimulatorServer.start("UTREx", settings.service().port(), "/utrex",
                new UtrexServlet(state, service, json), List.of(UtrexServlet.DOCUMENT));
        return new UtrexSimulator(server, service, state);
    }

    /** E.g. http://127.0.0.1:PORT/utrex; the contract's paths go after it. */
    public URI baseUrl() {
        return server.baseUrl();
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
        service.close();
        server.close();
    }
}
