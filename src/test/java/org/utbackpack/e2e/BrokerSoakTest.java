package org.utbackpack.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.Host;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestHost;
import org.utbackpack.testing.UtrexControl;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Five hundred staff requests through the real host, PostgreSQL and a UTREx that fails about a third of
 * the time: 5xx, timeouts, rate limits in bursts, tokens that expire under the broker, damaged documents,
 * documents with numbers that are not numbers or dripped a byte at a time, request ids no address may
 * carry, statuses outside the contract and requests it never finishes. Every request must end RECEIVED,
 * or FAILED for a reason retrying cannot fix, within its deadline (20 s here); none may be lost, none
 * sent to UTREx as two requests, none stored twice. Short backoffs (plugin settings) keep it to about a
 * minute.
 */
class BrokerSoakTest {

    private static final int REQUESTS = 500;
    /** Every twentieth student has an SSID UTREx does not know: a permanent failure by design. */
    private static final int UNKNOWN_EVERY = 20;

    @Test
    void fiveHundredRequestsThroughInjectedFaultsEndReceivedOrFailedForAReasonNoneLostNoneTwice() throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("utbackpack.forwarder.pollMs", "100");
        settings.put("utbackpack.forwarder.workers", "12");
        settings.put("utbackpack.forwarder.maxAttempts", "40");
        settings.put("utbackpack.forwarder.firstBackoffMs", "50");
        settings.put("utbackpack.forwarder.maxBackoffMs", "400");
        settings.put("utbackpack.forwarder.statusPollMs", "250");
        settings.put("utbackpack.forwarder.leaseMs", "15000");
        settings.put("utbackpack.utrex.connectTimeoutMs", "1000");
        settings.put("utbackpack.utrex.responseTimeoutMs", "800");
        settings.put("utbackpack.utrex.callDeadlineMs", "2000");
        settings.put("utbackpack.forwarder.requestDeadlineSeconds", "20");
        try (Host host = TestHost.start(Databases.Kind.POSTGRES, settings)) {
            Jdbc jdbc = new Jdbc(host.dataSource());
            UtrexControl utrex = new UtrexControl(host.simulator().baseUrl());
            Set<Long> unknown = new HashSet<>();
            List<Long> students = new java.util.ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String ssid = String.format("7%06d", i);
                long id = 500_000L + i;
                jdbc.update("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME, LAST_NAME, GRADE_LEVEL, SCHOOLID,"
                        + " STATE_STUDENTNUMBER) VALUES (?, ?, ?, ?, ?, ?, ?)", id, "S" + id, "Soak", "Student" + i,
                        1 + i % 3, 300, ssid);
                long dcid = jdbc.queryFirst("SELECT DCID FROM STUDENTS WHERE ID = ?", rs -> rs.getLong(1), id).orElseThrow();
                students.add(dcid);
                if (i % UNKNOWN_EVERY == UNKNOWN_EVERY - 1) {
                    unknown.add(dcid);
                } else {
                    host.simulator().register(new SimulatedStudent(ssid, DemoData.LEA_NUMBER, DemoData.LEA_NAME, "Soak",
                            null, "Student" + i, LocalDate.of(2018, 9, 1), "M", 1 + i % 3, SimulatedStudent.Size.TYPICAL));
                }
            }
            utrex.control("{\"reset\":true,\"resetStats\":true,\"seed\":20261129,\"failureRate\":0.15,"
                    + "\"timeoutRate\":0.08,\"rateLimitRate\":0.10,\"malformedRate\":0.03,\"truncatedRate\":0.03,"
                    + "\"timeoutHoldMs\":1500,\"tokenTtlSeconds\":3,\"rateLimitBurst\":2,\"neverCompleteRate\":0.02,"
                    + "\"unknownStatusRate\":0.05,\"dripRate\":0.01,\"dripIntervalMs\":200,\"nonFiniteRate\":0.02,"
                    + "\"oddIdRate\":0.02}");
            // and tokens revoked under the broker every two seconds, on top of their short life
            ScheduledExecutorService revoker = Executors.newSingleThreadScheduledExecutor();
            revoker.scheduleWithFixedDelay(() -> utrex.control("{\"expireTokens\":true}"), 2, 2, TimeUnit.SECONDS);

            Instant start = Instant.now();
            Duration forwarding;
            try {
                Browser staff = new Browser(host.baseUrl(), false);
                staff.signIn("/admin/pw.html", "backpack.admin", "demo-password");
                for (long student : students) {
                    Browser.Page pressed = staff.post("/ws/utbackpack/requests", Map.of("frn", "001" + student));
                    assertEquals(303, pressed.status(), pressed.body());
                    assertTrue(pressed.header("Location").endsWith("notice=requested"), pressed.header("Location"));
                }
                Instant deadline = start.plus(Duration.ofSeconds(150));
                while (jdbc.queryFirst("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE IN"
                        + " ('PENDING', 'QUEUED', 'SENT')", rs -> rs.getInt(1)).orElseThrow() > 0) {
                    assertTrue(Instant.now().isBefore(deadline), "every request ended within 150 s");
                    Thread.sleep(200);
                }
                forwarding = Duration.between(start, Instant.now());
            } finally {
                revoker.shutdownNow();
            }

            List<Outcome> outcomes = jdbc.query("SELECT r.STUDENTSDCID, r.STATE, r.LASTERROR, r.CORRELATIONID, r.ATTEMPTS,"
                            + " (SELECT COUNT(*) FROM U_UT_BP_FILE f WHERE f.REQUESTID = r.ID),"
                            + " (SELECT COUNT(*) FROM U_UT_BP_AUDIT a WHERE a.REQUESTID = r.ID AND a.ACTION = 'receive'),"
                            + " r.QUEUEDAT, r.COMPLETEDAT"
                            + " FROM S_UT_STU_BACKPACKREQUEST_C r WHERE r.STUDENTSDCID IN (SELECT DCID FROM STUDENTS"
                            + " WHERE ID >= 500000)",
                    rs -> new Outcome(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getInt(6), rs.getInt(7), Jdbc.instant(rs, "QUEUEDAT"), Jdbc.instant(rs, "COMPLETEDAT")));
            JsonNode stats = utrex.stats();

            // none lost: one request per press, each ended
            assertEquals(REQUESTS, outcomes.size());
            Map<String, Integer> reasons = new TreeMap<>();
            int received = 0;
            int maxAttempts = 0;
            int reachedUtrex = 0;
            for (Outcome o : outcomes) {
                maxAttempts = Math.max(maxAttempts, o.attempts);
                assertTrue(!o.completedAt.isAfter(o.queuedAt.plusSeconds(20 + 5)), "ended within its deadline: " + o);
                boolean outOfTime = "FAILED".equals(o.state)
                        && o.lastError.startsWith("UTREx did not finish the request in time");
                if (unknown.contains(o.student)) {
                    assertEquals("FAILED", o.state, o.toString());
                    assertTrue(outOfTime || o.lastError.startsWith("UTREx refused the request: it has no student with SSID 7"),
                            o.toString());
                    assertTrue(stats.path("submits").path(o.correlationId).isMissingNode(), "UTREx refused it");
                    reasons.merge(outOfTime ? "deadline" : "no such student", 1, Integer::sum);
                    continue;
                }
                // never sent twice: UTREx holds one request for it, however often the submit was repeated; a
                // request whose time ran out while UTREx kept refusing it (429, 503) may never have got there
                int accepted = stats.path("submits").path(o.correlationId).asInt();
                assertTrue(accepted >= 1 || outOfTime, o.toString());
                if (accepted >= 1) {
                    reachedUtrex++;
                }
                if (o.state.equals("RECEIVED")) {
                    received++;
                    assertEquals(1, o.files, "stored exactly once: " + o);
                    assertEquals(1, o.receipts, "received exactly once: " + o);
                } else {
                    assertEquals("FAILED", o.state, o.toString());
                    String reason = o.lastError.startsWith("The Backpack document from UTREx was cut off") ? "document cut off"
                            : o.lastError.startsWith("The Backpack document from UTREx is damaged") ? "document damaged"
                            : o.lastError.startsWith("The Backpack document from UTREx was refused") ? "document refused"
                            : o.lastError.startsWith("UTREx answered with a request number") ? "odd request id"
                            : o.lastError.startsWith("UTREx did not finish the request in time") ? "deadline"
                            : null;
                    assertNotNull(reason, "a reason retrying cannot fix: " + o);
                    assertFalse(o.lastError.contains("attempt(s)"), o.toString());
                    assertEquals(0, o.files, "a failed request stores nothing: " + o);
                    reasons.merge(reason, 1, Integer::sum);
                }
            }
            int known = REQUESTS - unknown.size();
            assertEquals(reachedUtrex, stats.path("requests").asInt(), "one UTREx request per Backpack request");
            int submits = 0;
            for (Iterator<JsonNode> it = stats.path("submits").elements(); it.hasNext(); ) {
                submits += it.next().asInt();
            }
            JsonNode faults = stats.path("faults");
            int injected = faults.path("failure").asInt() + faults.path("timeout").asInt()
                    + faults.path("rateLimit").asInt() + faults.path("malformed").asInt() + faults.path("truncated").asInt();
            int calls = stats.path("httpRequests").asInt();
            assertTrue(submits - reachedUtrex <= faults.path("timeout").asInt(),
                    "a submit is repeated only when its answer was lost");
            assertTrue(injected >= 0.28 * calls, "about a third of UTREx calls failed: " + injected + " of " + calls);
            assertTrue(received >= known * 0.75, "most requests got their file: " + received);
            System.out.printf("SOAK: %d requests on PostgreSQL in %.1f s: %d RECEIVED, %d FAILED %s; UTREx calls %d,"
                            + " faults injected %d (%.0f%%: %s), submits %d for %d UTREx requests, tokens %d,"
                            + " documents served %d, most attempts by one request %d%n",
                    REQUESTS, forwarding.toMillis() / 1000.0, received, REQUESTS - received, reasons, calls, injected,
                    100.0 * injected / calls, faults, submits, stats.path("requests").asInt(),
                    stats.path("tokensIssued").asInt(), stats.path("documentsServed").asInt(), maxAttempts);
        }
    }

    private record Outcome(long student, String state, String lastError, String correlationId, int attempts, int files,
                           int receipts, Instant queuedAt, Instant completedAt) {
    }
}
