package org.utbackpack.testing;

import org.jsoup.nodes.Element;
import org.utbackpack.host.Host;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What staff and guardians do first in most end-to-end tests: sign in, find a student with the Start Page search,
 * open the student's Student Backpack tab. Each step checks it got where a person would.
 */
public final class Steps {

    /** Every demo account's password. */
    public static final String PASSWORD = "demo-password";
    public static final String STAFF_SIGN_IN = "/admin/pw.html";
    public static final String GUARDIAN_SIGN_IN = "/public/home.html";
    public static final String BACKPACK_TAB = "/admin/students/state/USA_UT/backpack.html?frn=";

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
}
