package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;
import org.utbackpack.testing.UtrexControl;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.latestRequest;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.signedIn;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.student;
import static org.utbackpack.e2e.BackpackDocumentFaultsTest.tab;

/**
 * A UTREx that answers "Processing" for ever no longer blocks a student: the request ends FAILED with a
 * sentence once its deadline passes (three seconds here), and Make a Request works again; or staff with
 * Request Access cancel it from the Backpack tab, and the guardian sees it ended.
 */
class NeverCompletingRequestTest {

    private static final String AVERY_SSID = "1234561";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestUtrexNeverFinishesEndsFailedAtItsDeadlineAndStaffCanAskAgain(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind, Map.of("utbackpack.forwarder.requestDeadlineSeconds", "3"))) {
            Jdbc jdbc = new Jdbc(host.dataSource());
            UtrexControl utrex = new UtrexControl(host.simulator().baseUrl());
            utrex.control("{\"neverCompleteRate\":1}");
            long avery = student(jdbc, AVERY_SSID);
            Browser staff = signedIn(host);

            Instant pressed = Instant.now();
            assertEquals("FAILED", Steps.requestAndWait(staff, "001" + avery));
            assertTrue(Duration.between(pressed, Instant.now()).toSeconds() < 10, "ended at its deadline");

            Document page = staff.get(tab(avery)).html();
            String status = page.selectFirst("#bp-status").text();
            assertTrue(status.contains("The request could not be completed. UTREx did not finish the request in time:"
                    + " it was still not done after 3 seconds, the limit set for this district, so it was stopped."),
                    status);
            assertFalse(page.text().contains("attempt(s)"), page.text());
            Element make = page.selectFirst("form[action=/ws/utbackpack/requests] button");
            assertFalse(make.hasAttr("disabled"), "Make a Request is offered again");

            utrex.control("{\"neverCompleteRate\":0}");
            assertEquals("RECEIVED", Steps.requestAndWait(staff, "001" + avery), "and the next request brings the file");
            assertEquals(1, jdbc.queryFirst("SELECT COUNT(*) FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?",
                    rs -> rs.getInt(1), avery).orElseThrow());
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void staffCancelAnOpenRequestFromTheTabAndMakeANewOneAtOnce(Databases.Kind kind) throws Exception {
        try (Host host = TestHost.start(kind)) {
            Jdbc jdbc = new Jdbc(host.dataSource());
            UtrexControl utrex = new UtrexControl(host.simulator().baseUrl());
            utrex.control("{\"neverCompleteRate\":1}");
            long avery = student(jdbc, AVERY_SSID);
            Browser staff = signedIn(host);
            staff.get(tab(avery));
            assertEquals(200, staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery)).status());
            long id = latestRequest(jdbc, avery);
            awaitState(jdbc, id, "SENT");

            Document open = staff.get(tab(avery)).html();
            assertTrue(open.selectFirst("form[action=/ws/utbackpack/requests] button").hasAttr("disabled"));
            Element cancel = open.selectFirst("form[action$=/cancel]");
            assertNotNull(cancel, "the tab offers Cancel on the open request");
            assertEquals("/ws/utbackpack/requests/" + id + "/cancel", cancel.attr("action"));
            assertEquals("Cancel Request", cancel.selectFirst("button").text());

            Browser viewer = Steps.staff(host, "backpack.viewer");
            assertNull(viewer.get(tab(avery)).html().selectFirst("form[action$=/cancel]"), "no Cancel for a viewer");
            assertEquals(403, viewer.post(cancel.attr("action"), Map.of("frn", "001" + avery)).status());
            assertEquals(403, staff.postRaw(cancel.attr("action"), Map.of("frn", "001" + avery)).status(),
                    "no form token, no cancel");
            assertEquals("SENT", state(jdbc, id));

            Browser.Page cancelled = staff.post(cancel.attr("action"), Map.of("frn", "001" + avery));
            assertEquals(200, cancelled.status());
            assertTrue(cancelled.uri().toString().endsWith(tab(avery) + "&notice=cancelled"), cancelled.uri().toString());
            assertTrue(cancelled.text().contains("The request was cancelled. You can make a new request now."),
                    cancelled.text());
            assertEquals("CANCELLED", state(jdbc, id));
            assertFalse(cancelled.html().selectFirst("form[action=/ws/utbackpack/requests] button").hasAttr("disabled"));
            List<String> log = jdbc.query("SELECT ACTORTYPE || ' ' || ACTION FROM U_UT_BP_AUDIT WHERE REQUESTID = ?"
                    + " AND ACTION = 'cancel'", rs -> rs.getString(1), id);
            assertEquals(List.of("staff cancel"), log, "in the disclosure log");
            assertTrue(staff.get(tab(avery) + "&view=log").text().contains("Cancel"));

            utrex.control("{\"neverCompleteRate\":0}");
            assertEquals(200, staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + avery)).status());
            assertTrue(latestRequest(jdbc, avery) > id, "a new request at once");
            assertEquals("RECEIVED", Steps.waitForEnd(staff, "001" + avery, Duration.ofSeconds(60)));
            assertEquals("CANCELLED", state(jdbc, id), "the cancelled one stays cancelled");

            // a guardian's request cancelled by staff reads as ended on the portal, with the button back
            Browser parent = Steps.guardian(host, "parent.one");
            parent.get("/guardian/backpack.html");
            assertEquals(200, parent.post("/ws/utbackpack/guardian/requests", Map.of()).status());
            long asked = latestRequest(jdbc, avery);
            assertEquals("PENDING", state(jdbc, asked));
            Element cancelGuardian = staff.get(tab(avery)).html().selectFirst("form[action$=/cancel]");
            assertEquals("/ws/utbackpack/requests/" + asked + "/cancel", cancelGuardian.attr("action"));
            staff.post(cancelGuardian.attr("action"), Map.of("frn", "001" + avery));
            Document portal = parent.get("/guardian/backpack.html").html();
            assertTrue(portal.text().contains("Your request was cancelled by the school."), portal.text());
            assertFalse(portal.text().contains("waiting for the school"), "not shown as pending");
            assertNotNull(portal.selectFirst("form[action=/ws/utbackpack/guardian/requests] button"),
                    "the guardian may ask again");
        }
    }

    private static String state(Jdbc jdbc, long id) {
        return jdbc.queryFirst("SELECT STATE FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?", rs -> rs.getString(1), id)
                .orElseThrow();
    }

    private static void awaitState(Jdbc jdbc, long id, String wanted) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(30);
        while (!wanted.equals(state(jdbc, id))) {
            assertTrue(Instant.now().isBefore(until), "reached " + wanted);
            Thread.sleep(100);
        }
    }
}
