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
import org.utbackpack.plugin.utrex.UtrexApi;
import org.utbackpack.plugin.utrex.UtrexClient;
import org.utbackpack.plugin.utrex.UtrexConfig;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.TestPaths;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Clock;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three forwarders, as three SIS nodes, on one H2 or PostgreSQL database and one UTREx simulator: every
 * request is submitted to UTREx once and stored once, and a request held by a node that died is finished by
 * the others once its lease lapses. (The same over separate host processes: MultiProcessForwardingTest.)
 */
class ForwarderNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LEA = "01";
    private static final int REQUESTS = 40;
    private static UtrexSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults("nodes", "nodes-secret", LEA)
                .withProcessingTime(Duration.ofMillis(150)));
        for (int i = 0; i < REQUESTS; i++) {
            simulator.register(new SimulatedStudent(ssid(i), LEA, "District 01", "Sam", null, "Node" + i,
                    LocalDate.of(2018, 1, 1), "M", 1, SimulatedStudent.Size.TYPICAL));
        }
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void nodesSharingOneDatabaseForwardEachRequestExactlyOnce(Databases.Kind kind) throws Exception {
        control("{\"reset\":true,\"resetStats\":true,\"latencyMs\":20}");
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            Instant now = Instant.now();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                long student = student(jdbc, i);
                ids.add(request(jdbc, student, ssid(i), now, i == 0 ? "dead-node" : null,
                        i == 0 ? now.plusSeconds(2) : null));
            }
            // request 0 is held by a node that died mid-call two seconds before its lease lapses

            List<Forwarder> nodes = new ArrayList<>();
            List<UtrexClient> clients = new ArrayList<>();
            Set<String> owners = new HashSet<>();
            try {
                for (int n = 0; n < 3; n++) {
                    UtrexClient client = client();
                    clients.add(client);
                    Forwarder node = new Forwarder(jdbc, new RequestRepository(jdbc), client,
                            new BackpackIngest(JSON), new AuditLog(Clock.systemUTC()), Clock.systemUTC(), "node-" + n,
                            new ForwarderSettings(Duration.ofMillis(50), Duration.ofSeconds(2), 3, 10,
                                    Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(100)));
                    nodes.add(node);
                    node.start();
                }
                Instant deadline = Instant.now().plusSeconds(60);
                while (open(jdbc) > 0) {
                    assertTrue(Instant.now().isBefore(deadline), "all requests finished in time");
                    owners.addAll(jdbc.query("SELECT LEASEOWNER FROM S_UT_STU_BACKPACKREQUEST_C WHERE LEASEOWNER IS NOT NULL",
                            rs -> rs.getString(1)));
                    Thread.sleep(20);
                }
            } finally {
                nodes.forEach(Forwarder::close);
                for (UtrexClient c : clients) {
                    c.close();
                }
            }

            JsonNode stats = stats();
            for (long id : ids) {
                String correlation = jdbc.queryFirst("SELECT CORRELATIONID FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?",
                        rs -> rs.getString(1), id).orElseThrow();
                assertEquals("RECEIVED", state(jdbc, id));
                assertEquals(1, stats.path("submits").path(correlation).asInt(), "request " + id + " submitted once");
                assertEquals(1, count(jdbc, "SELECT COUNT(*) FROM U_UT_BP_FILE WHERE REQUESTID = ?", id), "one file");
                assertEquals(1, count(jdbc, "SELECT COUNT(*) FROM U_UT_BP_AUDIT WHERE REQUESTID = ? AND ACTION = 'receive'",
                        id), "received once");
            }
            assertEquals(REQUESTS, stats.path("requests").asInt(), "one UTREx request per Backpack request");
            owners.remove("dead-node");
            assertTrue(owners.size() >= 2, "the nodes shared the work: " + owners);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aLongDownloadKeepsItsClaimByRenewingIt(Databases.Kind kind) throws Exception {
        control("{\"reset\":true,\"resetStats\":true}");
        try (HikariDataSource ds = schema(kind); UtrexClient client = client()) {
            Jdbc jdbc = new Jdbc(ds);
            RequestRepository requests = new RequestRepository(jdbc);
            long id = request(jdbc, student(jdbc, 0), ssid(0), Instant.now(), null, null);
            CountDownLatch downloading = new CountDownLatch(1);
            UtrexApi slow = new UtrexApi() {
                @Override
                public Submission submit(String ssid, String requestType, String correlationId) {
                    return client.submit(ssid, requestType, correlationId);
                }

                @Override
                public Status status(String requestId) {
                    return client.status(requestId);
                }

                @Override
                public long download(String requestId, java.nio.file.Path target) {
                    long bytes = client.download(requestId, target);
                    downloading.countDown();
                    try {
                        Thread.sleep(2_500); // a large document on a slow line: four leases long
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return bytes;
                }

                @Override
                public String maxDocumentSize() {
                    return client.maxDocumentSize();
                }
            };
            Duration lease = Duration.ofMillis(600);
            Forwarder node = new Forwarder(jdbc, requests, slow, new BackpackIngest(JSON), new AuditLog(Clock.systemUTC()),
                    Clock.systemUTC(), "slow-node", new ForwarderSettings(Duration.ofMillis(50), lease, 1, 10,
                    Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(100)));
            try {
                node.start();
                assertTrue(downloading.await(20, TimeUnit.SECONDS), "the download started");
                int attempts = 0;
                while (state(jdbc, id).equals("SENT")) {
                    Instant now = Instant.now();
                    assertFalse(requests.claim(id, "intruder", now, now.plus(lease)),
                            "no other node may take the request while its download runs");
                    attempts++;
                    Thread.sleep(100);
                }
                assertTrue(attempts >= 15, "tried to take it over for the whole download: " + attempts);
            } finally {
                node.close();
            }
            assertEquals("RECEIVED", state(jdbc, id));
            assertEquals(1, count(jdbc, "SELECT COUNT(*) FROM U_UT_BP_FILE WHERE REQUESTID = ?", id));
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aStoreSlowerThanTheLeaseKeepsItsClaimAndTheDocumentIsFetchedOnce(Databases.Kind kind) throws Exception {
        control("{\"reset\":true,\"resetStats\":true}");
        try (HikariDataSource ds = schema(kind); UtrexClient client = client()) {
            CountDownLatch storing = new CountDownLatch(1);
            // the database takes 2.5 s (four leases) to take the file, as a loaded H2 might
            Jdbc slow = new Jdbc(slowFileInsert(ds, storing, 2_500));
            RequestRepository requests = new RequestRepository(slow);
            long id = request(slow, student(slow, 1), ssid(1), Instant.now(), null, null);
            Duration lease = Duration.ofMillis(600);
            Forwarder node = new Forwarder(slow, requests, client, new BackpackIngest(JSON), new AuditLog(Clock.systemUTC()),
                    Clock.systemUTC(), "slow-store", new ForwarderSettings(Duration.ofMillis(50), lease, 1, 10,
                    Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(100)));
            try {
                node.start();
                assertTrue(storing.await(20, TimeUnit.SECONDS), "the store started");
                int attempts = 0;
                while (state(slow, id).equals("SENT")) {
                    Instant now = Instant.now();
                    assertFalse(requests.claim(id, "intruder", now, now.plus(lease)),
                            "no other node may take the request while its file is being stored");
                    attempts++;
                    Thread.sleep(100);
                }
                assertTrue(attempts >= 15, "tried to take it over for the whole store: " + attempts);
            } finally {
                node.close();
            }
            assertEquals("RECEIVED", state(slow, id));
            assertEquals(1, count(slow, "SELECT COUNT(*) FROM U_UT_BP_FILE WHERE REQUESTID = ?", id));
            assertEquals(1, stats().path("documentsServed").asInt(), "the document was downloaded once");
        }
    }

    /** The data source, with every statement that stores a Backpack file taking {@code millis} longer. */
    private static DataSource slowFileInsert(DataSource ds, CountDownLatch storing, long millis) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(ds, method, args);
                    if (!(result instanceof Connection c)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") && a != null && a[0] instanceof String sql
                                        && sql.startsWith("INSERT INTO U_UT_BP_FILE ")) {
                                    storing.countDown();
                                    Thread.sleep(millis);
                                }
                                return call(c, m, a);
                            });
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static UtrexClient client() {
        Map<String, String> settings = new HashMap<>(Map.of(UtrexConfig.BASE_URL, simulator.baseUrl().toString(),
                UtrexConfig.LEA_NUMBER, LEA, UtrexConfig.CLIENT_ID, "nodes", UtrexConfig.CLIENT_SECRET, "nodes-secret"));
        return new UtrexClient(UtrexConfig.from(settings::get, n -> null), JSON, Clock.systemUTC());
    }

    private static String ssid(int i) {
        return String.format("52%05d", i);
    }

    private static long student(Jdbc jdbc, int i) {
        jdbc.update("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME, LAST_NAME, STATE_STUDENTNUMBER)"
                + " VALUES (?, ?, ?, ?, ?)", 100 + i, "N" + i, "Sam", "Node" + i, ssid(i));
        return jdbc.queryFirst("SELECT DCID FROM STUDENTS WHERE ID = ?", rs -> rs.getLong(1), 100 + i).orElseThrow();
    }

    private static long request(Jdbc jdbc, long student, String ssid, Instant now, String owner, Instant until) {
        return jdbc.withConnection(c -> Jdbc.insert(c, "INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID,"
                        + " REQUESTDATE, STATUS, RESPONSETYPE, STATE, ATTEMPTS, NEXTATTEMPTAT, SSID, CORRELATIONID,"
                        + " LEASEOWNER, LEASEUNTIL) VALUES (?, ?, 'Retrieve', 'Approved', 'QUEUED', 0, ?, ?, ?, ?, ?)",
                student, now, now, ssid, UUID.randomUUID().toString(), owner == null ? Jdbc.Null.VARCHAR : owner,
                until == null ? Jdbc.Null.TIMESTAMP : until));
    }

    private static int open(Jdbc jdbc) {
        return jdbc.queryFirst("SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE IN ('QUEUED', 'SENT')",
                rs -> rs.getInt(1)).orElseThrow();
    }

    private static String state(Jdbc jdbc, long id) {
        return jdbc.queryFirst("SELECT STATE || ' ' || COALESCE(LASTERROR, '') FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID = ?",
                rs -> rs.getString(1), id).orElseThrow().trim();
    }

    private static int count(Jdbc jdbc, String sql, long id) {
        return jdbc.queryFirst(sql, rs -> rs.getInt(1), id).orElseThrow();
    }

    private static HikariDataSource schema(Databases.Kind kind) {
        HikariDataSource ds = Databases.newDataSource(kind);
        HostDatabase.migrateCore(ds);
        new ExtensionSchemaMigrator().migrate(ds, PluginPackage.fromDirectory(TestPaths.projectRoot()).extensionTables());
        return ds;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static void control(String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_control"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private static JsonNode stats() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_stats"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
