package org.utbackpack.host.simulator;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a simulator's {@code /_control} body sets a fault: a rate from 0 to 1, a whole number in a range, or
 * the random seed (null: a new one each time). A key left out keeps its current value; a wrong value is
 * refused with a sentence. Shared by the UTREx and USIMS simulators.
 */
public final class FaultSettings {

    private FaultSettings() {
    }

    public static double rate(JsonNode body, String key, double current) {
        JsonNode v = body.get(key);
        if (v == null) {
            return current;
        }
        if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 1) {
            throw new IllegalArgumentException(key + " must be a number from 0 to 1");
        }
        return v.asDouble();
    }

    public static long whole(JsonNode body, String key, long current, long min, long max) {
        JsonNode v = body.get(key);
        if (v == null) {
            return current;
        }
        if (!v.isNumber() || v.asDouble() != Math.rint(v.asDouble()) || v.asLong() < min || v.asLong() > max) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max);
        }
        return v.asLong();
    }

    public static Long seed(JsonNode body, Long current) {
        JsonNode v = body.get("seed");
        if (v == null) {
            return current;
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
