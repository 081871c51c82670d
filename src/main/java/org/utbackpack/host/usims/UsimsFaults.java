package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.host.simulator.FaultSettings;

import static org.utbackpack.host.simulator.FaultSettings.rate;
import static org.utbackpack.host.simulator.FaultSettings.whole;

/**
 * How badly the simulated USIMS behaves, set through {@code POST /_control}; the same knobs as the UTREx
 * simulator's where they mean the same. Rates are probabilities (0..1) rolled per API call.
 *
 * @param timeoutHoldMs how long a "timed out" call is held before it is answered with 504
 * @param seed          seeds the rolls so a run is repeatable; null = unseeded
 */
record UsimsFaults(long latencyMs, double failureRate, double timeoutRate, double rateLimitRate,
                   long retryAfterSeconds, long tokenTtlSeconds, long timeoutHoldMs, Long seed) {

    static UsimsFaults defaults() {
        return new UsimsFaults(0, 0, 0, 0, 1, 3600, 30_000, null);
    }

    /** These faults with the keys present in {@code body} replaced; throws naming the first bad value. */
    UsimsFaults merge(JsonNode body) {
        return new UsimsFaults(
                whole(body, "latencyMs", latencyMs, 0, 600_000),
                rate(body, "failureRate", failureRate),
                rate(body, "timeoutRate", timeoutRate),
                rate(body, "rateLimitRate", rateLimitRate),
                whole(body, "retryAfterSeconds", retryAfterSeconds, 0, 3600),
                whole(body, "tokenTtlSeconds", tokenTtlSeconds, 1, 31_536_000),
                whole(body, "timeoutHoldMs", timeoutHoldMs, 0, 600_000),
                FaultSettings.seed(body, seed));
    }

    ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("latencyMs", latencyMs)
                .put("failureRate", failureRate)
                .put("timeoutRate", timeoutRate)
                .put("rateLimitRate", rateLimitRate)
                .put("retryAfterSeconds", retryAfterSeconds)
                .put("tokenTtlSeconds", tokenTtlSeconds)
                .put("timeoutHoldMs", timeoutHoldMs);
        if (seed == null) {
            n.putNull("seed");
        } else {
            n.put("seed", seed);
        }
        return n;
    }
}
