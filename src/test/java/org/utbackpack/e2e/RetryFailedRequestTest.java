package org.utbackpack.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.latestRequest;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.signedIn;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.student;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.tab;

/**
 * Retry after a permanent failure is fixed: Dana Nguyen's SSID is unknown to UTREx, her request fails
 * with that reason; once UTREx knows her, staff with Request Access press Retry and the same request
 * brings the file. Viewers cannot retry; the retry is in the disclosure log.
 */
class RetryFailedRequestTest {

    private static final String DANA_SSID = "7654324";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void staffRetryAFailedRequestOnceItsCauseIsFixed(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Jdbc jdbc = new Jdbc(host.dataSource());
            long dana = student(jdbc, DANA_SSID);
            Browser staff = signedIn(host);
            assertEquals("FAILED", Steps.requestAndWait(staff, "001" + dana));
            long id = latestRequest(jdbc, dana);
            String firstCorrelation = correlation(jdbc, id);

            Browser viewer = Steps.staff(host, "backpack.viewer");
            assertNull(viewer.get(tab(dana)).html().selectFirst("form[action$=/retry]"), "no Retry for a viewer");
            Browser.Page refused = viewer.post("/ws/utbackpack/requests/" + id + "/retry", Map.of("frn", "001" + dana));
            assertEquals(403, refused.status());
            assertTrue(refused.text().contains("cannot retry Backpack requests"), refused.text());
            assertEquals(403, staff.postRaw("/ws/utbackpack/requests/" + id + "/retry", Map.of("frn", "001" + dana))
                    .status(), "no form token, no retry");
            assertEquals("FAILED", state(jdbc, id));

            // the cause is fixed: the state now knows Dana
            host.simulator().register(new SimulatedStudent(DANA_SSID, DemoData.LEA_NUMBER, DemoData.LEA_NAME, "Dana",
                    null, "Nguyen", DemoData.born(6, 30, 5), "F", 5, SimulatedStudent.Size.TYPICAL));
            org.jsoup.nodes.Element form = staff.get(tab(dana)).html().selectFirst("form[action$=/retry]");
            assertNotNull(form, "the tab offers Retry on the failed request");
            assertEquals("/ws/utbackpack/requests/" + id + "/retry", form.attr("action"));
            assertEquals("Retry", form.selectFirst("button").text());
            Browser.Page retried = staff.post(form.attr("action"), Map.of("frn", form.selectFirst("input[name=frn]").val()));
            assertEquals(200, retried.status());
            assertTrue(retried.uri().toString().endsWith(tab(dana) + "&notice=retried"), retried.uri().toString());

            assertEquals("RECEIVED", Steps.waitForEnd(staff, "001" + dana, Duration.ofSeconds(60)));
            assertEquals(id, latestRequest(jdbc, dana), "the same request, not a new one");
            assertNotEquals(firstCorrelation, correlation(jdbc, id), "a new request on UTREx's side");
            assertEquals(1, jdbc.queryFirst("SELECT COUNT(*) FROM U_UT_BP_FILE WHERE REQUESTID = ?", rs -> rs.getInt(1), id)
                    .orElseThrow());
            List<String> audit = jdbc.query("SELECT ACTORTYPE || ' ' || ACTION || ': ' || DETAIL FROM U_UT_BP_AUDIT"
                    + " WHERE REQUESTID = ? AND ACTION = 'retry'", rs -> rs.getString(1), id);
            assertEquals(List.of("staff retry: Retried by staff after: UTREx refused the request: it has no student with SSID 7654324."), audit);

            Browser.Page again = staff.post("/ws/utbackpack/requests/" + id + "/retry", Map.of("frn", "001" + dana));
            assertTrue(again.uri().toString().endsWith("&notice=retry_not_failed"), "a received request is not retried");
            assertEquals(404, staff.post("/ws/utbackpack/requests/999999/retry", Map.of()).status());
        }
    }

    private static String state(Jdbc jdbc, long id) {
        return jdbc.queryFirst("SELECT STATE FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?", rs -> rs.getString(1), id)
                .orElseThrow();
    }

    private static String correlation(Jdbc jdbc, long id) {
        return jdbc.queryFirst("SELECT CORRELATIONID FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?",
                rs -> rs.getString(1), id).orElseThrow();
    }
}
