package org.utbackpack.plugin.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.host.utrex.UtrexSimulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UTREx client over real HTTP: against the simulator for the contract and its faults, and against a
 * few lines of JDK HTTP server for answers the simulator never gives (a 401 for every token, a
 * Retry-After date, a body cut short by the connection).
 */
class UtrexClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLIENT = "lea01-client";
    private static final String SECRET = "correct-horse-battery-staple";
    private static final String LEA = "01";
    private static final String KNOWN = "4100001";
    private static final String ELSEWHERE = "4100002";

    private static UtrexSimulator simulator;
    private static final HttpClient CONTROL = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults(CLIENT, SECRET, LEA)
                .withProcessingTime(Duration.ofMillis(100)));
        simulator.register(student(KNOWN, LEA));
        simulator.register(student(ELSEWHERE, "35"));
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void calm() throws Exception {
        control("{\"reset\":true,\"resetStats\":true}");
    }

    @Test
    void submitsPollsAndStreamsTheDocumentIntoAFile() throws Exception {
        try (UtrexClient client = client(Map.of())) {
            UtrexApi.Submission submission = client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString());
            assertEquals(Duration.ofSeconds(1), submission.retryAfter(), "the simulator's Retry-After on 202");
            waitComplete(client, submission.requestId());
            Path file = dir.resolve("doc.json");
            long bytes = client.download(submission.requestId(), file);

            assertEquals(Files.size(file), bytes);
            JsonNode doc = JSON.readTree(file.toFile());
            assertEquals(KNOWN, doc.path("ssid").asText());
            assertTrue(doc.path("enrollments").size() > 0);
        }
    }

    @Test
    void theSameCorrelationIdIsOneRequestAtUtrex() throws Exception {
        try (UtrexClient client = client(Map.of())) {
            String correlation = UUID.randomUUID().toString();
            String first = client.submit(KNOWN, "Retrieve", correlation).requestId();
            String again = client.submit(KNOWN, "Retrieve", correlation).requestId();
            assertEquals(first, again);
            assertEquals(1, stats().path("requests").asInt());
            assertEquals(2, stats().path("submits").path(correlation).asInt());
        }
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheCallSucceeds() throws Exception {
        try (UtrexClient client = client(Map.of())) {
            String id = client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()).requestId();
            assertEquals(1, stats().path("tokensIssued").asInt());
            control("{\"expireTokens\":true}");

            client.status(id);

            assertEquals(2, stats().path("tokensIssued").asInt(), "one refresh after the 401");
        }
    }

    @Test
    void manyCallsRefusedAtOnceShareOneNewToken() throws Exception {
        try (UtrexClient client = client(Map.of())) {
            String id = client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()).requestId();
            control("{\"expireTokens\":true}");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<UtrexApi.Status>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(pool.submit(() -> {
                        go.await(5, TimeUnit.SECONDS);
                        return client.status(id);
                    }));
                }
                go.countDown();
                for (Future<UtrexApi.Status> call : calls) {
                    call.get(10, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2, stats().path("tokensIssued").asInt(), "eight 401s, one new token");
        }
    }

    @Test
    void wrongCredentialsArePermanentAndTheSecretIsNeverInTheMessage() throws Exception {
        try (UtrexClient client = client(Map.of(UtrexConfig.CLIENT_SECRET, "not-the-secret"))) {
            UtrexException e = assertThrows(UtrexException.class,
                    () -> client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()));
            assertEquals(UtrexException.Kind.PERMANENT, e.kind());
            assertTrue(e.getMessage().contains("refused this district's credentials"), e.getMessage());
            assertTrue(e.getMessage().contains(CLIENT), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-secret"));
            assertThrows(UtrexException.class, client::testConnection);
        }
    }

    @Test
    void aRateLimitCarriesTheWaitUtrexAskedFor() throws Exception {
        try (UtrexClient client = client(Map.of())) {
            control("{\"rateLimitRate\":1.0}");
            UtrexException e = assertThrows(UtrexException.class,
                    () -> client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()));
            assertEquals(UtrexException.Kind.RATE_LIMITED, e.kind());
            assertEquals(Duration.ofSeconds(1), e.retryAfter());
        }
    }

    @Test
    void serverErrorsAreTransient() throws Exception {
        try (UtrexClient client = client(Map.of())) {
            control("{\"failureRate\":1.0}");
            UtrexException e = assertThrows(UtrexException.class,
                    () -> client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()));
            assertEquals(UtrexException.Kind.TRANSIENT, e.kind());
            assertEquals("UTREx is temporarily unavailable (HTTP 503).", e.getMessage());
        }
    }

    @Test
    void aSlowAnswerTimesOutAndIsTransient() throws Exception {
        try (UtrexClient client = client(Map.of(UtrexConfig.RESPONSE_TIMEOUT_MS, "500"))) {
            String id = client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()).requestId();
            control("{\"timeoutRate\":1.0,\"timeoutHoldMs\":5000}");
            Instant start = Instant.now();
            UtrexException e = assertThrows(UtrexException.class, () -> client.status(id));
            assertEquals(UtrexException.Kind.TRANSIENT, e.kind());
            assertEquals("UTREx did not answer within 500 milliseconds.", e.getMessage());
            assertTrue(Duration.between(start, Instant.now()).toMillis() < 3_000, "the client gave up, not the server");
        }
    }

    @Test
    void permanentRefusalsAreSentencesStaffUnderstand() throws Exception {
        try (UtrexClient client = client(Map.of())) {
            assertPermanent("UTREx refused the request: it has no student with SSID 4199999.",
                    () -> client.submit("4199999", "Retrieve", UUID.randomUUID().toString()));
            assertPermanent("UTREx refused the request: the student with SSID 4100002 is not attributed to LEA 01,"
                    + " so it will not"
                    + " release the Backpack.", () -> client.submit(ELSEWHERE, "Retrieve", UUID.randomUUID().toString()));
            assertPermanent("UTREx refused the request: SSID 12AB is not a valid Statewide Student ID.",
                    () -> client.submit("12AB", "Retrieve", UUID.randomUUID().toString()));
        }
    }

    @Test
    void aDocumentOverTheLimitIsRefusedNamingTheLimit() throws Exception {
        try (UtrexClient client = client(Map.of(UtrexConfig.MAX_DOCUMENT_BYTES, "2048"))) {
            String id = client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()).requestId();
            waitComplete(client, id);
            UtrexException e = assertThrows(UtrexException.class, () -> client.download(id, dir.resolve("big.json")));
            assertEquals(UtrexException.Kind.PERMANENT, e.kind());
            assertEquals("The Backpack document from UTREx is larger than the 2 KB limit set for this district,"
                    + " so it was not stored.", e.getMessage());
            assertTrue(Files.size(dir.resolve("big.json")) <= 2048, "stopped at the limit, not after");
        }
    }

    @Test
    void nobodyListeningIsTransient() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL, "http://127.0.0.1:" + port + "/utrex"))) {
            UtrexException e = assertThrows(UtrexException.class,
                    () -> client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()));
            assertEquals(UtrexException.Kind.TRANSIENT, e.kind());
            assertEquals("Could not connect to UTREx at 127.0.0.1.", e.getMessage());
        }
    }

    @Test
    void aFreshTokenRefusedAgainIsNotRetriedInsideTheClient() throws Exception {
        AtomicInteger tokens = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        HttpServer stub = stub(Map.of(
                "/utrex/oauth/token", exchange -> {
                    tokens.incrementAndGet();
                    answer(exchange, 200, "{\"access_token\":\"t" + tokens.get() + "\",\"expires_in\":3600}", Map.of());
                },
                "/utrex/backpack/v1/requests/r1", exchange -> {
                    calls.incrementAndGet();
                    answer(exchange, 401, "{\"error\":{\"code\":\"invalid_token\",\"message\":\"no\"}}", Map.of());
                }));
        try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL, base(stub)))) {
            UtrexException e = assertThrows(UtrexException.class, () -> client.status("r1"));
            assertEquals(UtrexException.Kind.TRANSIENT, e.kind(), "the forwarder's backoff decides what next");
            assertEquals(2, tokens.get(), "one token, then one refresh");
            assertEquals(2, calls.get(), "the call, then once more");
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void aDripFedDocumentIsCutOffAtTheCallDeadlineNotAfterTheLastByte() throws Exception {
        try (UtrexClient client = client(Map.of(UtrexConfig.CALL_DEADLINE_MS, "1000"))) {
            String id = client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()).requestId();
            waitComplete(client, id);
            control("{\"dripRate\":1,\"dripIntervalMs\":200}");
            Instant start = Instant.now();
            UtrexException e = assertThrows(UtrexException.class, () -> client.download(id, dir.resolve("d.json")));
            assertEquals(UtrexException.Kind.TRANSIENT, e.kind());
            assertEquals("UTREx did not finish answering within 1 second.", e.getMessage());
            long took = Duration.between(start, Instant.now()).toMillis();
            assertTrue(took < 2_500, "no read timed out (a byte every 200 ms), yet the call ended at its deadline: "
                    + took + " ms");
        }
    }

    @Test
    void aServerThatNeverAnswersIsAbortedAtTheCallDeadlineBeforeTheResponseTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer stub = stub(Map.of(
                "/utrex/oauth/token", exchange -> answer(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":3600}",
                        Map.of()),
                "/utrex/backpack/v1/requests/r1", exchange -> {
                    try {
                        // no answer at all for longer than the response timeout: only the deadline can end it
                        release.await(10, TimeUnit.SECONDS);
                        answer(exchange, 200, "{\"status\":\"Complete\"}", Map.of());
                    } catch (InterruptedException | IOException ignored) {
                        // the client hung up: what the test wants
                    }
                }));
        try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL, base(stub), UtrexConfig.CALL_DEADLINE_MS, "900",
                UtrexConfig.RESPONSE_TIMEOUT_MS, "5000"))) {
            Instant start = Instant.now();
            UtrexException e = assertThrows(UtrexException.class, () -> client.status("r1"));
            assertEquals("UTREx did not finish answering within 900 milliseconds.", e.getMessage());
            assertTrue(Duration.between(start, Instant.now()).toMillis() < 2_000, "cut off at the deadline");
        } finally {
            release.countDown();
            stub.stop(0);
        }
    }

    @Test
    void anOddRequestIdFromUtrexIsRefusedAndNeverPutInAnAddress() throws Exception {
        control("{\"oddIdRate\":1}");
        try (UtrexClient client = client(Map.of())) {
            for (int i = 0; i < 5; i++) {
                UtrexException e = assertThrows(UtrexException.class,
                        () -> client.submit(KNOWN, "Retrieve", UUID.randomUUID().toString()));
                assertEquals(UtrexException.Kind.PERMANENT, e.kind());
                assertTrue(e.getMessage().startsWith("UTREx answered with a request number the SIS cannot use ("),
                        e.getMessage());
            }
            int calls = stats().path("httpRequests").asInt();
            for (String odd : new String[] {"../../oauth/token", "..", "a/b", "id with spaces", "x".repeat(65), "",
                    "%2e%2e", "caf\u00e9"}) {
                assertThrows(UtrexException.class, () -> client.status(odd), odd);
                assertThrows(UtrexException.class, () -> client.download(odd, dir.resolve("x.json")), odd);
            }
            assertEquals(calls, stats().path("httpRequests").asInt(), "no call was made with a bad id");
        }
        assertTrue(UtrexClient.validRequestId("3f2c9a10-7b7e-4c59-9d2a-0c5f1e1a2b3c"));
        assertTrue(UtrexClient.validRequestId("REQ_2026.11-0042"));
        assertFalse(UtrexClient.validRequestId(".."));
    }

    @Test
    void aRetryAfterDateIsReadAsAWait() throws Exception {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.now().plusSeconds(120).atOffset(ZoneOffset.UTC));
        HttpServer stub = stub(Map.of(
                "/utrex/oauth/token", exchange -> answer(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":3600}",
                        Map.of()),
                "/utrex/backpack/v1/requests/r1", exchange -> answer(exchange, 429, "{}", Map.of("Retry-After", at))));
        try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL, base(stub)))) {
            UtrexException e = assertThrows(UtrexException.class, () -> client.status("r1"));
            assertEquals(UtrexException.Kind.RATE_LIMITED, e.kind());
            long seconds = e.retryAfter().toSeconds();
            assertTrue(seconds > 100 && seconds <= 120, "about two minutes, was " + seconds);
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void aBodyCutShortByTheConnectionIsTransientNotADamagedDocument() throws Exception {
        // raw HTTP, because a well-behaved server never promises 10,000 bytes and hangs up after 30
        try (ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                while (!server.isClosed()) {
                    try (java.net.Socket socket = server.accept()) {
                        String head = readHead(socket.getInputStream());
                        OutputStream out = socket.getOutputStream();
                        if (head.startsWith("POST /utrex/oauth/token")) {
                            String body = "{\"access_token\":\"t\",\"expires_in\":3600}";
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
                        } else {
                            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n"
                                    + "{\"ssid\":\"4100001\",\"student\":{").getBytes(StandardCharsets.UTF_8));
                        }
                        out.flush();
                    } catch (IOException e) {
                        return; // closed at the end of the test
                    }
                }
            }, "cut-short-server");
            serving.setDaemon(true);
            serving.start();
            try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL,
                    "http://127.0.0.1:" + server.getLocalPort() + "/utrex"))) {
                UtrexException e = assertThrows(UtrexException.class, () -> client.download("r1", dir.resolve("cut.json")));
                assertEquals(UtrexException.Kind.TRANSIENT, e.kind(), e.getMessage());
                assertTrue(e.getMessage().startsWith("The connection to UTREx broke off"), e.getMessage());
            }
        }
    }

    private static String readHead(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }

    @Test
    void manyCallsAreOutAtOnceFromOneThreadThatNeverWaits() throws Exception {
        ExecutorService stubThreads = Executors.newCachedThreadPool();
        AtomicInteger out = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        HttpServer stub = stub(Map.of(
                "/utrex/oauth/token", exchange -> answer(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":3600}",
                        Map.of()),
                "/utrex/backpack/v1/requests/r1", exchange -> {
                    mostAtOnce.accumulateAndGet(out.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(500);
                        answer(exchange, 200, "{\"status\":\"Processing\"}", Map.of());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        out.decrementAndGet();
                    }
                }), stubThreads);
        try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL, base(stub)))) {
            List<java.util.concurrent.CompletableFuture<UtrexApi.Status>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(client.statusAsync("r1", command -> {
                    throw new AssertionError("UTREx's own calls run on no pool of the caller's");
                }));
            }
            for (var call : calls) {
                assertEquals("Processing", call.get(10, TimeUnit.SECONDS).status());
            }
            assertTrue(mostAtOnce.get() >= 15, "calls UTREx was answering at once: " + mostAtOnce.get());
        } finally {
            stub.stop(0);
            stubThreads.shutdownNow();
        }
    }

    @Test
    void aDocumentStillBeingSentIsRefusedAsSoonAsItPassesTheLimit() throws Exception {
        ExecutorService stubThreads = Executors.newCachedThreadPool();
        CountDownLatch hungUp = new CountDownLatch(1);
        HttpServer stub = stub(Map.of(
                "/utrex/oauth/token", exchange -> answer(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":3600}",
                        Map.of()),
                "/utrex/backpack/v1/requests/r1/document", exchange -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, 0); // chunked: no length to refuse it by
                    byte[] kilobyte = " ".repeat(1024).getBytes(StandardCharsets.UTF_8);
                    try (OutputStream body = exchange.getResponseBody()) {
                        for (int i = 0; i < 500; i++) { // 500 KB over 10 s, if nobody hangs up
                            body.write(kilobyte);
                            body.flush();
                            Thread.sleep(20);
                        }
                    } catch (IOException | InterruptedException e) {
                        hungUp.countDown();
                    }
                }), stubThreads);
        Path file = dir.resolve("endless.json");
        try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL, base(stub),
                UtrexConfig.MAX_DOCUMENT_BYTES, "4096"))) {
            Instant start = Instant.now();
            var call = client.downloadAsync("r1", file, command -> {
                throw new AssertionError("no thread of the caller's");
            });
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> call.get(10, TimeUnit.SECONDS));
            UtrexException refused = (UtrexException) e.getCause();
            assertEquals(UtrexException.Kind.PERMANENT, refused.kind());
            assertEquals("The Backpack document from UTREx is larger than the 4 KB limit set for this district,"
                    + " so it was not stored.", refused.getMessage());
            assertTrue(Duration.between(start, Instant.now()).toMillis() < 5_000, "refused while still coming");
            assertTrue(Files.size(file) <= 4096, "stopped at the limit, not after: " + Files.size(file));
            assertTrue(hungUp.await(5, TimeUnit.SECONDS), "the connection was closed on the sender");
        } finally {
            stub.stop(0);
            stubThreads.shutdownNow();
        }
    }

    @Test
    void aGzipDocumentIsDecompressedIntoTheFileAndTheLimitCountsWhatItDecompressesTo() throws Exception {
        String small = "{\"ssid\":\"" + KNOWN + "\"}";
        String large = "{\"ssid\":\"" + KNOWN + "\",\"pad\":\"" + "x".repeat(100_000) + "\"}";
        List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        Map<String, Handler> routes = new HashMap<>();
        routes.put("/utrex/oauth/token", exchange -> answer(exchange, 200,
                "{\"access_token\":\"t\",\"expires_in\":3600}", Map.of()));
        for (var doc : Map.of("small", small, "large", large).entrySet()) {
            routes.put("/utrex/backpack/v1/requests/" + doc.getKey() + "/document", exchange -> {
                accepted.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
                java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
                    gz.write(doc.getValue().getBytes(StandardCharsets.UTF_8));
                }
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                exchange.sendResponseHeaders(200, zipped.size());
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(zipped.toByteArray());
                }
            });
        }
        HttpServer stub = stub(routes);
        try (UtrexClient client = client(Map.of(UtrexConfig.BASE_URL, base(stub),
                UtrexConfig.MAX_DOCUMENT_BYTES, "8192"))) {
            Path file = dir.resolve("small.json");
            assertEquals(small.length(), client.downloadAsync("small", file, Runnable::run).get(10, TimeUnit.SECONDS));
            assertEquals(small, Files.readString(file));
            assertTrue(accepted.get(0).contains("gzip"), "asked for gzip: " + accepted);

            assertPermanent("The Backpack document from UTREx is larger than the 8 KB limit set for this district,"
                    + " so it was not stored.", () -> client.download("large", dir.resolve("large.json")));
            assertTrue(Files.size(dir.resolve("large.json")) <= 8192, "a few hundred bytes sent, stopped at 8 KB");
        } finally {
            stub.stop(0);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertPermanent(String message, org.junit.jupiter.api.function.Executable call) {
        UtrexException e = assertThrows(UtrexException.class, call);
        assertEquals(UtrexException.Kind.PERMANENT, e.kind(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    private static UtrexClient client(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of(UtrexConfig.BASE_URL, simulator.baseUrl().toString(),
                UtrexConfig.LEA_NUMBER, LEA, UtrexConfig.CLIENT_ID, CLIENT, UtrexConfig.CLIENT_SECRET, SECRET,
                UtrexConfig.CONNECT_TIMEOUT_MS, "1000", UtrexConfig.RESPONSE_TIMEOUT_MS, "5000"));
        settings.putAll(overrides);
        return new UtrexClient(UtrexConfig.from(settings::get, name -> null), JSON, Clock.systemUTC());
    }

    private static void waitComplete(UtrexClient client, String id) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!client.status(id).complete()) {
            assertTrue(Instant.now().isBefore(deadline), "UTREx finished the request");
            Thread.sleep(50);
        }
    }

    private static SimulatedStudent student(String ssid, String lea) {
        return new SimulatedStudent(ssid, lea, "District " + lea, "Jamie", null, "Fielding", LocalDate.of(2016, 5, 1),
                "F", 3, SimulatedStudent.Size.TYPICAL);
    }

    private static void control(String body) throws Exception {
        HttpResponse<String> r = CONTROL.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_control"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static JsonNode stats() throws Exception {
        HttpResponse<String> r = CONTROL.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_stats"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    @FunctionalInterface
    private interface Handler {
        void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private static HttpServer stub(Map<String, Handler> routes) throws IOException {
        return stub(routes, null);
    }

    /** A stub answering on {@code threads} (null: one at a time, on the server's own thread). */
    private static HttpServer stub(Map<String, Handler> routes, ExecutorService threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(threads);
        routes.forEach((path, handler) -> server.createContext(path, exchange -> {
            if (!exchange.getRequestURI().getPath().equals(path)) {
                answer(exchange, 404, "{}", Map.of());
                return;
            }
            handler.handle(exchange);
        }));
        server.start();
        return server;
    }

    private static String base(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/utrex";
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body,
                               Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
