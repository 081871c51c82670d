package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A record's fingerprint depends on its content, not on how UTREx happened to write it. */
class RecordHashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void memberOrderNumberSpellingAndNullMembersDoNotChangeTheFingerprint() throws Exception {
        String a = RecordHash.of(JSON.readTree("{\"b\":1.50,\"a\":\"x\",\"c\":[1,{\"z\":true,\"y\":null}]}"));
        String b = RecordHash.of(JSON.readTree("{\"a\":\"x\",\"c\":[1.0,{\"z\":true}],\"b\":1.5,\"d\":null}"));
        assertEquals(a, b);
        assertTrue(a.matches("[0-9a-f]{64}"), a);
        assertEquals("{\"a\":\"x\",\"b\":1.5,\"c\":[1,{\"z\":true}]}",
                RecordHash.canonical(JSON.readTree("{\"c\":[1e0,{\"z\":true}],\"b\":15E-1,\"a\":\"x\"}")));
        assertEquals("{\"n\":100}", RecordHash.canonical(JSON.readTree("{\"n\":1.00E2}")));
    }

    @Test
    void anyChangeOfContentChangesIt() throws Exception {
        String base = RecordHash.of(JSON.readTree("{\"mark\":\"B\",\"credits\":0.5,\"list\":[1,2]}"));
        assertNotEquals(base, RecordHash.of(JSON.readTree("{\"mark\":\"B+\",\"credits\":0.5,\"list\":[1,2]}")));
        assertNotEquals(base, RecordHash.of(JSON.readTree("{\"mark\":\"B\",\"credits\":\"0.5\",\"list\":[1,2]}")),
                "text is not a number");
        assertNotEquals(base, RecordHash.of(JSON.readTree("{\"mark\":\"B\",\"credits\":0.5,\"list\":[2,1]}")),
                "order within a list matters");
        assertNotEquals(base, RecordHash.of(JSON.readTree("{\"mark\":\"B\",\"credits\":0.5,\"list\":[1,2],\"x\":\"\"}")));
    }
}
