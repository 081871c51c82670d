package org.utbackpack.e2e;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.utbackpack.e2e.GuardianBackpackRequestTest.only;

/**
 * Decisions on guardian requests say what happened: a rejection is confirmed on the page, can carry a
 * reason the guardian reads, decided requests can be listed, and several requests can be ticked at once.
 */
class GuardianDecisionsTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final String QUEUE = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRejectionIsConfirmedAndItsReasonReachesTheGuardianAndTheDecidedList(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = Steps.guardian(host, "parent.one");
        parent.get("/guardian/backpack.html");
        parent.post("/ws/utbackpack/guardian/requests", Map.of());

        Browser staff = Steps.staff(host, "backpack.admin");
        String reject = staff.get(QUEUE).html().selectFirst("button:containsOwn(Reject)").val();
        Document confirm = staff.post("/ws/utbackpack/decisions", Map.of("decide", reject)).html();
        Element box = confirm.selectFirst("section.bp-confirm");
        assertNotNull(box, "Reject asks first");
        assertEquals("Reject this request? It will not be sent to UTREx.", box.selectFirst("h2").text());
        Element reason = box.selectFirst("textarea[name=reason]");
        assertEquals("Reason for the guardian (optional)", box.selectFirst("label[for=" + reason.id() + "]").text());
        assertEquals("Yes, reject it", box.selectFirst("button").text());

        String why = "We could not confirm you are listed as Avery's guardian; please call the office.";
        Browser.Page done = staff.post("/ws/utbackpack/decisions", Map.of("action", "reject", "confirmed", "yes",
                "id", box.selectFirst("input[name=id]").val(), "reason", why));
        assertEquals("1 request rejected; it will not be sent to UTREx.",
                done.html().selectFirst("#bp-queue-status").text(), "the notice the misspelled key used to hide");
        assertEquals(why, only(host, "SELECT RESPONSEREASON FROM S_UT_STU_BACKPACKREQUEST_C"));

        Document portal = parent.get("/guardian/backpack.html").html();
        assertTrue(portal.text().contains("was not approved"), portal.text());
        assertEquals("The school's reason: " + why, portal.selectFirst(".bp-reason-given").text());
        Document spanish = parent.post("/guardian/language", Map.of("lang", "es", "back", "/guardian/backpack.html")).html();
        assertEquals("Motivo que dio la escuela: " + why, spanish.selectFirst(".bp-reason-given").text());

        Document decided = staff.get(QUEUE + "?show=decided").html();
        assertEquals(List.of("Student Name", "Request Guardian", "Request Date", "Request Type", "School", "Outcome",
                "Decided By", "Decided On", "Reason Given"), decided.select("table.bp-decided thead th").eachText());
        List<String> row = decided.select("table.bp-decided tbody tr td").eachText();
        assertEquals("Jensen, Avery", row.get(0));
        assertEquals("Rejected", row.get(5));
        assertEquals("Morgan, Pat", row.get(6));
        assertTrue(row.get(7).matches("\\d\\d/\\d\\d/\\d{4} \\d{1,2}:\\d\\d [AP]M"), row.get(7));
        assertEquals(why, row.get(8));
        assertTrue(staff.get(QUEUE).text().contains("No records found"), "nothing waits any more");

        String tab = "/admin/students/state/USA_UT/backpack.html?frn=001"
                + only(host, "SELECT STUDENTSDCID FROM S_UT_STU_BACKPACKREQUEST_C");
        assertTrue(staff.get(tab).text().contains("Rejected Reason: " + why), "the student's tab shows it too");
        assertTrue(staff.get(tab + "&view=log").text().contains("Reason given: " + why), "and the disclosure log");
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void selectAllWorksWithoutScriptsAndTheConfirmationKeepsWhatWasTicked(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        Browser parent = Steps.guardian(host, "parent.one");
        Document page = parent.get("/guardian/backpack.html").html();
        parent.post("/ws/utbackpack/guardian/requests", Map.of());
        String carlos = page.selectFirst("nav.student-switch button:containsOwn(Carlos)").parent()
                .selectFirst("input[name=studentsdcid]").val();
        parent.post("/guardian/select", Map.of("studentsdcid", carlos, "back", "/guardian/backpack.html"));
        parent.post("/ws/utbackpack/guardian/requests", Map.of());

        Browser staff = Steps.staff(host, "backpack.admin");
        Document queue = staff.get(QUEUE).html();
        assertTrue(queue.select("input[name=id][checked]").isEmpty(), "nothing ticked at first");
        Element selectAll = queue.selectFirst("a:containsOwn(Select all)");
        assertNotNull(selectAll);
        Document ticked = staff.get(selectAll.attr("href")).html();
        assertEquals(2, ticked.select("table.bp-table tbody input[name=id][checked]").size(), "every request ticked");
        assertNotNull(ticked.selectFirst("a:containsOwn(Clear selection)"));

        List<String> ids = ticked.select("table.bp-table tbody input[name=id]").eachAttr("value");
        String form = "_csrf=" + staff.csrf() + "&action=reject&id=" + ids.get(0) + "&id=" + ids.get(1);
        Document confirm = staff.postForm("/ws/utbackpack/decisions", form).html();
        assertEquals("Reject these 2 requests? They will not be sent to UTREx.", confirm.selectFirst("#bp-confirm-title").text());
        assertEquals("Yes, reject them", confirm.selectFirst("section.bp-confirm button").text());
        assertEquals(2, confirm.select("table.bp-table tbody input[name=id][checked]").size(),
                "the list under the confirmation keeps the ticks");
        Document cancelled = staff.get(confirm.selectFirst("a:containsOwn(Cancel)").attr("href")).html();
        assertNull(cancelled.selectFirst("section.bp-confirm"));
        assertEquals(ids, cancelled.select("table.bp-table tbody input[name=id][checked]").eachAttr("value"),
                "Cancel goes back with the same requests ticked");
        assertEquals("PENDING", only(host, "SELECT MIN(STATE) FROM S_UT_STU_BACKPACKREQUEST_C"));

        Browser.Page approved = staff.postForm("/ws/utbackpack/decisions", "_csrf=" + staff.csrf()
                + "&action=approve&confirmed=yes&id=" + ids.get(0) + "&id=" + ids.get(1));
        assertEquals("2 requests approved and queued for UTREx.", approved.html().selectFirst("#bp-queue-status").text());
    }
}
