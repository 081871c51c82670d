package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.host.simulator.ServiceSettings;
import org.utbackpack.host.simulator.SimulatedService;
import org.utbackpack.host.simulator.SimulatorServer;
import org.utbackpack.host.utrex.SimulatedStudent;

import java.net.URI;
import java.time.Clock;
import java.util.List;
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
     * @param service         the client (USIMS's key and secret), LEA, port and clock (see {@link ServiceSettings})
     * @param leaName         the LEA's name, as its localEducationAgencies record gives it
     * @param firstSchoolYear the first school year USIMS holds (Ed-Fi school year: 2011 is 2010-2011)
     */
    public record Settings(ServiceSettings service, String leaName, int firstSchoolYear) {
        public Settings {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(leaName, "leaName");
        }

        /** Any free port, school years from 2004-2005, the system clock. */
        public static Settings defaults(String clientKey, String clientSecret, String leaNumber, String leaName) {
            return new Settings(ServiceSettings.of(clientKey, clientSecret, leaNumber), leaName, 2005);
        }

        public Settings withClock(Clock newClock) {
            return new Settings(service.withClock(newClock), leaName, firstSchoolYear);
        }
    }

    private final SimulatorServer server;
    private final SimulatedService service;
    private final UsimsState state;

    private UsimsSimulator(SimulatorServer server, SimulatedService service, UsimsState state) {
        this.server = server;
        this.service = service;
        this.state = state;
    }

    /**
     * Starts on 127.0.0.1.
     *
     * @param district the students and shared schools the UTREx side knows; may be null (then only the
     *                 students {@link #register registered} here, with invented schools)
     */
    public static UsimsSimulator start(Settings settings, District district) {
        ObjectMapper json = new ObjectMapper();
        SimulatedService service = new SimulatedService(settings.service());
        UsimsState state = new UsimsState(settings, service, district, json);
        SimulatorServer server = SimulatorServer.start("USIMS", settings.service().port(), "/usims",
                new UsimsServlet(state, service, json), List.of());
        return new UsimsSimulator(server, service, state);
    }

    /** E.g. http://127.0.0.1:PORT/usims; the control paths go after it. */
    public URI baseUrl() {
        return server.baseUrl();
    }

    /** The data exchange URL: the Ed-Fi API root. */
    public URI dataUrl() {
        return URI.create(server.baseUrl() + "/api");
    }

    /** The authentication URL: the token endpoint. */
    public URI authUrl() {
        return URI.create(server.baseUrl() + UsimsServlet.TOKEN);
    }

    /** Makes a student known to USIMS (replacing one with the same SSID). */
    public void register(SimulatedStudent s) {
        state.register(Objects.requireNonNull(s, "student"));
    }

    @Override
    public void close() {
        service.close();
        server.close();
    }
}
