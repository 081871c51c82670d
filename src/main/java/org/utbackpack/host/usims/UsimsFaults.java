package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.host.simulator.ServiceFaults;

import static org.utbackpack.host.simulator.FaultSettings.whole;

/**
 * How badly the simulated USIMS behaves, set through {@code POST /_control}: the faults both simulators have
 * ({@link ServiceFaults}, the same names as the UTREx simulator's) and the Retry-After its 429s carry.
 *
 * @param service the faults both simulators have
 */
record UsimsFaults(ServiceFaults service, long retryAfterSeconds) {

    static UsimsFaults defaults() {
        return new UsimsFaults(ServiceFaults.defaults(), 1);
    }

    /** These faults with the keys present in {@code body} replaced; throws naming the first bad value. */
    UsimsFaults merge(JsonNode body) {
        return new UsimsFaults(service.merge(body), whole(body, "retryAfterSeconds", retryAfterSeconds, 0, 3600));
    }

    ObjectNode toJson() {
        return service.writeTo(JsonNodeFactory.instance.objectNode()).put("retryAfterSeconds", retryAfterSeconds);
    }
}
