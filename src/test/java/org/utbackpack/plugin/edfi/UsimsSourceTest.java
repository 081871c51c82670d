package org.utbackpack.plugin.edfi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.utbackpack.host.usims.District;
import org.utbackpack.host.usims.UsimsSimulator;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedSchool;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.plugin.utrex.UtrexApi;
import org.utbackpack.plugin.utrex.UtrexException;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ed-Fi client and the mapper against the USIMS simulator over real loopback HTTP: the same student
 * gives the same records per data element from USIMS as from UTREx; tokens are kept and renewed on 401;
 * collections are read page by page; 429 is waited out; no data in the enabled years is an answer; Test
 * connection says what worked and what did not.
 */
class UsimsSourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "lea01-usims-key";
    private static final String SECRET = "usims-secret-for-tests";
    private static final String LEA = "01";
    private static final String LEA_NAME = "Wasatch Valley School District";
    private static final String ALL_YEARS = "2005-2027";
    private static final HttpClient CONTROL = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, SimulatedStudent> STATE = new HashMap<>();

    private static UsimsSimulator usims;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        usims = UsimsSimulator.start(UsimsSimulator.Settings.defaults(KEY, SECRET, LEA, LEA_NAME), new District() {
            @Override
            public SimulatedStudent student(String ssid) {
                return STATE.get(ssid);
            }

            @Override
            public List<SimulatedSchool> schools(String leaNumber) {
                return List.of();
            }
        });
        for (String ssid : List.of("5200001", "5200002", "5200003", "5200004", "5200005")) {
            STATE.put(ssid, student(ssid, LEA, 9 + Integer.parseInt(ssid.substring(6)) % 4,
                    SimulatedStudent.Size.TYPICAL));
        }
        STATE.put("5200009", student("5200009", LEA, 12, SimulatedStudent.Size.VERY_LARGE));
        STATE.put("5200030", student("5200030", "35", 10, SimulatedStudent.Size.TYPICAL));
        STATE.put("5200040", student("5200040", LEA, 0, SimulatedStudent.Size.TYPICAL));
    }

    @AfterAll
    static void stop() {
        usims.close();
    }

    @BeforeEach
    void calm() throws Exception {
        control("{\"reset\": true, \"resetStats\": true}");
    }

    private static SimulatedStudent student(String ssid, String lea, int grade, SimulatedStudent.Size size) {
        return new SimulatedStudent(ssid, lea, LEA.equals(lea) ? LEA_NAME : "District " + lea, "Test", null, "Student " + ssid,
                LocalDate.now().minusYears(grade + 6L), grade % 2 == 0 ? "F" : "M", grade, size);
    }

    private static UsimsSource source(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(
                UsimsConfig.DATA_URL, usims.dataUrl().toString(),
                UsimsConfig.AUTH_URL, usims.authUrl().toString(),
                UsimsConfig.LEA_NUMBER, LEA,
                UsimsConfig.CLIENT_KEY, KEY,
                UsimsConfig.CLIENT_SECRET, SECRET,
                UsimsConfig.SCHOOL_YEARS, ALL_YEARS,
                UsimsConfig.CALL_DEADLINE_MS, "60000"));
        settings.putAll(overrides);
        return new UsimsSource(UsimsConfig.from(settings::get, name -> null), JSON, Clock.systemUTC());
    }

    private static Map<String, Integer> counts(JsonNode document) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String element : BackpackGenerator.ELEMENTS) {
            n.put(element, document.path(element).size());
        }
        return n;
    }

    private static JsonNode control(String body) throws Exception {
        HttpResponse<String> r = CONTROL.send(HttpRequest.newBuilder(URI.create(usims.baseUrl() + "/_control"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode stats() throws Exception {
        return JSON.readTree(CONTROL.send(HttpRequest.newBuilder(URI.create(usims.baseUrl() + "/_stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static ObjectNode utrexDocument(String ssid) {
        return BackpackGenerator.generate(STATE.get(ssid), LocalDate.now(ZoneId.of("America/Denver")));
    }

    @Test
    void theSameStudentHasTheSameRecordsPerDataElementFromUsimsAsFromUtrex() {
        UsimsSource source = source(Map.of());
        for (String ssid : List.of("5200001", "5200002", "5200003", "5200004", "5200005", "5200040")) {
            ObjectNode utrex = utrexDocument(ssid);
            ObjectNode fromUsims = source.document(ssid);
            assertEquals(counts(utrex), counts(fromUsims), "records per data element for " + ssid);
            assertEquals(utrex.path("student").path("raceEthnicity"), fromUsims.path("student").path("raceEthnicity"));
            assertEquals(utrex.path("student").path("primaryLanguage"), fromUsims.path("student").path("primaryLanguage"));
            assertEquals(utrex.path("student").path("currentSchoolName"),
                    fromUsims.path("student").path("currentSchoolName"));
            assertEquals(utrex.path("enrollments"), fromUsims.path("enrollments"), "enrollments of " + ssid);
            assertEquals(utrex.path("courseHistory"), fromUsims.path("courseHistory"), "course history of " + ssid);
            assertEquals(utrex.path("sectionAttendance").path(0).path("membershipDays"),
                    fromUsims.path("sectionAttendance").path(0).path("membershipDays"));
            assertEquals(utrex.path("courseGrades").path(0).path("mark"), fromUsims.path("courseGrades").path(0).path("mark"));
            assertEquals(utrex.path("courseGrades").path(0).path("teacherCactusId"),
                    fromUsims.path("courseGrades").path(0).path("teacherCactusId"));
        }
    }

    @Test
    void aVeryLargeRecordHasTheSameCountsToo() {
        ObjectNode utrex = utrexDocument("5200009");
        assertEquals(counts(utrex), counts(source(Map.of()).document("5200009")));
    }

    @Test
    void theTokenIsKeptBetweenCallsAndRenewedOnceWhenUsimsRefusesIt() throws Exception {
        UsimsSource source = source(Map.of());
        source.document("5200001");
        source.document("5200002");
        assertEquals(1, stats().path("tokensIssued").asInt(), "one token serves every call until it expires");

        control("{\"expireTokens\": true}");
        ObjectNode again = source.document("5200001");
        assertEquals(counts(utrexDocument("5200001")), counts(again));
        assertEquals(2, stats().path("tokensIssued").asInt(), "a 401 brings exactly one new token");
    }

    @Test
    void collectionsAreReadPageByPageUsingTotalCount() throws Exception {
        ObjectNode paged = source(Map.of(UsimsConfig.PAGE_SIZE, "7")).document("5200002");
        int attendanceEvents = 0;
        for (JsonNode row : paged.path("sectionAttendance")) {
            attendanceEvents += row.path("membershipDays").asInt();
        }
        assertEquals(counts(utrexDocument("5200002")), counts(paged));
        int years = 2027 - 2005 + 1;
        assertTrue(stats().path("get.studentSectionAttendanceEvents").asInt() >= attendanceEvents / 7,
                "events come 7 to a page: " + stats());
        assertTrue(stats().path("get.studentSectionAttendanceEvents").asInt() >= years);
    }

    @Test
    void rateLimitsAreWaitedOutWithinTheCall() throws Exception {
        control("{\"rateLimitRate\": 0.2, \"retryAfterSeconds\": 0, \"seed\": 19}");
        ObjectNode document = source(Map.of()).document("5200003");
        assertEquals(counts(utrexDocument("5200003")), counts(document));
        assertTrue(stats().path("fault.rateLimit").asInt() > 0, "USIMS did ask us to slow down: " + stats());
    }

    @Test
    void aRateLimitLongerThanTheDeadlineIsHandedBackToTheForwarder() throws Exception {
        control("{\"rateLimitRate\": 1, \"retryAfterSeconds\": 120}");
        UtrexException e = assertThrows(UtrexException.class,
                () -> source(Map.of(UsimsConfig.CALL_DEADLINE_MS, "5000")).document("5200003"));
        assertEquals(UtrexException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(120), e.retryAfter());
    }

    @Test
    void aRetryAfterLongerThanABriefPauseIsHandedBackAtOnceSoNoWorkerSleeps() throws Exception {
        control("{\"rateLimitRate\": 1, \"retryAfterSeconds\": 5}");
        UtrexException e = assertThrows(UtrexException.class, () -> source(Map.of()).document("5200003"));
        assertEquals(UtrexException.Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(5), e.retryAfter());
        assertEquals(1, stats().path("fault.rateLimit").asInt(), "asked once, not again after a sleep: " + stats());
    }

    @Test
    void aStudentWithoutRecordsInTheEnabledYearsIsAnAnswerNotAFault() {
        UtrexException e = assertThrows(UtrexException.class,
                () -> source(Map.of(UsimsConfig.SCHOOL_YEARS, "2005-2006")).document("5200001"));
        assertTrue(e.permanent());
        assertEquals("USIMS has no Backpack data for this student in the enabled school years.", e.getMessage());
    }

    @Test
    void onlyTheEnabledSchoolYearsAreRead() {
        ObjectNode all = source(Map.of()).document("5200004");
        int year = LocalDate.now().getMonthValue() >= 7 ? LocalDate.now().getYear() + 1 : LocalDate.now().getYear();
        ObjectNode recent = source(Map.of(UsimsConfig.SCHOOL_YEARS, (year - 1) + "-" + year)).document("5200004");
        assertTrue(counts(recent).get("courseGrades") < counts(all).get("courseGrades"));
        for (String element : List.of("enrollments", "courseGrades", "courseHistory", "sectionAttendance", "assessments")) {
            for (JsonNode row : recent.path(element)) {
                String label = row.path("schoolYear").asText();
                assertTrue(label.equals((year - 2) + "-" + (year - 1)) || label.equals((year - 1) + "-" + year),
                        element + " row from " + label);
            }
        }
    }

    @Test
    void anUnknownSsidOrAnotherLeasStudentEndsTheRequestAtSubmit() {
        UsimsSource source = source(Map.of());
        UtrexException unknown = assertThrows(UtrexException.class, () -> source.submit("5299999", "Retrieve", "c-1"));
        assertTrue(unknown.permanent());
        assertEquals("USIMS has no student with SSID 5299999 that LEA 01 may read.", unknown.getMessage());
        assertThrows(UtrexException.class, () -> source.submit("5200030", "Retrieve", "c-2"));
    }

    @Test
    void theForwarderStepsGiveTheDocumentAtOnce() throws Exception {
        UsimsSource source = source(Map.of());
        UtrexApi.Submission submission = source.submit("5200005", "Retrieve", "corr-5");
        assertEquals(Duration.ZERO, submission.retryAfter());
        assertTrue(source.status(submission.requestId()).complete());
        Path file = dir.resolve("doc.json");
        long bytes = source.download(submission.requestId(), file);
        assertEquals(Files.size(file), bytes);
        JsonNode document = JSON.readTree(file.toFile());
        assertEquals("5200005", document.path("ssid").asText());
        assertEquals(counts(utrexDocument("5200005")), counts(document));
    }

    @Test
    void aRefusedSecretIsPermanentAndNamesTheKey() {
        UtrexException e = assertThrows(UtrexException.class,
                () -> source(Map.of(UsimsConfig.CLIENT_SECRET, "wrong")).submit("5200001", "Retrieve", "c-3"));
        assertTrue(e.permanent());
        assertTrue(e.getMessage().contains("refused this district's key (client key " + KEY + ")"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "the secret is never shown");
    }

    @Test
    void testConnectionSaysInASentenceWhatWorkedAndWhatDidNot() throws Exception {
        UsimsSource.Outcome ok = source(Map.of(UsimsConfig.SCHOOL_YEARS, "2024-2026")).testConnection();
        assertTrue(ok.ok(), ok.sentence());
        assertEquals("USIMS issued an access token for key " + KEY + ", knows LEA 01 (Wasatch Valley School District)"
                + " and holds the enabled school years 2023-2024 to 2025-2026.", ok.sentence());

        UsimsSource.Outcome refused = source(Map.of(UsimsConfig.CLIENT_SECRET, "wrong")).testConnection();
        assertFalse(refused.ok());
        assertTrue(refused.sentence().contains("refused this district's key"), refused.sentence());

        UsimsSource.Outcome lea = source(Map.of(UsimsConfig.LEA_NUMBER, "77")).testConnection();
        assertFalse(lea.ok());
        assertTrue(lea.sentence().contains("does not know LEA 77"), lea.sentence());

        UsimsSource.Outcome years = source(Map.of(UsimsConfig.SCHOOL_YEARS, "1995-1996")).testConnection();
        assertFalse(years.ok());
        assertTrue(years.sentence().contains("school years 1994-1995, 1995-1996 are not enabled in USIMS"),
                years.sentence());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        UsimsSource.Outcome down = source(Map.of(UsimsConfig.AUTH_URL, "http://127.0.0.1:" + closed + "/token"))
                .testConnection();
        assertFalse(down.ok());
        assertTrue(down.sentence().contains("Could not connect to USIMS at 127.0.0.1"), down.sentence());
    }

    @Test
    void outagesAndSlowAnswersAreFaultsToRetryEachSaidInASentence() throws Exception {
        control("{\"failureRate\": 1}");
        UtrexException down = assertThrows(UtrexException.class, () -> source(Map.of()).document("5200001"));
        assertEquals(UtrexException.Kind.TRANSIENT, down.kind());
        assertEquals("The USIMS sign-in service is temporarily unavailable (HTTP 503).", down.getMessage());

        control("{\"reset\": true, \"latencyMs\": 800}");
        UtrexException slow = assertThrows(UtrexException.class,
                () -> source(Map.of(UsimsConfig.RESPONSE_TIMEOUT_MS, "300")).document("5200001"));
        assertEquals(UtrexException.Kind.TRANSIENT, slow.kind());
        assertEquals("USIMS did not answer within 300 milliseconds.", slow.getMessage());
    }

    @Test
    void oneStudentsWholeReadStopsAtTheCallDeadline() throws Exception {
        control("{\"latencyMs\": 150}");
        UtrexException late = assertThrows(UtrexException.class,
                () -> source(Map.of(UsimsConfig.CALL_DEADLINE_MS, "1000")).document("5200001"));
        assertEquals(UtrexException.Kind.TRANSIENT, late.kind());
        assertEquals("USIMS did not send this student's records within 1 second.", late.getMessage());
    }
}
