package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.host.simulator.ServiceFaults;

import static org.utbackpack.host.simulator.FaultSettings.rate;
import static org.utbackpack.host.simulator.FaultSettings.whole;

/**
 * How badly the simulated state behaves, set through {@code POST /_control}: the faults both simulators
 * have ({@link ServiceFaults}: latency, failures, timeouts, rate limits, token lifetime, seed) and UTREx's
 * own. Rates are probabilities (0..1) rolled per API call.
 *
 * @param service            the faults both simulators have
 * @param requestFailureRate share of new requests that end in status Failed instead of Complete
 * @param neverCompleteRate  share of new requests that stay Processing for ever
 * @param unknownStatusRate  share of status polls answered with a status the contract does not have
 * @param dripRate           share of documents sent one byte every {@code dripIntervalMs}
 * @param nonFiniteRate      share of documents carrying NaN, Infinity and out-of-range numbers
 * @param oddIdRate          share of new requests given an id no client should put in a URL (../, too long)
 * @param rateLimitBurst     after a 429, how many more API calls in a row are answered 429
 */
record Faults(ServiceFaults service, double malformedRate, double truncatedRate, double requestFailureRate,
              double neverCompleteRate, double unknownStatusRate, double dripRate, long dripIntervalMs,
              double nonFiniteRate, double oddIdRate, long rateLimitBurst) {

    static final long DEFAULT_DRIP_INTERVAL_MS = 2_000;

    static Faults defaults() {
        return new Faults(ServiceFaults.defaults(), 0, 0, 0, 0, 0, 0, DEFAULT_DRIP_INTERVAL_MS, 0, 0, 0);
    }

    /**
     * These faults with the keys present in {@code body} replaced; absent keys keep their value.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    Faults merge(JsonNode body) {
        return new Faults(
                service.merge(body),
                rate(body, "malformedRate", malformedRate),
                rate(body, "truncatedRate", truncatedRate),
                rate(body, "requestFailureRate", requestFailureRate),
                rate(body, "neverCompleteRate", neverCompleteRate),
                rate(body, "unknownStatusRate", unknownStatusRate),
                rate(body, "dripRate", dripRate),
                whole(body, "dripIntervalMs", dripIntervalMs, 1, 600_000),
                rate(body, "nonFiniteRate", nonFiniteRate),
                rate(body, "oddIdRate", oddIdRate),
                whole(body, "rateLimitBurst", rateLimitBurst, 0, 1_000_000));
    }

    ObjectNode toJson() {
        return service.writeTo(JsonNodeFactory.instance.objectNode())
                .put("malformedRate", malformedRate)
                .put("truncatedRate", truncatedRate)
                .put("requestFailureRate", requestFailureRate)
                .put("neverCompleteRate", neverCompleteRate)
                .put("unknownStatusRate", unknownStatusRate)
                .put("dripRate", dripRate)
                .put("dripIntervalMs", dripIntervalMs)
                .put("nonFiniteRate", nonFiniteRate)
                .put("oddIdRate", oddIdRate)
                .put("rateLimitBurst", rateLimitBurst);
    }
}
