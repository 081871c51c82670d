package org.utbackpack.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;
import org.utbackpack.testing.UtrexControl;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Damaged documents over the real host: a malformed or truncated Backpack fails its request with the
 * reason on the tab and never replaces the file staff already have; one over the district's size limit
 * fails naming the limit.
 */
class BackpackDocumentFaultsTest {

    private static final String AVERY_SSID = "1234561";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aMalformedOrTruncatedDocumentFailsTheRequestAndTheLastGoodFileStays(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Jdbc jdbc = new Jdbc(host.dataSource());
            UtrexControl utrex = new UtrexControl(host.simulator().baseUrl());
            long avery = student(jdbc, AVERY_SSID);
            Browser staff = signedIn(host);

            assertEquals("RECEIVED", Steps.requestAndWait(staff, "001" + avery));
            long goodRequest = latestRequest(jdbc, avery);
            String goodTab = staff.get(tab(avery)).text();
            assertTrue(goodTab.contains("(first retrieval, requested by Pat Morgan)"), goodTab);

            utrex.control("{\"malformedRate\":1.0}");
            assertEquals("FAILED", Steps.requestAndWait(staff, "001" + avery));
            String afterMalformed = staff.get(tab(avery)).text();
            assertTrue(afterMalformed.contains("The Backpack document from UTREx is damaged: it is not valid JSON"),
                    afterMalformed);

            utrex.control("{\"malformedRate\":0,\"truncatedRate\":1.0}");
            assertEquals("FAILED", Steps.requestAndWait(staff, "001" + avery));
            String afterTruncated = staff.get(tab(avery)).text();
            assertTrue(afterTruncated.contains("The Backpack document from UTREx was cut off before its end."),
                    afterTruncated);

            List<Long> files = jdbc.query("SELECT REQUESTID FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?",
                    rs -> rs.getLong(1), avery);
            assertEquals(List.of(goodRequest), files, "the damaged documents stored nothing");
            assertTrue(afterTruncated.contains("(first retrieval, requested by Pat Morgan)"), "the tab still shows the last good file");
            assertTrue(afterTruncated.contains("Records (view)"), "with its data elements");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aDocumentOverTheSizeLimitFailsNamingTheLimit(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind, Map.of("utbackpack.utrex.maxDocumentBytes", "20480"))) {
            Jdbc jdbc = new Jdbc(host.dataSource());
            long avery = student(jdbc, AVERY_SSID);
            Browser staff = signedIn(host);

            assertEquals("FAILED", Steps.requestAndWait(staff, "001" + avery));

            String text = staff.get(tab(avery)).text();
            assertTrue(text.contains("The Backpack document from UTREx is larger than the 20 KB limit set for this"
                    + " district, so it was not stored."), text);
            assertEquals(0, jdbc.queryFirst("SELECT COUNT(*) FROM U_UT_BP_FILE", rs -> rs.getInt(1)).orElseThrow());
        }
    }

    static Browser signedIn(Host host) {
        Browser staff = Steps.staff(host, "backpack.admin");
        return staff;
    }

    static long student(Jdbc jdbc, String ssid) {
        return jdbc.queryFirst("SELECT DCID FROM STUDENTS WHERE STATE_STUDENTNUMBER = ?", rs -> rs.getLong(1), ssid)
                .orElseThrow();
    }

    static String tab(long student) {
        return "/admin/students/state/USA_UT/backpack.html?frn=001" + student;
    }

    static long latestRequest(Jdbc jdbc, long student) {
        return jdbc.queryFirst("SELECT MAX(ID) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STUDENTSDCID = ?",
                rs -> rs.getLong(1), student).orElseThrow();
    }
}
