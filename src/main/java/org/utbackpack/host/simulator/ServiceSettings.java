package org.utbackpack.host.simulator;

import java.time.Clock;
import java.util.Objects;

/**
 * What every simulated state service starts with: the one client it accepts (UTREx's client id, USIMS's key),
 * the LEA that client speaks for, its port and its clock. Each simulator's settings hold one and add their own.
 *
 * @param port 0 = any free port
 */
public record ServiceSettings(String clientId, String clientSecret, String leaNumber, int port, Clock clock) {

    public ServiceSettings {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(leaNumber, "leaNumber");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
    }

    /** Any free port, the system clock. */
    public static ServiceSettings of(String clientId, String clientSecret, String leaNumber) {
        return new ServiceSettings(clientId, clientSecret, leaNumber, 0, Clock.systemUTC());
    }

    public ServiceSettings withPort(int newPort) {
        return new ServiceSettings(clientId, clientSecret, leaNumber, newPort, clock);
    }

    public ServiceSettings withClock(Clock newClock) {
        return new ServiceSettings(clientId, clientSecret, leaNumber, port, newClock);
    }
}
