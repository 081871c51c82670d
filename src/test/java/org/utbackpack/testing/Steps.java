package org.utbackpack.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.jsoup.nodes.Element;
import org.utbackpack.host.Host;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What staff and guardians do first in most end-to-end tests: sign in, find a student with the Start Page search,
 * open the student's Student Backpack tab, press Make a Request and wait, as the page does, until the request
 * ends. Each step checks it got where a person would.
 */
public final class Steps {

    /** Every demo account's password. */
    public static final String PASSWORD = "demo-password";
    public static final String STAFF_SIGN_IN = "/admin/pw.html";
    public static final String GUARDIAN_SIGN_IN = "/public/home.html";
    public static final String BACKPACK_TAB = "/admin/students/state/USA_UT/backpack.html?frn=";
    /** Where the tab's Make a Request button posts. */
    public static final String MAKE_REQUEST = "/ws/utbackpack/requests";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Steps() {
    }

    /** Signs in on the staff sign-in page and lands on the Start Page. */
    public static Browser staff(Host host, String login) {
        Browser browser = new Browser(host.baseUrl());
        Browser.Page start = browser.signIn(STAFF_SIGN_IN, login, PASSWORD);
        assertTrue(start.uri().getPath().endsWith("/admin/home.html"), login + " lands on " + start.uri());
        return browser;
    }

    /** Signs in on the Parent Portal's sign-in page and lands on the guardian's home page. */
    public static Browser guardian(Host host, String login) {
        Browser browser = new Browser(host.baseUrl());
        Browser.Page home = browser.signIn(GUARDIAN_SIGN_IN, login, PASSWORD);
        assertTrue(home.uri().getPath().endsWith("/guardian/home.html"), login + " lands on " + home.uri());
        return browser;
    }

    /** The Start Page search for {@code search}: the link to the student listed as {@code lastFirst}. */
    public static Element findStudent(Browser staff, String search, String lastFirst) {
        Element link = staff.get("/admin/home.html?q=" + search).html().selectFirst("a:containsOwn(" + lastFirst + ")");
        assertNotNull(link, "the search for " + search + " lists " + lastFirst);
        return link;
    }

    /** The student's frn (e.g. {@code 001} and the DCID), from the link the Start Page search gives. */
    public static String frnOf(Browser staff, String search, String lastFirst) {
        String href = findStudent(staff, search, lastFirst).attr("href");
        return href.substring(href.indexOf("frn=") + 4);
    }

    /** The student's DCID, from the link the Start Page search gives. */
    public static long dcidOf(Browser staff, String search, String lastFirst) {
        return Long.parseLong(frnOf(staff, search, lastFirst).substring(3));
    }

    /** The student's Student Backpack tab (its answer, whatever it is). */
    public static Browser.Page backpackTab(Browser staff, String frn) {
        return staff.get(BACKPACK_TAB + frn);
    }

    /** Opens the student's tab and presses Make a Request ({@code frn}: 001 and the DCID); the press is answered 200. */
    public static Browser.Page makeRequest(Browser staff, String frn) {
        backpackTab(staff, frn);
        Browser.Page pressed = staff.post(MAKE_REQUEST, Map.of("frn", frn));
        assertEquals(200, pressed.status(), pressed.text());
        return pressed;
    }

    /** {@link #makeRequest}, then {@link #waitForEnd} for up to a minute: RECEIVED, FAILED or the last state seen. */
    public static String requestAndWait(Browser staff, String frn) throws IOException, InterruptedException {
        makeRequest(staff, frn);
        return waitForEnd(staff, frn, Duration.ofSeconds(60));
    }

    /**
     * Asks for the student's request status as the tab does, every 200 ms, until the request has ended (RECEIVED or
     * FAILED) or {@code limit} has passed; returns the last state seen.
     */
    public static String waitForEnd(Browser staff, String frn, Duration limit) throws IOException, InterruptedException {
        return untilEnded(staff, "/ws/utbackpack/status?frn=" + frn, limit);
    }

    /** As {@link #waitForEnd}, for the request of the student a guardian has selected, as the portal asks. */
    public static String waitForGuardian(Browser parent, Duration limit) throws IOException, InterruptedException {
        return untilEnded(parent, "/ws/utbackpack/guardian/status", limit);
    }

    private static String untilEnded(Browser browser, String status, Duration limit)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        String state = "";
        while (Instant.now().isBefore(deadline)) {
            Browser.Page page = browser.get(status);
            assertEquals(200, page.status(), page.body());
            state = JSON.readTree(page.body()).path("state").asText();
            if (state.equals("RECEIVED") || state.equals("FAILED")) {
                return state;
            }
            Thread.sleep(200);
        }
        return state;
    }
}
