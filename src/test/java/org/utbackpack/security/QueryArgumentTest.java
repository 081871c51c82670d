package org.utbackpack.security;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.SharedHosts;
import org.utbackpack.testing.Steps;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The element queries' {@code after} (the key the drill-down seeks to) and the summary queries' {@code fileid},
 * sent over {@code /ws/schema/query/...} with every kind of value a caller could type: a whole number is
 * served, anything else is a 400 with a sentence (never a 500, a stack trace or SQL), the same on each database;
 * and another student's file id reveals nothing of that file.
 */
class QueryArgumentTest {

    @RegisterExtension
    static final SharedHosts HOSTS = new SharedHosts();

    private static final String Q = "/ws/schema/query/com.utbackpack.backpack.student.";
    private static final List<String> SEEKING = List.of("enrollments", "course_grades", "course_history",
            "section_attendance", "teachers", "assessments");
    private static final List<String> SUMMARIES = List.of("element_counts", "proficiency_trend", "attendance_trend");

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void afterTakesOnlyAWholeNumberAndAnythingElseIsA400WithASentence(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = dcid(host, "Jensen");
        Browser staff = Steps.staff(host, "backpack.admin");
        List<String> wrong = new ArrayList<>();
        for (String query : SEEKING) {
            for (String fine : List.of("0", "-1", "\"5\"", "2147483647")) {
                served(wrong, query + " after=" + fine, staff.postJson(Q + query, "{\"studentsdcid\": " + avery
                        + ", \"after\": " + fine + "}"));
            }
            for (String bad : List.of("2147483648", "-2147483649", "99999999999999999999", "1e30", "\"abc\"",
                    "\"1 OR 1=1\"", "\"0); DROP TABLE U_UT_BP_FILE; --\"", "\"\"", "true", "1.5", "[1]", "{\"a\": 1}")) {
                Browser.Page page = staff.postJson(Q + query, "{\"studentsdcid\": " + avery + ", \"after\": " + bad + "}");
                check(wrong, query + " after=" + bad, page);
            }
        }
        Browser.Page tooLarge = staff.postJson(Q + "course_grades", "{\"studentsdcid\": " + avery
                + ", \"after\": 2147483648}");
        assertTrue(tooLarge.body().contains("outside the range"), "the sentence says what is wrong: " + tooLarge.body());
        for (String query : SUMMARIES) {
            for (String bad : List.of("99999999999999999999", "\"abc\"", "\"1 OR 1=1\"", "true", "1.5")) {
                Browser.Page page = staff.postJson(Q + query, "{\"studentsdcid\": " + avery + ", \"fileid\": " + bad + "}");
                check(wrong, query + " fileid=" + bad, page);
            }
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * {@code upto}, the other end of a drill-down page's key range, and the queue count's limit: a range that is
     * empty, reversed or beyond every key is served (nothing or what it holds); a negative limit, a number too large
     * or not a whole number is a 400 with a sentence, never a 500.
     */
    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void uptoAndTheQueueCountLimitAreServedOrA400NeverAServerError(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = dcid(host, "Jensen");
        Browser staff = Steps.staff(host, "backpack.admin");
        List<String> wrong = new ArrayList<>();
        for (String query : SEEKING) {
            for (String fine : List.of("\"after\": 50, \"upto\": 10", "\"after\": -5, \"upto\": -1",
                    "\"after\": -2147483648, \"upto\": 2147483647", "\"upto\": 0")) {
                served(wrong, query + " " + fine, staff.postJson(Q + query, "{\"studentsdcid\": " + avery + ", "
                        + fine + "}"));
            }
            for (String bad : List.of("2147483648", "-2147483649", "\"abc\"", "1.5", "true")) {
                check(wrong, query + " upto=" + bad, staff.postJson(Q + query, "{\"studentsdcid\": " + avery
                        + ", \"upto\": " + bad + "}"));
            }
        }
        String span = "\"fromdate\": \"2000-01-01\", \"todate\": \"2999-01-01\"";
        for (String count : List.of("pending_count", "decided_count")) {
            for (String fine : List.of("0", "1", "2147483647")) {
                served(wrong, count + " upto=" + fine, staff.postJson(
                        "/ws/schema/query/com.utbackpack.backpack.requests." + count, "{" + span + ", \"upto\": "
                                + fine + "}"));
            }
            for (String bad : List.of("-1", "-2147483648", "\"abc\"", "1.5")) {
                check(wrong, count + " upto=" + bad, staff.postJson(
                        "/ws/schema/query/com.utbackpack.backpack.requests." + count, "{" + span + ", \"upto\": "
                                + bad + "}"));
            }
        }
        // a school's lists: a school, one that does not exist, the number quoted; anything not a whole number.
        // The district's lists take no school: one given is a 400, not a list of every school's requests
        String school = String.valueOf(new Jdbc(host.dataSource()).queryFirst("SELECT SCHOOLID FROM STUDENTS WHERE"
                + " DCID = ?", rs -> rs.getLong(1), avery).orElseThrow());
        for (String query : List.of("pending", "pending_count", "decided", "decided_count")) {
            String limit = query.endsWith("_count") ? ", \"upto\": 1001" : "";
            check(wrong, query + " with a school", staff.postJson("/ws/schema/query/com.utbackpack.backpack"
                    + ".requests." + query, "{" + span + ", \"schoolid\": " + school + limit + "}"));
            served(wrong, query, staff.postJson("/ws/schema/query/com.utbackpack.backpack.requests." + query,
                    "{" + span + limit + "}"));
            query = "school_" + query;
            check(wrong, query + " without a school", staff.postJson("/ws/schema/query/com.utbackpack.backpack"
                    + ".requests." + query, "{" + span + limit + "}"));
            for (String fine : List.of("0", school, "999999", "\"" + school + "\"")) {
                served(wrong, query + " schoolid=" + fine, staff.postJson("/ws/schema/query/com.utbackpack.backpack"
                        + ".requests." + query, "{" + span + ", \"schoolid\": " + fine + limit + "}"));
            }
            for (String bad : List.of("\"abc\"", "1.5", "true", "\"0 OR 1=1\"", "99999999999999999999")) {
                check(wrong, query + " schoolid=" + bad, staff.postJson("/ws/schema/query/com.utbackpack.backpack"
                        + ".requests." + query, "{" + span + ", \"schoolid\": " + bad + limit + "}"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anotherStudentsFileIdRevealsNothingOfThatFile(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = dcid(host, "Jensen");
        long dana = dcid(host, "Nguyen");
        Jdbc db = new Jdbc(host.dataSource());
        Browser staff = Steps.staff(host, "backpack.admin");
        requestAndWait(staff, avery);
        long averysFile = db.queryFirst("SELECT MAX(ID) FROM U_UT_BP_FILE WHERE STUDENTSDCID = ?", rs -> rs.getLong(1),
                avery).orElseThrow();
        assertTrue(staff.postJson(Q + "element_counts", "{\"studentsdcid\": " + avery + ", \"fileid\": "
                + averysFile + "}").body().contains("\"records\""), "Avery's own file has counts");
        // parent.two: a guardian with parent access to Dana, not to Avery
        db.update("UPDATE GUARDIANSTUDENT SET PARENTACCESS = ? WHERE GUARDIANID = (SELECT GUARDIANID FROM GUARDIAN"
                + " WHERE ACCOUNTID = 'parent.two')", true);
        Browser other = Steps.guardian(host, "parent.two");
        other.post("/guardian/select", java.util.Map.of("studentsdcid", Long.toString(dana)));
        Browser noAccess = Steps.staff(host, "no.access");
        List<String> wrong = new ArrayList<>();
        for (String query : concat(SUMMARIES, SEEKING, List.of("retrieval", "changes", "demographic_fields",
                "school_years"))) {
            String averysFileAsDanas = "{\"studentsdcid\": " + dana + ", \"fileid\": " + averysFile + "}";
            Browser.Page own = other.postJson(Q + query, averysFileAsDanas);
            if (own.status() != 200 || !own.body().replace(" ", "").contains("\"record\":[]")) {
                wrong.add("parent.two " + query + " Dana with Avery's file -> " + own.status() + " " + own.body());
            }
            Browser.Page theirs = other.postJson(Q + query, "{\"studentsdcid\": " + avery + ", \"fileid\": "
                    + averysFile + "}");
            if (theirs.status() != 403) {
                wrong.add("parent.two " + query + " Avery -> " + theirs.status() + " " + theirs.body());
            }
            for (String args : List.of(averysFileAsDanas, "{\"studentsdcid\": " + avery + ", \"fileid\": "
                    + averysFile + "}")) {
                Browser.Page none = noAccess.postJson(Q + query, args);
                if (none.status() != 403) {
                    wrong.add("no.access " + query + " " + args + " -> " + none.status() + " " + none.body());
                }
            }
        }
        // the pages, given Avery's retrieval with Dana: nothing of Avery's file (her SSID, shown with her
        // demographics), and no error
        String ssid = db.queryFirst("SELECT SSID FROM U_UT_BP_FILE WHERE ID = ?", rs -> rs.getString(1), averysFile)
                .orElseThrow();
        assertTrue(staff.get("/admin/students/state/USA_UT/backpack.html?frn=001" + avery + "&element=demographics")
                .body().contains(ssid), "Avery's own demographics show her SSID");
        String tab = "/admin/students/state/USA_UT/backpack.html?frn=001" + dana + "&file=" + averysFile;
        for (String[] page : List.of(new String[] {"staff", tab}, new String[] {"staff", tab + "&element=demographics"},
                new String[] {"staff", tab + "&element=courseGrades"}, new String[] {"staff", tab + "&view=print"},
                new String[] {"parent.two", "/guardian/backpack.html?file=" + averysFile},
                new String[] {"parent.two", "/guardian/backpack.html?element=demographics&file=" + averysFile})) {
            Browser.Page shown = (page[0].equals("staff") ? staff : other).get(page[1]);
            if (shown.status() != 200 || shown.body().contains(ssid)) {
                wrong.add(page[0] + " " + page[1] + " -> " + shown.status() + (shown.body().contains(ssid)
                        ? " shows Avery's file" : ""));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void thePagesTakeOddNumbersAndWordsInTheirAddressWithoutAnError(Databases.Kind kind) throws Exception {
        Host host = HOSTS.host(kind);
        long avery = dcid(host, "Jensen");
        Browser staff = Steps.staff(host, "backpack.admin");
        requestAndWait(staff, avery);
        Browser parent = Steps.guardian(host, "parent.one");
        parent.post("/guardian/select", java.util.Map.of("studentsdcid", Long.toString(avery)));
        String tab = "/admin/students/state/USA_UT/backpack.html?frn=001" + avery + "&element=courseGrades";
        List<String> wrong = new ArrayList<>();
        for (String odd : List.of("&page=-1", "&page=0", "&page=2147483648", "&page=99999999999999999999", "&page=abc",
                "&file=-1", "&file=" + Long.MAX_VALUE, "&file=99999999999999999999", "&file=1.5", "&file=1%20OR%201%3D1",
                "&year=%27%20OR%20%271%27%3D%271", "&sort=schoolyear%3Bdrop&dir=x", "&after=-5", "&after=abc")) {
            for (Browser browser : List.of(staff, parent)) {
                String path = browser == staff ? tab + odd : "/guardian/backpack.html?element=courseGrades" + odd;
                Browser.Page page = browser.get(path);
                if (page.status() != 200 || page.body().contains("Exception") || page.body().contains("at org.")) {
                    wrong.add(path + " -> " + page.status());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static void requestAndWait(Browser staff, long student) throws InterruptedException {
        staff.post("/ws/utbackpack/requests", java.util.Map.of("frn", "001" + student));
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (java.time.Instant.now().isBefore(deadline)
                && !staff.get("/ws/utbackpack/status?frn=001" + student).body().contains("RECEIVED")) {
            Thread.sleep(200);
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    /** The query was served (200). */
    private static void served(List<String> wrong, String what, Browser.Page page) {
        if (page.status() != 200) {
            wrong.add(what + " -> " + page.status() + " " + page.body());
        }
    }

    /** A 400 with a sentence that names no internals. */
    private static void check(List<String> wrong, String what, Browser.Page page) {
        String body = page.body();
        boolean sentence = body.contains("\"message\"") && body.matches("(?s).*[A-Za-z']+ [a-z]+ [a-z]+.*");
        boolean leaks = body.contains("Exception") || body.contains("SQL") || body.contains("java.")
                || body.contains("CAST") || body.contains("at org.");
        if (page.status() != 400 || !sentence || leaks) {
            wrong.add(what + " -> " + page.status() + " " + body);
        }
    }

    private static long dcid(Host host, String lastName) {
        return new Jdbc(host.dataSource()).queryFirst("SELECT DCID FROM STUDENTS WHERE LAST_NAME = ?",
                rs -> rs.getLong(1), lastName).orElseThrow();
    }
}
