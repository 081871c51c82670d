package org.utbackpack.plugin.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.db.HostDatabase;
import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.utrex.UtrexApi;
import org.utbackpack.plugin.utrex.UtrexClient;
import org.utbackpack.plugin.utrex.UtrexException;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarder's decisions, one step at a time, on real H2 and PostgreSQL: what a failure of each kind
 * does to the request row, that a lease is exclusive, lapses and can be renewed, and that a node which
 * lost its lease cannot store a file. UTREx is scripted at its seam ({@link UtrexApi}).
 */
class ForwarderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-29T17:00:00Z");
    private static final String SSID = "1234567";
    private static final ForwarderSettings SETTINGS = new ForwarderSettings(Duration.ofSeconds(1),
            Duration.ofSeconds(30), 2, 5, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(3));
    static final String DOCUMENT = """
            {"ssid":"1234567","generatedAt":"2026-11-29T10:00:00Z",
             "student":{"ssid":"1234567","firstName":"Avery","lastName":"Jensen"},
             "enrollments":[{"leaNumber":"01","schoolNumber":"0100","schoolName":"Lone Peak High","schoolYear":"2025-2026",
                             "gradeLevel":"11","entryDate":"2025-08-20"}],
             "courseGrades":[{"schoolYear":"2025-2026","term":"S1","schoolNumber":"0100","courseCode":"01000000",
                              "courseTitle":"English 11","mark":"A-","creditsAttempted":0.5,"creditsEarned":0.5}],
             "courseHistory":[],"sectionAttendance":[],"teachers":[],"assessments":[]}
            """;

    @TempDir
    Path downloads;

    private final MovableClock clock = new MovableClock(T0);

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aTransientFailureWaitsWithBackoffAndCountsAnAttempt(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            Scripted utrex = new Scripted().onSubmit(s -> {
                throw UtrexException.temporary("UTREx is temporarily unavailable (HTTP 503).", null);
            });
            f.step("node-a", utrex, id);

            Row row = f.row(id);
            assertEquals("QUEUED", row.state);
            assertEquals(1, row.attempts);
            assertEquals("UTREx is temporarily unavailable (HTTP 503).", row.lastError);
            assertEquals(T0.plusSeconds(2), row.next, "first backoff, jitter at its highest");
            assertNull(row.owner, "the lease is handed back");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRateLimitWaitsExactlyAsLongAsUtrexAsked(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            f.step("node-a", new Scripted().onSubmit(s -> {
                throw UtrexException.rateLimited("UTREx asked us to slow down.", Duration.ofSeconds(7));
            }), id);

            Row row = f.row(id);
            assertEquals("QUEUED", row.state);
            assertEquals(T0.plusSeconds(7), row.next);
            assertEquals("UTREx asked us to slow down.", row.lastError);
            assertEquals(0, row.attempts, "a rate limit spends no attempt");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aBurstOfRateLimitsNeverExhaustsTheAttemptsAndTheDeadlineBoundsTheWait(Databases.Kind kind) throws Exception {
        ForwarderSettings settings = withDeadline(Duration.ofSeconds(60));
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            Scripted utrex = new Scripted().onSubmit(s -> {
                throw UtrexException.rateLimited("UTREx asked us to slow down.", Duration.ofSeconds(1));
            });
            for (int i = 0; i < 3 * SETTINGS.maxAttempts(); i++) {
                f.step("node-a", utrex, id, settings);
                clock.advance(Duration.ofSeconds(1));
            }
            assertEquals("QUEUED", f.row(id).state, "fifteen 429s, and the request still waits its turn");
            assertEquals(0, f.row(id).attempts);

            f.step("node-a", new Scripted().onSubmit(s -> {
                throw UtrexException.rateLimited("UTREx asked us to slow down.", Duration.ofHours(1));
            }), id, settings);
            assertEquals(T0.plusSeconds(60), f.row(id).next, "an hour asked for, but the deadline comes first");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aPermanentRefusalEndsTheRequestWithTheReasonAndAnAuditEntry(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            f.step("node-a", new Scripted().onSubmit(s -> {
                throw UtrexException.permanent("UTREx has no student with SSID 1234567.");
            }), id);

            Row row = f.row(id);
            assertEquals("FAILED", row.state);
            assertEquals("UTREx has no student with SSID 1234567.", row.lastError);
            assertEquals(1, row.attempts, "the refused submit is the one attempt, and the stored count says so");
            assertEquals(List.of("fail: UTREx has no student with SSID 1234567."), f.audit(id));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestUtrexNeverFinishesEndsFailedAtItsDeadlineAndPollsBackOff(Databases.Kind kind) throws Exception {
        ForwarderSettings settings = withDeadline(Duration.ofMinutes(2));
        try (Fixture f = new Fixture(kind)) {
            long id = f.sent("utrex-1");
            Scripted processing = new Scripted().onStatus(r -> new UtrexApi.Status("Processing", null, null));
            clock.advance(Duration.ofSeconds(50));
            f.step("node-a", processing, id, settings);
            assertEquals(T0.plusSeconds(60), f.row(id).next, "after 50 s in the queue, the next poll waits 10 s");
            clock.advance(Duration.ofSeconds(60));
            f.step("node-a", processing, id, settings);
            assertEquals(T0.plusSeconds(120), f.row(id).next, "22 s asked, but never past the deadline");
            assertEquals("SENT", f.row(id).state);

            clock.advance(Duration.ofSeconds(10));
            f.step("node-a", new Scripted(), id, settings); // no call to UTREx: the time is up
            Row row = f.row(id);
            assertEquals("FAILED", row.state);
            assertEquals("UTREx did not finish the request in time: it was still not done after 2 minutes, the limit"
                    + " set for this district, so it was stopped.", row.lastError);
            assertEquals(0, row.attempts, "polls that found it not ready were not failed attempts");
            assertEquals(List.of("fail: " + row.lastError), f.audit(id));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anUnknownStatusKeepsAskingAndTellsStaffWhatUtrexSaid(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.sent("utrex-1");
            f.step("node-a", new Scripted().onStatus(r -> new UtrexApi.Status("Paused\u0007", null, null)), id);
            Row row = f.row(id);
            assertEquals("SENT", row.state);
            assertEquals(0, row.attempts);
            assertEquals("UTREx answered with a status the SIS does not know ('Paused'); it keeps asking until the"
                    + " request's time runs out.", row.lastError);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aCancelledRequestLandsNothingFromAStepInFlightAndANewRequestCanBeMadeAtOnce(Databases.Kind kind)
            throws Exception {
        try (Fixture f = new Fixture(kind)) {
            RequestService service = new RequestService(f.jdbc, f.requests, f.audit, clock, () -> { });
            RequestService.Result first = service.staffRequest(f.student, 77, "Pat Lee");
            long id = first.requestId();
            assertEquals(RequestService.Outcome.ALREADY_OPEN, service.staffRequest(f.student, 77, "Pat Lee").outcome());
            assertTrue(f.claim("node-a", id)); // a node is on its way to UTREx with it...

            RequestCancel.Result cancelled = new RequestCancel(f.jdbc, f.requests, f.audit, clock).cancel(id, 77, "Pat Lee");
            assertEquals(RequestCancel.Outcome.CANCELLED, cancelled.outcome());
            f.forwarder("node-a", new Scripted().onSubmit(c -> new UtrexApi.Submission("utrex-9", null))).process(id);
            Row row = f.row(id);
            assertEquals("CANCELLED", row.state, "...and what it brings back lands nothing");
            assertEquals("Cancelled by Pat Lee.", row.lastError);
            assertNull(row.owner);
            assertEquals(RequestCancel.Outcome.NOT_OPEN, new RequestCancel(f.jdbc, f.requests, f.audit, clock)
                    .cancel(id, 77, "Pat Lee").outcome(), "cancelled once");
            assertEquals(List.of("request: Retrieve requested by staff; approved on request",
                    "cancel: Cancelled by staff while queued"), f.audit(id));

            RequestService.Result again = service.staffRequest(f.student, 77, "Pat Lee");
            assertEquals(RequestService.Outcome.QUEUED, again.outcome(), "Make a Request works at once");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void attemptsAreBoundedAndTheLastProblemIsKept(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            f.jdbc.update("UPDATE S_UT_STU_BACKPACKREQUEST_C SET ATTEMPTS = 4 WHERE ID = ?", id);
            f.step("node-a", new Scripted().onSubmit(s -> {
                throw UtrexException.temporary("UTREx did not answer within 30 seconds.", null);
            }), id);

            Row row = f.row(id);
            assertEquals("FAILED", row.state);
            assertEquals("Gave up after 5 attempts. The last problem was: UTREx did not answer within 30 seconds.",
                    row.lastError);
            assertEquals(5, row.attempts, "the stored count is the one the sentence gives");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void submitPollAndStoreEachStepInItsTurn(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            String correlation = f.row(id).correlationId;
            AtomicReference<String> status = new AtomicReference<>("Processing");
            Scripted utrex = new Scripted()
                    .onSubmit(c -> {
                        assertEquals(correlation, c, "the request's own correlation id goes to UTREx");
                        return new UtrexApi.Submission("utrex-1", Duration.ofSeconds(1));
                    })
                    .onStatus(r -> new UtrexApi.Status(status.get(), null, null))
                    .onDownload(DOCUMENT);

            f.step("node-a", utrex, id);
            Row sent = f.row(id);
            assertEquals("SENT", sent.state);
            assertEquals(T0.plusSeconds(1), sent.next, "Retry-After of the submit");

            clock.advance(Duration.ofSeconds(1));
            f.step("node-a", utrex, id);
            Row polled = f.row(id);
            assertEquals("SENT", polled.state);
            assertEquals(1, polled.attempts, "a not-ready poll is not a failed attempt");
            assertEquals(T0.plusSeconds(4), polled.next, "status poll interval");

            status.set("Complete");
            clock.advance(Duration.ofSeconds(3));
            f.step("node-a", utrex, id);
            Row received = f.row(id);
            assertEquals("RECEIVED", received.state);
            assertEquals(1, f.files(id));
            assertEquals(List.of("forward: Sent to UTREx as request utrex-1", "receive: Backpack file received: 2 records"),
                    f.audit(id));
            try (var left = Files.list(downloads)) {
                assertEquals(0, left.count(), "the temporary download is deleted");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aDamagedDocumentFailsTheRequestAndTheLastGoodFileStays(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long good = f.sent("utrex-good");
            f.step("node-a", new Scripted().onStatus(r -> complete()).onDownload(DOCUMENT), good);
            assertEquals("RECEIVED", f.row(good).state);

            long cut = f.sent("utrex-cut");
            f.step("node-a", new Scripted().onStatus(r -> complete())
                    .onDownload(DOCUMENT.substring(0, DOCUMENT.length() / 2)), cut);
            long bad = f.sent("utrex-bad");
            f.step("node-a", new Scripted().onStatus(r -> complete())
                    .onDownload(DOCUMENT.replace("\"enrollments\":[", "\"enrollments\":[#!corrupt!#,")), bad);

            assertEquals("FAILED", f.row(cut).state);
            assertEquals("The Backpack document from UTREx was cut off before its end.", f.row(cut).lastError);
            assertEquals("FAILED", f.row(bad).state);
            assertTrue(f.row(bad).lastError.startsWith("The Backpack document from UTREx is damaged: it is not valid"
                    + " JSON (line 3, column "), f.row(bad).lastError);
            assertEquals(1, f.jdbc.queryFirst("SELECT COUNT(*) FROM U_UT_BP_FILE", rs -> rs.getInt(1)).orElseThrow());
            assertEquals(good, f.jdbc.queryFirst("SELECT REQUESTID FROM U_UT_BP_FILE ORDER BY ID DESC",
                    rs -> rs.getLong(1)).orElseThrow(), "the latest file is still the good one");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aNodeThatLostItsLeaseCannotStoreAFile(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.sent("utrex-1");
            Scripted utrex = new Scripted().onStatus(r -> complete()).onDownload(DOCUMENT);
            assertTrue(f.claim("node-a", id));
            clock.advance(SETTINGS.lease().plusSeconds(1)); // node a stalls past its lease...
            assertTrue(f.claim("node-b", id), "...so node b takes the request over");

            f.forwarder("node-a", utrex).process(id); // node a wakes up and finishes its step
            assertEquals(0, f.files(id), "node a's store rolled back");
            assertEquals("SENT", f.row(id).state);
            assertEquals("node-b", f.row(id).owner);

            f.forwarder("node-b", utrex).process(id);
            assertEquals("RECEIVED", f.row(id).state);
            assertEquals(1, f.files(id));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aLeaseIsExclusiveUntilItLapsesAndRenewingKeepsIt(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            assertTrue(f.claim("node-a", id));
            assertFalse(f.claim("node-b", id));

            clock.advance(Duration.ofSeconds(20));
            assertTrue(f.requests.renewLease(id, "node-a", clock.instant().plus(SETTINGS.lease())));
            clock.advance(Duration.ofSeconds(20));
            assertFalse(f.claim("node-b", id), "renewed: node a still holds it after its first lease");
            assertFalse(f.requests.renewLease(id, "node-b", clock.instant().plus(SETTINGS.lease())),
                    "only the holder renews");

            clock.advance(SETTINGS.lease());
            assertTrue(f.claim("node-b", id), "lapsed: any node may take it");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void datesAreKeptToTheSecondAsOnTheSisWhileLeasesAndSchedulesKeepTheMillisecond(Databases.Kind kind)
            throws Exception {
        try (Fixture f = new Fixture(kind)) {
            clock.advance(Duration.ofMillis(100));
            long id = f.requested();
            for (String date : List.of("REQUESTDATE", "RESPONDEDAT", "NEXTATTEMPTAT", "QUEUEDAT")) {
                Instant stored = f.stored(date, id);
                assertEquals(0, stored.getNano(), date + " is a Date field: whole seconds, as an Oracle DATE keeps it");
                assertTrue(Duration.between(T0, stored).abs().compareTo(Duration.ofSeconds(1)) < 0, date + " " + stored);
            }
            assertEquals(T0.plusMillis(100), f.requests.find(id).orElseThrow().nextAttemptAt());

            // a lease shorter than a second: a copy rounded to the second would hold it too long or too short
            Instant now = clock.instant();
            assertTrue(f.requests.claim(id, "node-a", now, now.plusMillis(400)));
            clock.advance(Duration.ofMillis(300));
            assertFalse(f.claim("node-b", id), "node a's lease runs to the millisecond it was given");
            assertEquals(List.of(), f.requests.dueIds(clock.instant(), 10));
            clock.advance(Duration.ofMillis(300));
            assertEquals(List.of(id), f.requests.dueIds(clock.instant(), 10), "lapsed 200 ms ago");
            assertTrue(f.claim("node-b", id));
            assertTrue(f.requests.renewLease(id, "node-b", clock.instant().plusMillis(300)));
            clock.advance(Duration.ofMillis(200));
            assertFalse(f.claim("node-a", id), "renewed to the millisecond");

            assertTrue(f.requests.reschedule(id, "node-b", clock.instant().plusMillis(250), false, null));
            clock.advance(Duration.ofMillis(200));
            assertEquals(List.of(), f.requests.dueIds(clock.instant(), 10), "due 50 ms from now");
            clock.advance(Duration.ofMillis(100));
            assertEquals(List.of(id), f.requests.dueIds(clock.instant(), 10));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestStoredBeforeTheMillisecondFieldsIsScheduledByItsDateFieldsAndForwarded(Databases.Kind kind)
            throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.sent("utrex-1");
            f.jdbc.update("UPDATE S_UT_STU_BACKPACKREQUEST_C SET NEXTATTEMPTAT = ?, LEASEOWNER = ?, LEASEUNTIL = ?"
                    + " WHERE ID = ?", T0.plusSeconds(2), "old-node", T0.plusSeconds(10), id);
            assertEquals(T0.plusSeconds(2), f.requests.find(id).orElseThrow().nextAttemptAt());

            clock.advance(Duration.ofSeconds(5));
            assertEquals(List.of(), f.requests.dueIds(clock.instant(), 10), "the old node's lease still holds it");
            assertFalse(f.claim("node-a", id));
            clock.advance(Duration.ofSeconds(6));
            assertEquals(List.of(id), f.requests.dueIds(clock.instant(), 10));

            f.step("node-a", new Scripted().onStatus(r -> complete()).onDownload(DOCUMENT), id);
            assertEquals("RECEIVED", f.row(id).state);
            assertEquals(1, f.files(id));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestNotYetDueIsNotClaimed(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.queued();
            f.jdbc.update("UPDATE S_UT_STU_BACKPACKREQUEST_C SET NEXTATTEMPTAT = ? WHERE ID = ?", T0.plusSeconds(5), id);
            assertFalse(f.claim("node-a", id));
            assertEquals(List.of(), f.requests.dueIds(clock.instant(), 10));
            clock.advance(Duration.ofSeconds(5));
            assertEquals(List.of(id), f.requests.dueIds(clock.instant(), 10));
            assertTrue(f.claim("node-a", id));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void manyNodesRacingForTheSameRequestsEachWinEachRequestOnce(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                ids.add(f.queued());
            }
            int nodes = 6;
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<List<Long>>> won = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    String node = "node-" + n;
                    won.add(pool.submit((Callable<List<Long>>) () -> {
                        go.await(5, TimeUnit.SECONDS);
                        List<Long> mine = new ArrayList<>();
                        for (long id : ids) {
                            if (f.claim(node, id)) {
                                mine.add(id);
                            }
                        }
                        return mine;
                    }));
                }
                go.countDown();
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> w : won) {
                    all.addAll(w.get(60, TimeUnit.SECONDS));
                }
                all.sort(null);
                assertEquals(ids, all, "every request claimed, none twice");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void closingHandsBackThisNodesClaims(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long mine = f.queued();
            long theirs = f.queued();
            assertTrue(f.claim("node-a", mine));
            assertTrue(f.claim("node-b", theirs));
            f.forwarder("node-a", new Scripted()).close();
            assertNull(f.row(mine).owner);
            assertEquals("node-b", f.row(theirs).owner);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void oneWorkerSendsTheNextRequestWhileTheFirstWaitsForUtrex(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long first = f.requested();
            long second = f.requested();
            Recording utrex = f.recording(Map.of(first, "A", second, "B"));
            try (Forwarder forwarder = f.forwarder("node-a", utrex, ONE_WORKER)) {
                forwarder.start();
                await(() -> utrex.calls().size() == 2, "both requests submitted");
                // the clock has not moved: the first request's wait for UTREx is not over, yet the one worker
                // went on to the second request; the waiting request holds no lease, only its row says when
                assertEquals(List.of("submit A", "submit B"), utrex.calls());
                Row waiting = f.row(first);
                assertEquals("SENT", waiting.state);
                assertEquals(T0.plusSeconds(30), waiting.next, "the poll UTREx asked for, kept in the row");
                assertNull(waiting.owner, "a waiting request holds no lease");

                clock.advance(Duration.ofSeconds(30));
                forwarder.wake();
                await(() -> "RECEIVED".equals(f.row(second).state), "both files stored");
                assertEquals(List.of("submit A", "submit B", "status utrex-A", "download utrex-A", "status utrex-B",
                        "download utrex-B"), utrex.calls());
                assertEquals("RECEIVED", f.row(first).state);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestUtrexAlreadyHasIsFinishedBeforeRequestsQueuedDuringItsWaitAreSent(Databases.Kind kind)
            throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long first = f.requested();
            Recording before = f.recording(Map.of(first, "A"));
            try (Forwarder forwarder = f.forwarder("node-a", before, ONE_WORKER)) {
                forwarder.start();
                await(() -> before.calls().size() == 1, "the first request submitted");
            }
            // a burst of requests arrives while the first waits for its poll; when the one worker comes free,
            // all are due, and the request UTREx already has goes first, so its file is not held back
            clock.advance(Duration.ofSeconds(10));
            long second = f.requested();
            long third = f.requested();
            clock.advance(Duration.ofSeconds(20));
            Recording after = f.recording(Map.of(first, "A", second, "B", third, "C"));
            try (Forwarder forwarder = f.forwarder("node-a", after, ONE_WORKER)) {
                forwarder.start();
                await(() -> after.calls().size() == 4, "four calls");
                assertEquals(List.of("status utrex-A", "download utrex-A", "submit B", "submit C"), after.calls());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRestartInTheMiddleOfAWaitPollsWithoutSendingTheRequestAgain(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind)) {
            long id = f.requested();
            Recording before = f.recording(Map.of(id, "A"));
            Forwarder stopped = f.forwarder("node-a", before, ONE_WORKER);
            stopped.start();
            await(() -> "SENT".equals(f.row(id).state), "submitted");
            stopped.close(); // the SIS restarts while the request waits for its poll

            Recording restarted = f.recording(Map.of(id, "A"));
            try (Forwarder forwarder = f.forwarder("node-a", restarted, ONE_WORKER)) {
                forwarder.start();
                clock.advance(Duration.ofSeconds(30));
                forwarder.wake();
                await(() -> "RECEIVED".equals(f.row(id).state), "the file stored after the restart");
            }
            assertEquals(List.of("submit A"), before.calls());
            assertEquals(List.of("status utrex-A", "download utrex-A"), restarted.calls(), "polled, never sent again");
            assertEquals(1, f.files(id));
            assertEquals(List.of("forward: Sent to UTREx as request utrex-A", "receive: Backpack file received: 2 records"),
                    f.audit(id));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void twoWorkersKeepManyCallsOutAtOnceWhileUtrexTakesHalfASecondOverEach(Databases.Kind kind) throws Exception {
        try (Fixture f = new Fixture(kind); SlowUtrex slow = new SlowUtrex(Duration.ofMillis(500), DOCUMENT);
             UtrexClient client = slow.client()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(f.requested());
            }
            ForwarderSettings twoWorkers = new ForwarderSettings(Duration.ofMillis(20), SETTINGS.lease(), 2,
                    SETTINGS.maxAttempts(), SETTINGS.firstBackoff(), SETTINGS.maxBackoff(), SETTINGS.statusPoll());
            try (Forwarder forwarder = f.forwarder("node-a", client, twoWorkers)) {
                forwarder.start();
                // a long limit: what this test asserts is how many calls were out at once, not how long it took
                await(() -> ids.stream().allMatch(id -> "RECEIVED".equals(f.row(id).state)), "all 40 files stored",
                        Duration.ofSeconds(120));
            }
            // two threads each holding its call would have had at most two out at once: a submit, a poll and
            // a download of 40 requests, 500 ms each, would have taken 30 seconds
            assertTrue(slow.mostAtOnce() >= 10, "calls UTREx was answering at once: " + slow.mostAtOnce());
            assertTrue(slow.mostAtOnce() <= twoWorkers.maxInFlight(), "never more than the requests in flight ("
                    + twoWorkers.maxInFlight() + "): " + slow.mostAtOnce());
            assertEquals(40 * 3, slow.calls(), "one submit, one poll, one download each");
            for (long id : ids) {
                assertEquals(1, f.files(id), "one file for request " + id);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aCallThatNeverAnswersStillEndsTheRequestAtItsDeadline(Databases.Kind kind) throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        UtrexApi silent = new Scripted().onSubmit(c -> {
            try {
                never.await(); // a state that takes the call and never answers, nor hangs up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw UtrexException.temporary("stopped", null);
        });
        try (Fixture f = new Fixture(kind)) {
            long id = f.requested();
            ForwarderSettings twoSeconds = new ForwarderSettings(Duration.ofMillis(20), SETTINGS.lease(), 1,
                    SETTINGS.maxAttempts(), SETTINGS.firstBackoff(), SETTINGS.maxBackoff(), SETTINGS.statusPoll(),
                    Duration.ofSeconds(2));
            try (Forwarder forwarder = f.forwarder("node-a", silent, twoSeconds)) {
                forwarder.start();
                await(() -> "FAILED".equals(f.row(id).state), "the request ended");
                Row row = f.row(id);
                assertTrue(row.lastError.startsWith("UTREx did not finish the request in time: it was still not done"
                        + " after 2 seconds"), row.lastError);
                assertNull(row.owner, "no lease left behind");
            } finally {
                never.countDown();
            }
        }
    }

    // ---------------------------------------------------------------- fixture

    /**
     * One worker and one request in flight, so steps happen one at a time in the order the queue gives.
     * Scans often, so a test waits on the forwarder's scheduler for milliseconds, not seconds.
     */
    private static final ForwarderSettings ONE_WORKER = new ForwarderSettings(Duration.ofMillis(20),
            SETTINGS.lease(), 1, SETTINGS.maxAttempts(), SETTINGS.firstBackoff(), SETTINGS.maxBackoff(),
            SETTINGS.statusPoll(), SETTINGS.requestDeadline(), 1);

    /** Waits for something the forwarder's own threads do; the limit only stops a broken run. */
    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        await(done, what, Duration.ofSeconds(30));
    }

    private static void await(BooleanSupplier done, String what, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    private static ForwarderSettings withDeadline(Duration deadline) {
        return new ForwarderSettings(SETTINGS.pollInterval(), SETTINGS.lease(), SETTINGS.workers(),
                SETTINGS.maxAttempts(), SETTINGS.firstBackoff(), SETTINGS.maxBackoff(), SETTINGS.statusPoll(), deadline);
    }

    private static UtrexApi.Status complete() {
        return new UtrexApi.Status("Complete", null, null);
    }

    /** A database with the plugin's tables, one student, and helpers to make and read requests. */
    private final class Fixture implements AutoCloseable {
        final HikariDataSource ds;
        final Jdbc jdbc;
        final RequestRepository requests;
        final AuditLog audit = new AuditLog(clock);
        final long student;

        Fixture(Databases.Kind kind) {
            ds = Databases.newDataSource(kind);
            HostDatabase.migrateCore(ds);
            new ExtensionSchemaMigrator().migrate(ds, PluginPackage.fromDirectory(TestPaths.projectRoot()).extensionTables());
            jdbc = new Jdbc(ds);
            requests = new RequestRepository(jdbc);
            jdbc.update("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME, LAST_NAME, STATE_STUDENTNUMBER)"
                    + " VALUES (?, ?, ?, ?, ?)", 1, "1", "Avery", "Jensen", SSID);
            student = jdbc.queryFirst("SELECT DCID FROM STUDENTS", rs -> rs.getLong(1)).orElseThrow();
        }

        /** A request as a version of the plugin before NEXTATTEMPTMS and LEASEUNTILMS stored it. */
        long queued() {
            return insert("QUEUED", null);
        }

        /** A queued staff request made through the plugin's own code, at the clock's instant. */
        long requested() {
            return jdbc.withConnection(c -> requests.insert(c,
                    new StudentRecord(student, "Avery", "Jensen", SSID, null), null, 77L, clock.instant(), "Retrieve",
                    BackpackRequest.APPROVED, RequestState.QUEUED, SSID, UUID.randomUUID().toString()));
        }

        Instant stored(String column, long id) {
            return jdbc.queryFirst("SELECT " + column + " FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?",
                    rs -> Jdbc.instant(rs, column), id).orElseThrow();
        }

        long sent(String utrexId) {
            return insert("SENT", utrexId);
        }

        private long insert(String state, String utrexId) {
            return jdbc.withConnection(c -> Jdbc.insert(c, "INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID,"
                            + " REQUESTDATE, STATUS, RESPONSETYPE, STATE, ATTEMPTS, NEXTATTEMPTAT, SSID, CORRELATIONID,"
                            + " UTREXREQUESTID) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
                    student, T0, "Retrieve", "Approved", state, T0, SSID, UUID.randomUUID().toString(),
                    utrexId == null ? Jdbc.Null.VARCHAR : utrexId));
        }

        Forwarder forwarder(String node, UtrexApi utrex) {
            return new Forwarder(jdbc, requests, utrex, new BackpackIngest(JSON), audit, clock, node, SETTINGS,
                    new Backoff(SETTINGS.firstBackoff(), SETTINGS.maxBackoff(), n -> n), downloads);
        }

        Forwarder forwarder(String node, UtrexApi utrex, ForwarderSettings settings) {
            return new Forwarder(jdbc, requests, utrex, new BackpackIngest(JSON), audit, clock, node, settings,
                    new Backoff(settings.firstBackoff(), settings.maxBackoff(), n -> n), downloads);
        }

        /** A UTREx that names each request's calls by the name given for its id. */
        Recording recording(Map<Long, String> names) {
            Map<String, String> byCorrelation = new HashMap<>();
            names.forEach((id, name) -> byCorrelation.put(row(id).correlationId, name));
            return new Recording(byCorrelation);
        }

        boolean claim(String node, long id) {
            Instant now = clock.instant();
            return requests.claim(id, node, now, now.plus(SETTINGS.lease()));
        }

        /** One scan's worth of work on one request, as a node does it: claim, then one step. */
        void step(String node, UtrexApi utrex, long id) {
            step(node, utrex, id, SETTINGS);
        }

        void step(String node, UtrexApi utrex, long id, ForwarderSettings settings) {
            assertTrue(claim(node, id), "claimed");
            new Forwarder(jdbc, requests, utrex, new BackpackIngest(JSON), audit, clock, node, settings,
                    new Backoff(settings.firstBackoff(), settings.maxBackoff(), n -> n), downloads).process(id);
        }

        Row row(long id) {
            return jdbc.queryFirst("SELECT STATE, ATTEMPTS, LASTERROR, NEXTATTEMPTAT, LEASEOWNER, CORRELATIONID,"
                    + " NEXTATTEMPTMS FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?", rs -> {
                        double ms = rs.getDouble("NEXTATTEMPTMS");
                        Instant next = rs.wasNull() ? Jdbc.instant(rs, "NEXTATTEMPTAT") : Instant.ofEpochMilli((long) ms);
                        return new Row(rs.getString(1), rs.getInt(2), rs.getString(3), next, rs.getString(5),
                                rs.getString(6));
                    }, id).orElseThrow();
        }

        int files(long id) {
            return jdbc.queryFirst("SELECT COUNT(*) FROM U_UT_BP_FILE WHERE REQUESTID = ?", rs -> rs.getInt(1), id)
                    .orElseThrow();
        }

        List<String> audit(long id) {
            return jdbc.query("SELECT ACTION, DETAIL FROM U_UT_BP_AUDIT WHERE REQUESTID = ? ORDER BY ID",
                    rs -> rs.getString(1) + ": " + rs.getString(2), id);
        }

        @Override
        public void close() {
            ds.close();
        }
    }

    private record Row(String state, int attempts, String lastError, Instant next, String owner, String correlationId) {
    }

    /** UTREx as a test scripts it: each call runs the function given for it. */
    private static final class Scripted implements UtrexApi {
        private Function<String, Submission> submit = c -> {
            throw new AssertionError("no submit expected");
        };
        private Function<String, Status> status = r -> {
            throw new AssertionError("no status poll expected");
        };
        private String document;

        Scripted onSubmit(Function<String, Submission> f) {
            submit = f;
            return this;
        }

        Scripted onStatus(Function<String, Status> f) {
            status = f;
            return this;
        }

        Scripted onDownload(String text) {
            document = text;
            return this;
        }

        @Override
        public Submission submit(String ssid, String requestType, String correlationId) {
            return submit.apply(correlationId);
        }

        @Override
        public Status status(String requestId) {
            return status.apply(requestId);
        }

        @Override
        public long download(String requestId, Path target) {
            if (document == null) {
                throw new AssertionError("no download expected");
            }
            try {
                Files.writeString(target, document, StandardCharsets.UTF_8);
                return Files.size(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String maxDocumentSize() {
            return "50 MB";
        }
    }

    /**
     * UTREx as the forwarder sees it, keeping the order of the calls: it accepts every request and asks for
     * the first poll after 30 seconds, then has the document ready.
     */
    private static final class Recording implements UtrexApi {
        private final Map<String, String> names;
        private final List<String> calls = new CopyOnWriteArrayList<>();

        Recording(Map<String, String> names) {
            this.names = names;
        }

        List<String> calls() {
            return List.copyOf(calls);
        }

        @Override
        public Submission submit(String ssid, String requestType, String correlationId) {
            String name = names.get(correlationId);
            calls.add("submit " + name);
            return new Submission("utrex-" + name, Duration.ofSeconds(30));
        }

        @Override
        public Status status(String requestId) {
            calls.add("status " + requestId);
            return complete();
        }

        @Override
        public long download(String requestId, Path target) {
            calls.add("download " + requestId);
            try {
                Files.writeString(target, DOCUMENT, StandardCharsets.UTF_8);
                return Files.size(target);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String maxDocumentSize() {
            return "50 MB";
        }
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.accumulateAndGet(null, (t, ignored) -> t.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
