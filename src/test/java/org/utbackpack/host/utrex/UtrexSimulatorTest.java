package org.utbackpack.host.utrex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UtrexSimulatorTest {

    private static final String CLIENT = "lea21-client";
    private static final String SECRET = "s3cret";
    private static final String OUR_LEA = "21";
    private static final ZoneId UTAH = ZoneId.of("America/Denver");
    private static final SimulatedStudent JUNIOR = Students.of("1000001", OUR_LEA, 11, SimulatedStudent.Size.TYPICAL);
    private static final SimulatedStudent LARGE = Students.of("1000002", OUR_LEA, 12, SimulatedStudent.Size.VERY_LARGE);
    private static final SimulatedStudent ELSEWHERE = Students.of("2000001", "35", 8, SimulatedStudent.Size.TYPICAL);

    private static final TestClock CLOCK = new TestClock();
    private static UtrexSimulator simulator;
    private static Http http;
    private static int correlation;

    @BeforeAll
    static void start() {
        // Two seconds of processing: long enough that "not ready yet" is never a race; tests move the clock.
        simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, OUR_LEA)
                .withProcessingTime(Duration.ofSeconds(2)).withClock(CLOCK));
        simulator.register(JUNIOR);
        simulator.register(LARGE);
        simulator.register(ELSEWHERE);
        http = new Http(simulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void cleanSlate() throws Exception {
        http.control("{\"reset\":true,\"resetStats\":true}");
    }

    private static String newCorrelationId() {
        return "corr-" + (++correlation) + "-" + System.nanoTime();
    }

    private static String token() throws Exception {
        return http.token(CLIENT, SECRET);
    }

    /** Submits and moves the clock past the processing time. */
    private static String completedRequest(String token, SimulatedStudent s) throws Exception {
        HttpResponse<byte[]> r = http.submit(token, s.ssid(), OUR_LEA, "Retrieve", newCorrelationId());
        assertEquals(202, r.statusCode(), body(r));
        CLOCK.advance(Duration.ofSeconds(3));
        return Http.json(r).get("requestId").asText();
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String code) throws IOException {
        assertEquals(status, r.statusCode(), body(r));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = Http.json(r).get("error");
        assertEquals(code, error.get("code").asText(), body(r));
        assertFalse(error.get("message").asText().isBlank());
        assertFalse(body(r).contains("Exception"), "no stack traces to the client");
    }

    /**
     * What the generator makes for a first retrieval on the day the document was stamped (the state's load
     * of two weeks before), read back as the wire would carry it.
     */
    private static ObjectNode expected(SimulatedStudent s, JsonNode served) throws IOException {
        Instant generatedAt = Instant.parse(served.get("generatedAt").asText());
        LocalDate asOf = UtrexState.loadDate(LocalDate.ofInstant(generatedAt, UTAH), "Retrieve");
        ObjectNode doc = BackpackGenerator.generate(s, asOf, generatedAt);
        doc.remove("generatedAt");
        return (ObjectNode) Http.JSON.readTree(Http.JSON.writeValueAsBytes(doc));
    }

    private static ObjectNode withoutGeneratedAt(JsonNode doc) {
        ObjectNode copy = ((ObjectNode) doc).deepCopy();
        copy.remove("generatedAt");
        return copy;
    }

    // ---------------------------------------------------------------- the happy path

    @Test
    void tokenSubmitPollAndDocumentMatchTheGenerator() throws Exception {
        HttpResponse<byte[]> tokenResponse = http.tokenResponse(CLIENT, SECRET);
        assertEquals(200, tokenResponse.statusCode());
        JsonNode tokenBody = Http.json(tokenResponse);
        assertEquals("Bearer", tokenBody.get("token_type").asText());
        assertEquals(3600, tokenBody.get("expires_in").asInt());
        String token = tokenBody.get("access_token").asText();
        assertTrue(token.length() >= 32);

        HttpResponse<byte[]> submitted = http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId());
        assertEquals(202, submitted.statusCode(), body(submitted));
        assertEquals("1", submitted.headers().firstValue("Retry-After").orElse(null));
        JsonNode accepted = Http.json(submitted);
        assertEquals("Queued", accepted.get("status").asText());
        String id = accepted.get("requestId").asText();

        assertEquals("Queued", Http.json(http.get("/backpack/v1/requests/" + id, token)).get("status").asText());
        assertError(http.get("/backpack/v1/requests/" + id + "/document", token), 409, "not_ready");
        CLOCK.advance(Duration.ofMillis(1200));
        assertEquals("Processing", Http.json(http.get("/backpack/v1/requests/" + id, token)).get("status").asText());
        CLOCK.advance(Duration.ofMillis(1000));
        JsonNode status = Http.json(http.get("/backpack/v1/requests/" + id, token));
        assertEquals("Complete", status.get("status").asText());
        assertEquals(id, status.get("requestId").asText());

        HttpResponse<byte[]> doc = http.get("/backpack/v1/requests/" + id + "/document", token);
        assertEquals(200, doc.statusCode());
        assertTrue(doc.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(doc.headers().firstValue("Content-Encoding").isEmpty(), "no gzip unless asked");
        JsonNode served = Http.json(doc);
        assertEquals(JUNIOR.ssid(), served.get("ssid").asText());
        assertEquals(expected(JUNIOR, served), withoutGeneratedAt(served));
    }

    @Test
    void statusAdvancesInRealTimeWithTheDefaultProcessingTime() throws Exception {
        try (UtrexSimulator quick = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, OUR_LEA))) {
            quick.register(JUNIOR);
            Http h = new Http(quick.baseUrl());
            String token = h.token(CLIENT, SECRET);
            String id = Http.json(h.submit(token, JUNIOR.ssid(), OUR_LEA, "Update", "c1")).get("requestId").asText();
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String s = Http.json(h.get("/backpack/v1/requests/" + id, token)).get("status").asText();
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(s)) {
                    seen.add(s);
                }
                if (s.equals("Complete")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals("Complete", seen.get(seen.size() - 1), seen.toString());
            assertEquals("Queued", seen.get(0));
            assertTrue(List.of("Queued", "Processing", "Complete").containsAll(seen), seen.toString());
            assertEquals(200, h.get("/backpack/v1/requests/" + id + "/document", token).statusCode());
        }
    }

    @Test
    void gzipWhenAskedAndTheSameDocumentEitherWay() throws Exception {
        String token = token();
        String id = completedRequest(token, LARGE);
        HttpResponse<byte[]> zipped = http.get("/backpack/v1/requests/" + id + "/document", token,
                "Accept-Encoding", "gzip");
        assertEquals(200, zipped.statusCode());
        assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(null));
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            unzipped = in.readAllBytes();
        }
        assertTrue(zipped.body().length * 4 < unzipped.length, "compressed well");
        HttpResponse<byte[]> plain = http.get("/backpack/v1/requests/" + id + "/document", token);
        assertEquals(Long.toString(plain.body().length), plain.headers().firstValue("Content-Length").orElse(null));
        assertArrayEquals(plain.body(), unzipped, "generated once, served the same both times");
        JsonNode doc = Http.JSON.readTree(unzipped);
        assertTrue(BackpackGenerator.recordCount((ObjectNode) doc) > 4000);
        assertEquals(expected(LARGE, doc), withoutGeneratedAt(doc));
    }

    // ---------------------------------------------------------------- idempotency

    @Test
    void aRepeatedCorrelationIdReturnsTheSameRequest() throws Exception {
        String token = token();
        String cid = newCorrelationId();
        String first = Http.json(http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", cid)).get("requestId").asText();
        HttpResponse<byte[]> again = http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", cid);
        assertEquals(202, again.statusCode());
        assertEquals(first, Http.json(again).get("requestId").asText());
        String other = Http.json(http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()))
                .get("requestId").asText();
        assertNotEquals(first, other);

        JsonNode stats = http.stats();
        assertEquals(2, stats.get("submits").get(cid).asInt(), "every accepted POST is counted");
        assertEquals(3, stats.get("submitsBySsid").get(JUNIOR.ssid()).asInt());
        assertEquals(2, stats.get("requests").asInt(), "but only two requests exist");
    }

    @Test
    void concurrentSubmitsWithOneCorrelationIdMakeOneRequest() throws Exception {
        String token = token();
        String cid = newCorrelationId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> Http.json(http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", cid))
                        .get("requestId").asText()));
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> f : answers) {
                ids.add(f.get(20, TimeUnit.SECONDS));
            }
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16, http.stats().get("submits").get(cid).asInt());
        assertEquals(1, http.stats().get("requests").asInt());
    }

    @Test
    void aCorrelationIdCannotBeReusedForAnotherStudent() throws Exception {
        String token = token();
        String cid = newCorrelationId();
        assertEquals(202, http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", cid).statusCode());
        assertError(http.submit(token, LARGE.ssid(), OUR_LEA, "Retrieve", cid), 409, "correlation_conflict");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void badRequestsAre400() throws Exception {
        String token = token();
        for (String ssid : List.of("12345", "12345678", "12a4567", " 1000001")) {
            assertError(http.submit(token, ssid, OUR_LEA, "Retrieve", newCorrelationId()), 400, "invalid_ssid");
        }
        assertError(http.submit(token, JUNIOR.ssid(), OUR_LEA, "Delete", newCorrelationId()), 400, "bad_request");
        assertError(http.postJson("/backpack/v1/requests", token, "{not json"), 400, "bad_request");
        assertError(http.postJson("/backpack/v1/requests", token, "[1,2]"), 400, "bad_request");
        assertError(http.postJson("/backpack/v1/requests", token,
                "{\"ssid\":\"1000001\",\"leaNumber\":\"21\",\"requestType\":\"Retrieve\"}"), 400, "bad_request");
        assertError(http.postJson("/backpack/v1/requests", token,
                "{\"ssid\":1000001,\"leaNumber\":\"21\",\"requestType\":\"Retrieve\",\"correlationId\":\"x\"}"),
                400, "bad_request");
        assertEquals(0, http.stats().get("requests").asInt());
    }

    @Test
    void missingUnknownOrExpiredTokensAre401() throws Exception {
        assertError(http.tokenResponse(CLIENT, "wrong"), 401, "invalid_client");
        assertError(http.tokenResponse("someone-else", SECRET), 401, "invalid_client");
        assertError(http.submit(null, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()), 401, "invalid_token");
        assertError(http.submit("made-up", JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()), 401,
                "invalid_token");
        assertError(http.get("/backpack/v1/requests/anything", null), 401, "invalid_token");

        String token = token();
        http.control("{\"expireTokens\":true}");
        HttpResponse<byte[]> expired = http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId());
        assertError(expired, 401, "token_expired");
        assertTrue(expired.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        http.control("{\"tokenTtlSeconds\":5}");
        HttpResponse<byte[]> shortLived = http.tokenResponse(CLIENT, SECRET);
        assertEquals(5, Http.json(shortLived).get("expires_in").asInt());
        String fresh = Http.json(shortLived).get("access_token").asText();
        assertEquals(202, http.submit(fresh, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()).statusCode());
        CLOCK.advance(Duration.ofSeconds(6));
        assertError(http.submit(fresh, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()), 401, "token_expired");
        assertEquals(1, http.stats().get("requests").asInt(), "refused submits create nothing");
    }

    @Test
    void tokenRequestsNeedTheClientCredentialsGrant() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(http.uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=" + CLIENT)));
        assertError(r, 400, "unsupported_grant_type");
        String basic = java.util.Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> viaBasic = http.send(HttpRequest.newBuilder(http.uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
        assertEquals(200, viaBasic.statusCode(), body(viaBasic));
    }

    @Test
    void studentsOfAnotherLeaAre403() throws Exception {
        String token = token();
        assertError(http.submit(token, ELSEWHERE.ssid(), OUR_LEA, "Retrieve", newCorrelationId()), 403,
                "not_attributable");
        assertError(http.submit(token, JUNIOR.ssid(), "35", "Retrieve", newCorrelationId()), 403, "lea_not_authorized");
    }

    @Test
    void unknownStudentsAndRequestsAre404() throws Exception {
        String token = token();
        HttpResponse<byte[]> r = http.submit(token, "1234567", OUR_LEA, "Retrieve", newCorrelationId());
        assertEquals(404, r.statusCode());
        assertEquals(Http.JSON.readTree("{\"error\":{\"code\":\"ssid_unknown\",\"message\":\"No student with SSID 1234567\"}}"),
                Http.json(r));
        assertError(http.get("/backpack/v1/requests/no-such-id", token), 404, "request_unknown");
        assertError(http.get("/backpack/v1/requests/no-such-id/document", token), 404, "request_unknown");
        assertError(http.get("/backpack/v2/whatever", token), 404, "not_found");
        assertError(http.get("/oauth/token", null), 405, "method_not_allowed");
    }

    @Test
    void aFailedRequestReportsWhyAndHasNoDocument() throws Exception {
        http.control("{\"requestFailureRate\":1}");
        String token = token();
        String id = completedRequest(token, JUNIOR);
        JsonNode status = Http.json(http.get("/backpack/v1/requests/" + id, token));
        assertEquals("Failed", status.get("status").asText());
        assertEquals("assembly_failed", status.get("error").get("code").asText());
        assertError(http.get("/backpack/v1/requests/" + id + "/document", token), 409, "request_failed");
    }

    // ---------------------------------------------------------------- faults

    @Test
    void failureRateOneAnswers503() throws Exception {
        http.control("{\"failureRate\":1}");
        assertError(http.tokenResponse(CLIENT, SECRET), 503, "service_unavailable");
        http.control("{\"reset\":true}");
        assertEquals(200, http.tokenResponse(CLIENT, SECRET).statusCode());
    }

    @Test
    void rateLimitRateOneAnswers429WithRetryAfter() throws Exception {
        String token = token();
        http.control("{\"rateLimitRate\":1}");
        HttpResponse<byte[]> r = http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId());
        assertError(r, 429, "rate_limited");
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals(0, http.stats().get("requests").asInt(), "a rate-limited submit is not accepted");
        assertEquals(1, http.stats().get("faults").get("rateLimit").asInt());
    }

    @Test
    void aRequestThatNeverCompletesStaysProcessing() throws Exception {
        String token = token();
        http.control("{\"neverCompleteRate\":1}");
        String id = completedRequest(token, JUNIOR);
        CLOCK.advance(Duration.ofMinutes(50)); // far past the processing time, within the token's life
        assertEquals("Processing", Http.json(http.get("/backpack/v1/requests/" + id, token)).get("status").asText());
        assertError(http.get("/backpack/v1/requests/" + id + "/document", token), 409, "not_ready");
        assertEquals(1, http.stats().get("faults").get("neverComplete").asInt());
    }

    @Test
    void anUnknownStatusIsAWordOutsideTheContractAndNeverHidesCompletion() throws Exception {
        String token = token();
        HttpResponse<byte[]> r = http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId());
        String id = Http.json(r).get("requestId").asText();
        http.control("{\"unknownStatusRate\":1}");
        assertEquals("OnHold", Http.json(http.get("/backpack/v1/requests/" + id, token)).get("status").asText());
        CLOCK.advance(Duration.ofSeconds(3));
        assertEquals("Complete", Http.json(http.get("/backpack/v1/requests/" + id, token)).get("status").asText());
        assertEquals(1, http.stats().get("faults").get("unknownStatus").asInt());
    }

    @Test
    void aDripFedDocumentArrivesWholeButOneByteAtATime() throws Exception {
        String token = token();
        String id = completedRequest(token, JUNIOR);
        byte[] good = http.get("/backpack/v1/requests/" + id + "/document", token).body();
        http.control("{\"dripRate\":1,\"dripIntervalMs\":1}");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        // timed from before the request: bytes the server wrote while this thread waited for the CPU may
        // already be buffered when reading starts, but none can arrive before it wrote them
        long start = System.nanoTime();
        try (java.io.InputStream body = client.send(java.net.http.HttpRequest.newBuilder(
                        http.uri("/backpack/v1/requests/" + id + "/document")).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofInputStream()).body()) {
            byte[] first = body.readNBytes(20);
            assertEquals(20, first.length);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(15), "a byte at a time");
            assertArrayEquals(java.util.Arrays.copyOf(good, 20), first);
        }
        assertEquals(1, http.stats().get("faults").get("drip").asInt());
    }

    @Test
    void aDripFedDocumentStillArrivesAByteAtATimeWhenTheClientAcceptsGzip() throws Exception {
        String token = token();
        String id = completedRequest(token, JUNIOR);
        byte[] good = http.get("/backpack/v1/requests/" + id + "/document", token).body();
        http.control("{\"dripRate\":1,\"dripIntervalMs\":1}");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = client.send(java.net.http.HttpRequest.newBuilder(
                        http.uri("/backpack/v1/requests/" + id + "/document")).header("Authorization", "Bearer " + token)
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(null));
        try (java.io.InputStream body = new GZIPInputStream(response.body())) {
            byte[] first = body.readNBytes(20);
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(15), "a byte at a time");
            assertArrayEquals(java.util.Arrays.copyOf(good, 20), first);
        }
    }

    @Test
    void aDocumentWithNonFiniteNumbersStillParsesAsJson() throws Exception {
        String token = token();
        String id = completedRequest(token, JUNIOR);
        http.control("{\"nonFiniteRate\":1}");
        String text = body(http.get("/backpack/v1/requests/" + id + "/document", token));
        assertTrue(text.contains("\"creditsEarned\":\"NaN\""), "NaN where a number belongs");
        assertTrue(text.contains("\"creditsAttempted\":1e400"), "a number too large for a double");
        Http.JSON.readTree(text);
        assertEquals(1, http.stats().get("faults").get("nonFinite").asInt());
    }

    @Test
    void oddRequestIdsAreHandedOutAsTheyAre() throws Exception {
        String token = token();
        http.control("{\"oddIdRate\":1,\"seed\":3}");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 12; i++) {
            HttpResponse<byte[]> r = http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId());
            assertEquals(202, r.statusCode(), body(r));
            ids.add(Http.json(r).get("requestId").asText());
        }
        assertTrue(ids.stream().anyMatch(id -> id.startsWith("../")), ids.toString());
        assertTrue(ids.stream().anyMatch(id -> id.length() > 300), "and very long ones");
        assertEquals(12, http.stats().get("faults").get("oddId").asInt());
    }

    @Test
    void aRateLimitBurstAnswers429ToTheNextCallsToo() throws Exception {
        String token = token();
        http.control("{\"rateLimitRate\":1,\"rateLimitBurst\":4}");
        assertError(http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()), 429, "rate_limited");
        http.control("{\"rateLimitRate\":0}");
        for (int i = 0; i < 4; i++) {
            assertError(http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()), 429, "rate_limited");
        }
        assertEquals(202, http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", newCorrelationId()).statusCode(),
                "the burst is over");
        assertEquals(5, http.stats().get("faults").get("rateLimit").asInt());
    }

    @Test
    void malformedAndTruncatedDocumentsDoNotParse() throws Exception {
        String token = token();
        String id = completedRequest(token, JUNIOR);
        byte[] good = http.get("/backpack/v1/requests/" + id + "/document", token).body();
        Http.JSON.readTree(good);

        http.control("{\"malformedRate\":1}");
        HttpResponse<byte[]> malformed = http.get("/backpack/v1/requests/" + id + "/document", token);
        assertEquals(200, malformed.statusCode());
        assertThrows(JsonProcessingException.class, () -> Http.JSON.readTree(malformed.body()));

        http.control("{\"malformedRate\":0,\"truncatedRate\":1}");
        HttpResponse<byte[]> truncated = http.get("/backpack/v1/requests/" + id + "/document", token,
                "Accept-Encoding", "gzip");
        byte[] cut;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(truncated.body()))) {
            cut = in.readAllBytes();
        }
        assertTrue(cut.length < good.length);
        assertArrayEquals(java.util.Arrays.copyOf(good, cut.length), cut, "a prefix of the real document");
        assertThrows(JsonProcessingException.class, () -> Http.JSON.readTree(cut));

        JsonNode faults = http.stats().get("faults");
        assertEquals(1, faults.get("malformed").asInt());
        assertEquals(1, faults.get("truncated").asInt());
    }

    @Test
    void timeoutsHoldTheAnswerAndASubmitIsStillAccepted() throws Exception {
        String token = token();
        http.control("{\"timeoutRate\":1,\"timeoutHoldMs\":3000}");
        String cid = newCorrelationId();
        HttpRequest quick = HttpRequest.newBuilder(http.uri("/backpack/v1/requests"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofMillis(400))
                .POST(HttpRequest.BodyPublishers.ofString(Http.JSON.createObjectNode().put("ssid", JUNIOR.ssid())
                        .put("leaNumber", OUR_LEA).put("requestType", "Retrieve").put("correlationId", cid).toString()))
                .build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThrows(HttpTimeoutException.class, () -> client.send(quick, HttpResponse.BodyHandlers.ofByteArray()));
        assertEquals(1, http.stats().get("submits").get(cid).asInt(), "the state got it; only the answer was lost");

        http.control("{\"timeoutRate\":0}");
        HttpResponse<byte[]> retry = http.submit(token, JUNIOR.ssid(), OUR_LEA, "Retrieve", cid);
        assertEquals(202, retry.statusCode());
        assertEquals(1, http.stats().get("requests").asInt(), "the retry found the first request");
        assertEquals(2, http.stats().get("submits").get(cid).asInt());

        http.control("{\"timeoutRate\":1,\"timeoutHoldMs\":200}");
        long start = System.nanoTime();
        assertError(http.get("/backpack/v1/requests/" + Http.json(retry).get("requestId").asText(), token), 504,
                "timeout");
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190));
    }

    @Test
    void closeReleasesHeldCallsPromptly() throws Exception {
        UtrexSimulator held = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, OUR_LEA));
        Http h = new Http(held.baseUrl());
        h.control("{\"timeoutRate\":1}");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(
                HttpRequest.newBuilder(h.uri("/oauth/token")).timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (h.stats().get("faults").get("timeout").asInt() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long start = System.nanoTime();
        held.close();
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "close did not wait for the 30 s hold");
        try {
            int status = pending.get(5, TimeUnit.SECONDS).statusCode();
            assertEquals(503, status);
        } catch (java.util.concurrent.ExecutionException closedUnderneath) {
            // Also fine: the connection closed with the server; what matters is that nothing hangs.
        }
    }

    @Test
    void latencyDelaysEveryAnswer() throws Exception {
        http.control("{\"latencyMs\":300}");
        long start = System.nanoTime();
        assertEquals(200, http.tokenResponse(CLIENT, SECRET).statusCode());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(290));
        long controlStart = System.nanoTime();
        http.stats();
        assertTrue(System.nanoTime() - controlStart < TimeUnit.MILLISECONDS.toNanos(290), "control is not delayed");
    }

    @Test
    void aSeedMakesTheFaultsRepeatable() throws Exception {
        List<Integer> first = outcomes("{\"reset\":true,\"seed\":42,\"failureRate\":0.5}");
        List<Integer> second = outcomes("{\"reset\":true,\"seed\":42,\"failureRate\":0.5}");
        assertEquals(first, second);
        assertTrue(first.contains(200) && first.contains(503), first.toString());
    }

    private static List<Integer> outcomes(String control) throws Exception {
        http.control(control);
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            result.add(http.tokenResponse(CLIENT, SECRET).statusCode());
        }
        return result;
    }

    // ---------------------------------------------------------------- control and stats

    @Test
    void controlKeepsUnsetKeysAndRejectsBadValues() throws Exception {
        JsonNode after = http.control("{\"failureRate\":0.25}");
        assertEquals(0.25, after.get("failureRate").asDouble());
        after = http.control("{\"latencyMs\":10}");
        assertEquals(0.25, after.get("failureRate").asDouble(), "missing keys keep their value");
        assertEquals(10, after.get("latencyMs").asInt());
        assertError(http.postJson("/_control", null, "{\"failureRate\":2}"), 400, "bad_request");
        assertError(http.postJson("/_control", null, "{\"latencyMs\":-1}"), 400, "bad_request");
        JsonNode reset = http.control("{\"reset\":true}");
        assertEquals(0, reset.get("failureRate").asDouble());
        assertEquals(3600, reset.get("tokenTtlSeconds").asInt());
        assertEquals(reset, Http.json(http.get("/_control", null)));
    }

    @Test
    void statsCountTokensSubmitsAndDocuments() throws Exception {
        String token = token();
        token();
        String id = completedRequest(token, JUNIOR);
        http.get("/backpack/v1/requests/" + id + "/document", token);
        http.get("/backpack/v1/requests/" + id + "/document", token, "Accept-Encoding", "gzip");
        JsonNode stats = http.stats();
        assertEquals(2, stats.get("tokensIssued").asInt());
        assertEquals(2, stats.get("documentsServed").asInt());
        assertEquals(1, stats.get("requests").asInt());
        assertEquals(1, stats.get("submitsBySsid").get(JUNIOR.ssid()).asInt());
        assertEquals(1, stats.get("submits").size());
    }

    @Test
    void anUpdateAfterARetrieveBringsTheWeeksInBetween() throws Exception {
        // mid-October: both loads fall in the school year's first term
        java.time.Clock october = java.time.Clock.fixed(Instant.parse("2026-10-15T18:00:00Z"), UTAH);
        try (UtrexSimulator sim = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, OUR_LEA)
                .withProcessingTime(Duration.ZERO).withClock(october))) {
            sim.register(JUNIOR);
            Http h = new Http(sim.baseUrl());
            String token = h.token(CLIENT, SECRET);
            JsonNode retrieved = servedDocument(h, token, "Retrieve");
            JsonNode updated = servedDocument(h, token, "Update");
            assertEquals(updated, servedDocument(h, token, "Update"), "a second Update the same day finds nothing new");
            assertTrue(membership(updated) > membership(retrieved),
                    "the Update counts the school days since the first load: " + membership(retrieved) + " -> "
                            + membership(updated));
            assertEquals(withoutGeneratedAt(retrieved).get("enrollments"), withoutGeneratedAt(updated).get("enrollments"));
        }
    }

    private static JsonNode servedDocument(Http h, String token, String type) throws Exception {
        HttpResponse<byte[]> r = h.submit(token, JUNIOR.ssid(), OUR_LEA, type, newCorrelationId());
        assertEquals(202, r.statusCode(), body(r));
        String id = Http.json(r).get("requestId").asText();
        HttpResponse<byte[]> doc = h.get("/backpack/v1/requests/" + id + "/document", token);
        assertEquals(200, doc.statusCode(), body(doc));
        return Http.json(doc);
    }

    private static int membership(JsonNode doc) {
        int days = 0;
        for (JsonNode row : doc.get("sectionAttendance")) {
            if ("2026-2027".equals(row.get("schoolYear").asText())) {
                days += row.get("membershipDays").asInt();
            }
        }
        return days;
    }

    @Test
    void theSchoolsTheSisRegisteredAreTheStudentsCurrentAndEarlierSchools() throws Exception {
        try (UtrexSimulator sim = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, OUR_LEA)
                .withProcessingTime(Duration.ZERO).withClock(CLOCK))) {
            sim.registerSchools(OUR_LEA, List.of(new SimulatedSchool("0100", "Lone Peak High School", 10, 12),
                    new SimulatedSchool("0200", "Timberline Junior High", 7, 9),
                    new SimulatedSchool("0300", "Cedar Ridge Elementary", 0, 6)));
            sim.register(JUNIOR);
            Http h = new Http(sim.baseUrl());
            JsonNode doc = servedDocumentOf(h, h.token(CLIENT, SECRET), JUNIOR);
            assertEquals("Lone Peak High School", doc.get("student").get("currentSchoolName").asText());
            JsonNode enrollments = doc.get("enrollments");
            JsonNode current = enrollments.get(enrollments.size() - 1);
            assertEquals("0100", current.get("schoolNumber").asText());
            assertEquals("11", current.get("gradeLevel").asText());
            Set<String> juniorHighGrades = new HashSet<>();
            for (JsonNode e : enrollments) {
                if (e.get("schoolName").asText().endsWith("Junior High")) {
                    juniorHighGrades.add(e.get("gradeLevel").asText());
                }
                assertFalse(e.get("schoolName").asText().endsWith("Middle School"),
                        "the SIS's 7-9 junior high sets the grade configuration");
            }
            assertTrue(Set.of("7", "8", "9").containsAll(juniorHighGrades), juniorHighGrades.toString());
        }
    }

    @Test
    void fieldsTheStateHasNoValueForAreSentAsNull() throws Exception {
        SimulatedStudent blank = new SimulatedStudent("1000009", OUR_LEA, "District 21", "Avery", null, "Tanner",
                JUNIOR.birthDate(), "F", 11, SimulatedStudent.Size.TYPICAL, Set.of("homeLanguage"));
        try (UtrexSimulator sim = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, OUR_LEA)
                .withProcessingTime(Duration.ZERO).withClock(CLOCK))) {
            sim.register(blank);
            Http h = new Http(sim.baseUrl());
            JsonNode student = servedDocumentOf(h, h.token(CLIENT, SECRET), blank).get("student");
            assertTrue(student.has("homeLanguage") && student.get("homeLanguage").isNull(), student.toString());
            assertFalse(student.get("primaryLanguage").isNull());
        }
    }

    private static JsonNode servedDocumentOf(Http h, String token, SimulatedStudent s) throws Exception {
        HttpResponse<byte[]> r = h.submit(token, s.ssid(), OUR_LEA, "Retrieve", newCorrelationId());
        assertEquals(202, r.statusCode(), body(r));
        HttpResponse<byte[]> doc = h.get("/backpack/v1/requests/" + Http.json(r).get("requestId").asText()
                + "/document", token);
        assertEquals(200, doc.statusCode(), body(doc));
        return Http.json(doc);
    }

    @Test
    void bindsToLoopbackOnly() {
        assertEquals("127.0.0.1", simulator.baseUrl().getHost());
        assertTrue(simulator.baseUrl().getPath().equals("/utrex"));
    }
}
