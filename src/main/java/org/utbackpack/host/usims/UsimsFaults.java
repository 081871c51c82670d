package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
                seed(body));
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

    private static double rate(JsonNode body, String key, double current) {
        JsonNode v = body.get(key);
        if (v == null) {
            return current;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            throw new IllegalArgumentException(key + " must be a number from 0 to 1");
        }
        return v.asDouble();
    }

    private static long whole(JsonNode body, String key, long current, long min, long max) {
        JsonNode v = body.get(key);
        if (v == null) {
            return current;
        }
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max);
        }
        return v.asLong();
    }

    private Long seed(JsonNode body) {
        JsonNode v = body.get("seed");
        if (v == null) {
            return seed;
        }
        if (v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException("seed must be a whole number or null");
        }
        return v.asLong();
    }
}
