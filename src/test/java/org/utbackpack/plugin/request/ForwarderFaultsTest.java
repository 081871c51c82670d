package org.utbackpack.plugin.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.db.HostDatabase;
import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.host.utrex.UtrexSimulator;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.backpack.BackpackIngest;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.utrex.UtrexClient;
import org.utbackpack.plugin.utrex.UtrexConfig;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestPaths;
import org.utbackpack.testing.UtrexControl;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real forwarder and UTREx client against a simulator that misbehaves in each of the ways a state
 * system can, on H2 and PostgreSQL: every request ends in a terminal state within its deadline, with a
 * sentence that says why, and nothing is sent twice. Deadlines are short so the run stays quick.
 */
class ForwarderFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEA = "01";
    private static final int STUDENTS = 24;
    private static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);
    private static final Duration CALL_DEADLINE = Duration.ofMillis(800);
    /** A terminal state is written at most a poll tick and one call after the deadline. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static UtrexSimulator simulator;
    private static UtrexControl control;

    @BeforeAll
    static void start() {
        simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults("faults", "faults-secret", LEA)
                .withProcessingTime(Duration.ofMillis(200)));
        for (int i = 0; i < STUDENTS; i++) {
            simulator.register(new SimulatedStudent(ssid(i), LEA, "District 01", "Kim", null, "Fault" + i,
                    LocalDate.of(2012, 1, 1), "F", 1, SimulatedStudent.Size.TYPICAL));
        }
        control = new UtrexControl(URI.create(simulator.baseUrl().toString()));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aRequestUtrexNeverCompletesEndsFailedAtItsDeadlineWithASentence(Databases.Kind kind) throws Exception {
        control.control("{\"reset\":true,\"resetStats\":true,\"neverCompleteRate\":1}");
        try (Run run = new Run(kind, 1)) {
            Outcome o = run.outcomes().get(0);
            assertEquals("FAILED", o.state, o.toString());
            assertTrue(o.lastError.startsWith("UTREx did not finish the request in time: it was still not done after"
                    + " 5 seconds, the limit set for this district, so it was stopped."), o.lastError);
            run.assertEndedWithinTheDeadline();
            assertTrue(control.stats().get("statusPolls").asInt() <= 8,
                    "polls back off: " + control.stats().get("statusPolls"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anUnknownStatusIsAskedAgainNotCountedAndTheDeadlineStillEndsIt(Databases.Kind kind) throws Exception {
        control.control("{\"reset\":true,\"resetStats\":true,\"neverCompleteRate\":1,\"unknownStatusRate\":1}");
        try (Run run = new Run(kind, 1)) {
            Outcome o = run.outcomes().get(0);
            assertEquals("FAILED", o.state, o.toString());
            assertEquals(1, o.attempts, "only the submit: an unknown status is not a failed call");
            assertTrue(o.lastError.contains("The last problem was: UTREx answered with a status the SIS does not"
                    + " know ('OnHold')"), o.lastError);
            run.assertEndedWithinTheDeadline();
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aDripFedDocumentIsCutOffAtTheCallDeadline(Databases.Kind kind) throws Exception {
        control.control("{\"reset\":true,\"resetStats\":true,\"dripRate\":1,\"dripIntervalMs\":100}");
        try (Run run = new Run(kind, 1)) {
            Outcome o = run.outcomes().get(0);
            assertEquals("FAILED", o.state, o.toString());
            assertTrue(o.lastError.contains("UTREx did not finish answering within 800 milliseconds."), o.lastError);
            assertEquals(0, o.files);
            assertTrue(control.stats().get("faults").get("drip").asInt() >= 2,
                    "each try was cut off at the call deadline, so several fit in the request's: "
                            + control.stats().get("faults"));
            run.assertEndedWithinTheDeadline();
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aDocumentWithNumbersThatAreNotNumbersIsRefusedNamingTheField(Databases.Kind kind) throws Exception {
        control.control("{\"reset\":true,\"resetStats\":true,\"nonFiniteRate\":1}");
        try (Run run = new Run(kind, 1)) {
            Outcome o = run.outcomes().get(0);
            assertEquals("FAILED", o.state, o.toString());
            assertTrue(o.lastError.matches("The Backpack document from UTREx was refused: [a-zA-Z]+\\[\\d+]\\.[a-zA-Z]+"
                    + " (is not a finite number|is .*, outside the range).*"), o.lastError);
            assertEquals(0, o.files, "nothing stored");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void anOddRequestIdIsNeverPutInAnAddress(Databases.Kind kind) throws Exception {
        control.control("{\"reset\":true,\"resetStats\":true,\"oddIdRate\":1}");
        try (Run run = new Run(kind, 5)) {
            for (Outcome o : run.outcomes()) {
                assertEquals("FAILED", o.state, o.toString());
                assertTrue(o.lastError.startsWith("UTREx answered with a request number the SIS cannot use"),
                        o.lastError);
            }
            JsonNode stats = control.stats();
            assertEquals(5, stats.get("faults").get("oddId").asInt());
            assertEquals(0, stats.get("statusPolls").asInt(), "no call went to an address built from a bad id");
            assertEquals(5 + 1, stats.get("httpRequests").asInt(), "a token and the five submits, nothing else");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aBurstOfRateLimitsWaitsWithoutSpendingAttempts(Databases.Kind kind) throws Exception {
        control.control("{\"reset\":true,\"resetStats\":true,\"rateLimitRate\":1}");
        try (Run run = new Run(kind, 1, Duration.ofSeconds(20), false)) {
            Instant until = Instant.now().plusSeconds(15);
            while (control.stats().get("faults").get("rateLimit").asInt() < 4) {
                assertTrue(Instant.now().isBefore(until), "UTREx was asked again after each wait");
                Thread.sleep(50);
            }
            assertEquals("QUEUED", run.outcomes().get(0).state, "more 429s than attempts allowed (3), still queued");
            control.control("{\"rateLimitRate\":0}");
            run.awaitTerminal();
            Outcome o = run.outcomes().get(0);
            assertEquals("RECEIVED", o.state, o.toString());
            assertEquals(1, o.attempts, "the submit; no 429 spent an attempt");
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void withEveryFaultMixedInEachRequestEndsWithinItsDeadlineOnceAndNoneIsLost(Databases.Kind kind)
            throws Exception {
        control.control("{\"reset\":true,\"resetStats\":true,\"seed\":15,\"failureRate\":0.1,\"rateLimitRate\":0.1,"
                + "\"rateLimitBurst\":3,\"neverCompleteRate\":0.15,\"unknownStatusRate\":0.2,\"dripRate\":0.1,"
                + "\"dripIntervalMs\":100,\"nonFiniteRate\":0.1,\"oddIdRate\":0.1,\"malformedRate\":0.05}");
        try (Run run = new Run(kind, STUDENTS)) {
            List<Outcome> outcomes = run.outcomes();
            assertEquals(STUDENTS, outcomes.size(), "none lost");
            JsonNode stats = control.stats();
            int received = 0;
            for (Outcome o : outcomes) {
                assertTrue(o.state.equals("RECEIVED") || o.state.equals("FAILED"), o.toString());
                assertTrue(o.state.equals("RECEIVED") ? o.files == 1 : o.files == 0, o.toString());
                if (o.state.equals("FAILED")) {
                    assertTrue(o.lastError != null && o.lastError.endsWith(".") && !o.lastError.contains("attempt(s)"),
                            o.toString());
                } else {
                    received++;
                }
                assertTrue(stats.path("submits").path(o.correlationId).asInt() <= 1, "sent once: " + o);
            }
            assertTrue(received > 0, "some got through the faults");
            run.assertEndedWithinTheDeadline();
        }
    }

    // ---------------------------------------------------------------- fixture

    private record Outcome(long id, String state, int attempts, String lastError, String correlationId, int files,
                           Instant queuedAt, Instant completedAt) {
    }

    /** Queues {@code n} requests on a fresh database, runs a forwarder and (unless told not to) waits for all to end. */
    private static final class Run implements AutoCloseable {
        private final HikariDataSource ds;
        private final Jdbc jdbc;
        private final UtrexClient client;
        private final Forwarder forwarder;
        private final Duration deadline;
        private final List<Long> ids = new ArrayList<>();

        Run(Databases.Kind kind, int n) throws Exception {
            this(kind, n, REQUEST_DEADLINE, true);
        }

        Run(Databases.Kind kind, int n, Duration deadline, boolean await) throws Exception {
            this.deadline = deadline;
            ds = Databases.newDataSource(kind);
            HostDatabase.migrateCore(ds);
            new ExtensionSchemaMigrator().migrate(ds, PluginPackage.fromDirectory(TestPaths.projectRoot())
                    .extensionTables());
            jdbc = new Jdbc(ds);
            Instant now = Instant.now();
            for (int k = 0; k < n; k++) {
                int i = k;
                jdbc.update("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME, LAST_NAME, STATE_STUDENTNUMBER)"
                        + " VALUES (?, ?, ?, ?, ?)", 300 + i, "F" + i, "Kim", "Fault" + i, ssid(i));
                long student = jdbc.queryFirst("SELECT DCID FROM STUDENTS WHERE ID = ?", rs -> rs.getLong(1), 300 + i)
                        .orElseThrow();
                ids.add(jdbc.withConnection(c -> Jdbc.insert(c, "INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID,"
                                + " REQUESTDATE, STATUS, RESPONSETYPE, STATE, ATTEMPTS, NEXTATTEMPTAT, SSID, CORRELATIONID,"
                                + " QUEUEDAT) VALUES (?, ?, 'Retrieve', 'Approved', 'QUEUED', 0, ?, ?, ?, ?)",
                        student, now, now, ssid(i), UUID.randomUUID().toString(), now)));
            }
            Map<String, String> settings = new HashMap<>(Map.of(UtrexConfig.BASE_URL, simulator.baseUrl().toString(),
                    UtrexConfig.LEA_NUMBER, LEA, UtrexConfig.CLIENT_ID, "faults",
                    UtrexConfig.CLIENT_SECRET, "faults-secret", UtrexConfig.CALL_DEADLINE_MS,
                    Long.toString(CALL_DEADLINE.toMillis()), UtrexConfig.RESPONSE_TIMEOUT_MS, "2000"));
            client = new UtrexClient(UtrexConfig.from(settings::get, x -> null), JSON, Clock.systemUTC());
            forwarder = new Forwarder(jdbc, new RequestRepository(jdbc), client, new BackpackIngest(JSON),
                    new AuditLog(Clock.systemUTC()), Clock.systemUTC(), "fault-node",
                    new ForwarderSettings(Duration.ofMillis(50), Duration.ofSeconds(5), 4, 3, Duration.ofMillis(100),
                            Duration.ofMillis(400), Duration.ofMillis(100), deadline));
            forwarder.start();
            if (await) {
                awaitTerminal();
            }
        }

        void awaitTerminal() throws InterruptedException {
            Instant until = Instant.now().plus(deadline).plus(SLACK).plusSeconds(5);
            while (jdbc.queryFirst("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE IN ('QUEUED', 'SENT')",
                    rs -> rs.getInt(1)).orElseThrow() > 0) {
                assertTrue(Instant.now().isBefore(until), "every request reached a terminal state: " + outcomes());
                Thread.sleep(50);
            }
        }

        List<Outcome> outcomes() {
            List<Outcome> all = new ArrayList<>();
            for (long id : ids) {
                all.add(jdbc.queryFirst("SELECT STATE, ATTEMPTS, LASTERROR, CORRELATIONID, QUEUEDAT, COMPLETEDAT,"
                                + " (SELECT COUNT(*) FROM U_UT_BP_FILE f WHERE f.REQUESTID = r.ID)"
                                + " FROM S_UT_STU_BACKPACKREQUEST_C r WHERE ID = ?",
                        rs -> new Outcome(id, rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                                rs.getInt(7), Jdbc.instant(rs, "QUEUEDAT"), Jdbc.instant(rs, "COMPLETEDAT")), id)
                        .orElseThrow());
            }
            return all;
        }

        void assertEndedWithinTheDeadline() {
            for (Outcome o : outcomes()) {
                assertTrue(o.completedAt != null && !o.completedAt.isAfter(o.queuedAt.plus(deadline).plus(SLACK)),
                        "ended within its deadline: " + o);
            }
        }

        @Override
        public void close() throws Exception {
            forwarder.close();
            client.close();
            ds.close();
        }
    }

    private static String ssid(int i) {
        return String.format("53%05d", i);
    }
}
