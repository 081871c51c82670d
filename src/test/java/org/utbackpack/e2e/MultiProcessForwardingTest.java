package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.host.utrex.UtrexSimulator;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.HostProcess;
import org.utbackpack.testing.UtrexControl;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Separate host JVMs, started as an operator starts them, sharing one PostgreSQL and one UTREx: two nodes
 * forward each request exactly once, and a node killed with SIGKILL in the middle of forwarding loses
 * nothing once it (or any node) is started again.
 */
class MultiProcessForwardingTest {

    private static final String CLIENT = "multi-node";
    private static final String SECRET = "mp-" + UUID.randomUUID();
    private static final Duration START = Duration.ofSeconds(90);

    private static UtrexSimulator simulator;
    private static UtrexControl utrex;

    @BeforeAll
    static void start() {
        simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, DemoData.LEA_NUMBER)
                .withProcessingTime(Duration.ofMillis(300)));
        utrex = new UtrexControl(simulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void twoHostProcessesOnOnePostgresForwardEachRequestExactlyOnce() throws Exception {
        utrex.control("{\"reset\":true,\"resetStats\":true,\"latencyMs\":40}");
        String url = Databases.newUrl(Databases.Kind.POSTGRES);
        try (HostProcess a = HostProcess.start(url, settings(5_000), START);
             HostProcess b = HostProcess.start(url, settings(5_000), START);
             HikariDataSource ds = pool(url)) {
            Jdbc jdbc = new Jdbc(ds);
            List<Long> students = addStudents(jdbc, 40, 61);
            Browser onA = staff(a);
            Browser onB = staff(b);
            for (int i = 0; i < students.size(); i++) {
                Browser.Page pressed = (i % 2 == 0 ? onA : onB).post("/ws/utbackpack/requests",
                        Map.of("frn", "001" + students.get(i)));
                assertEquals(303, pressed.status(), pressed.body());
            }

            Set<String> owners = waitUntilNoneOpen(jdbc, Duration.ofSeconds(90));

            assertEveryRequestReceivedOnce(jdbc, students.size());
            JsonNode stats = utrex.stats();
            for (String correlation : correlationIds(jdbc)) {
                assertEquals(1, stats.path("submits").path(correlation).asInt(), "submitted once: " + correlation);
            }
            assertEquals(students.size(), stats.path("requests").asInt());
            assertTrue(owners.stream().anyMatch(o -> o.startsWith(a.pid() + "@"))
                    && owners.stream().anyMatch(o -> o.startsWith(b.pid() + "@")), "both nodes forwarded: " + owners);
            assertFalse(a.output().contains(SECRET) || b.output().contains(SECRET), "the secret is never logged");
        }
    }

    @Test
    void aHostKilledMidForwardLosesNothingAndFinishesAfterRestart() throws Exception {
        // slow answers, so calls are in flight when the node dies
        utrex.control("{\"reset\":true,\"resetStats\":true,\"latencyMs\":700}");
        String url = Databases.newUrl(Databases.Kind.POSTGRES);
        List<Long> students;
        long killedPid;
        try (HikariDataSource ds = pool(url)) {
            Jdbc jdbc = new Jdbc(ds);
            try (HostProcess first = HostProcess.start(url, settings(3_000), START)) {
                killedPid = first.pid();
                students = addStudents(jdbc, 24, 62);
                Browser staff = staff(first);
                for (long student : students) {
                    assertEquals(303, staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + student)).status());
                }
                // kill it once some files are in and other requests are in the middle of a call
                Instant deadline = Instant.now().plusSeconds(60);
                while (count(jdbc, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE = 'RECEIVED'") < 4
                        || heldBy(jdbc, killedPid) == 0) {
                    assertTrue(Instant.now().isBefore(deadline), "the node was forwarding");
                    Thread.sleep(10);
                }
                first.kill();
                assertFalse(first.alive());
            }
            int held = heldBy(jdbc, killedPid);
            assertTrue(held > 0, "killed mid-forward: its claims were never handed back");
            int received = count(jdbc, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE = 'RECEIVED'");
            assertTrue(received < students.size(), "work was left when it died");

            utrex.control("{\"latencyMs\":20}");
            Instant restart = Instant.now();
            try (HostProcess restarted = HostProcess.start(url, settings(3_000), START)) {
                waitUntilNoneOpen(jdbc, Duration.ofSeconds(90));
                System.out.printf("SIGKILL: node %d died holding %d claims with %d of %d requests received;"
                                + " restarted node %d finished all in %d ms; UTREx saw %d submits%n", killedPid, held,
                        received, students.size(), restarted.pid(), Duration.between(restart, Instant.now()).toMillis(),
                        sum(utrex.stats().path("submits")));
                assertEveryRequestReceivedOnce(jdbc, students.size());
                JsonNode stats = utrex.stats();
                assertEquals(students.size(), stats.path("requests").asInt(),
                        "a submit repeated after the crash joined the request UTREx already had");
                for (String correlation : correlationIds(jdbc)) {
                    assertTrue(stats.path("submits").path(correlation).asInt() >= 1, correlation);
                }
                assertFalse(restarted.output().contains(SECRET));
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, String> settings(long leaseMs) {
        Map<String, String> s = new HashMap<>();
        s.put("utbackpack.utrex.baseUrl", simulator.baseUrl().toString());
        s.put("utbackpack.utrex.leaNumber", DemoData.LEA_NUMBER);
        s.put("utbackpack.utrex.clientId", CLIENT);
        s.put("utbackpack.utrex.clientSecret", SECRET);
        s.put("utbackpack.forwarder.pollMs", "100");
        s.put("utbackpack.forwarder.leaseMs", Long.toString(leaseMs));
        s.put("utbackpack.forwarder.workers", "3");
        s.put("utbackpack.forwarder.statusPollMs", "200");
        s.put("utbackpack.forwarder.firstBackoffMs", "100");
        s.put("utbackpack.forwarder.maxBackoffMs", "500");
        return s;
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(3);
        return new HikariDataSource(config);
    }

    private static Browser staff(HostProcess host) {
        Browser browser = new Browser(host.baseUrl(), false);
        Browser.Page home = browser.signIn("/admin/pw.html", "backpack.admin", "demo-password");
        assertEquals(200, home.status(), home.body());
        return browser;
    }

    /** Students the SIS has (with an SSID) and UTREx knows; returns their DCIDs. */
    static List<Long> addStudents(Jdbc jdbc, int n, int series) {
        List<Long> dcids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String ssid = String.format("%02d%05d", series, i);
            long id = series * 10_000L + i;
            jdbc.update("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME, LAST_NAME, GRADE_LEVEL, SCHOOLID,"
                    + " STATE_STUDENTNUMBER) VALUES (?, ?, ?, ?, ?, ?, ?)", id, "M" + id, "Node", "Student" + i, 2, 300, ssid);
            dcids.add(jdbc.queryFirst("SELECT DCID FROM STUDENTS WHERE ID = ?", rs -> rs.getLong(1), id).orElseThrow());
            simulator.register(new SimulatedStudent(ssid, DemoData.LEA_NUMBER, DemoData.LEA_NAME, "Node", null,
                    "Student" + i, LocalDate.of(2018, 2, 1), "F", 2, SimulatedStudent.Size.TYPICAL));
        }
        return dcids;
    }

    /** Waits until no request is queued or sent; returns the lease owners seen meanwhile. */
    private static Set<String> waitUntilNoneOpen(Jdbc jdbc, Duration limit) throws InterruptedException {
        Set<String> owners = new HashSet<>();
        Instant deadline = Instant.now().plus(limit);
        while (count(jdbc, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE IN ('QUEUED', 'SENT')") > 0) {
            assertTrue(Instant.now().isBefore(deadline), "every request finished within " + limit);
            owners.addAll(jdbc.query("SELECT LEASEOWNER FROM S_UT_STU_BACKPACKREQUEST_C WHERE LEASEOWNER IS NOT NULL",
                    rs -> rs.getString(1)));
            Thread.sleep(25);
        }
        return owners;
    }

    private static void assertEveryRequestReceivedOnce(Jdbc jdbc, int expected) {
        List<String> rows = jdbc.query("SELECT r.ID, r.STATE, r.LASTERROR,"
                        + " (SELECT COUNT(*) FROM U_UT_BP_FILE f WHERE f.REQUESTID = r.ID),"
                        + " (SELECT COUNT(*) FROM U_UT_BP_AUDIT a WHERE a.REQUESTID = r.ID AND a.ACTION = 'receive')"
                        + " FROM S_UT_STU_BACKPACKREQUEST_C r ORDER BY r.ID",
                rs -> rs.getLong(1) + " " + rs.getString(2) + " files=" + rs.getInt(4) + " receipts=" + rs.getInt(5)
                        + (rs.getString(3) == null ? "" : " (" + rs.getString(3) + ")"));
        assertEquals(expected, rows.size());
        for (String row : rows) {
            assertTrue(row.endsWith("RECEIVED files=1 receipts=1"), row);
        }
    }

    private static List<String> correlationIds(Jdbc jdbc) {
        return jdbc.query("SELECT CORRELATIONID FROM S_UT_STU_BACKPACKREQUEST_C", rs -> rs.getString(1));
    }

    private static int sum(JsonNode counts) {
        int total = 0;
        for (JsonNode n : counts) {
            total += n.asInt();
        }
        return total;
    }

    private static int heldBy(Jdbc jdbc, long pid) {
        return jdbc.queryFirst("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE LEASEOWNER LIKE ?",
                rs -> rs.getInt(1), pid + "@%").orElseThrow();
    }

    private static int count(Jdbc jdbc, String sql) {
        return jdbc.queryFirst(sql, rs -> rs.getInt(1)).orElseThrow();
    }
}
