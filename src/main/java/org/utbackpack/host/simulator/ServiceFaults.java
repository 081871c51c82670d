package org.utbackpack.host.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.utbackpack.host.simulator.FaultSettings.rate;
import static org.utbackpack.host.simulator.FaultSettings.whole;

/**
 * The faults both simulators take through {@code POST /_control} under the same names and ranges. Rates are
 * probabilities (0..1) rolled per API call; latency delays every API answer. Each simulator's faults hold one
 * and add their own.
 *
 * @param timeoutHoldMs how long a "timed out" call is held before it is answered with 504
 * @param seed          seeds the rolls so a run is repeatable; null = unseeded
 */
public record ServiceFaults(long latencyMs, double failureRate, double timeoutRate, double rateLimitRate,
                            long tokenTtlSeconds, long timeoutHoldMs, Long seed) {

    private static final long DEFAULT_TOKEN_TTL_SECONDS = 3600;
    private static final long DEFAULT_TIMEOUT_HOLD_MS = 30_000;

    /** No faults, tokens living an hour, a timed-out call held 30 seconds, unseeded. */
    public static ServiceFaults defaults() {
        return new ServiceFaults(0, 0, 0, 0, DEFAULT_TOKEN_TTL_SECONDS, DEFAULT_TIMEOUT_HOLD_MS, null);
    }

    /**
     * These faults with the keys present in {@code body} replaced; absent keys keep their value.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    public ServiceFaults merge(JsonNode body) {
        return new ServiceFaults(
                whole(body, "latencyMs", latencyMs, 0, 600_000),
                rate(body, "failureRate", failureRate),
                rate(body, "timeoutRate", timeoutRate),
                rate(body, "rateLimitRate", rateLimitRate),
                whole(body, "tokenTtlSeconds", tokenTtlSeconds, 1, 31_536_000),
                whole(body, "timeoutHoldMs", timeoutHoldMs, 0, 600_000),
                FaultSettings.seed(body, seed));
    }

    /** Puts these faults into {@code node} under their control names (seed null when unseeded); returns it. */
    public ObjectNode writeTo(ObjectNode node) {
        node.put("latencyMs", latencyMs)
                .put("failureRate", failureRate)
                .put("timeoutRate", timeoutRate)
                .put("rateLimitRate", rateLimitRate)
                .put("tokenTtlSeconds", tokenTtlSeconds)
                .put("timeoutHoldMs", timeoutHoldMs);
        if (seed == null) {
            node.putNull("seed");
        } else {
            node.put("seed", seed);
        }
        return node;
    }
}
