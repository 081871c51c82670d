package org.utbackpack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.utrex.UtrexSimulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Forwarding at the start of a school year: a thousand approved requests become due at one instant, and
 * the host's forwarder (in its own JVM, with the plugin's settings) takes each through UTREx: submit,
 * status poll, download, store. The UTREx simulator runs in this JVM and answers every call after
 * 300 ms, so the host's heap holds only the host's own work.
 *
 * <p>Figures: forwards (submits UTREx accepted, the disclosure log's {@code forward} events) per second
 * and files received per second, both counted from the instant the requests became due to the last
 * event; the host's heap after a full collection before and after (growth), and the most in use meanwhile.
 */
final class ForwardBench {

    static final int REQUESTS = 1000;
    static final long LATENCY_MS = 300;

    private ForwardBench() {
    }

    /**
     * Heaps are after a full collection: before the requests fall due, when half of the documents have been
     * served, and after the last is stored; the peak is the most in use (garbage included) meanwhile.
     */
    record Figures(int forwarded, int received, double forwardsPerSecond, double receivedPerSecond,
                   double heapBeforeMb, double heapMidMb, double heapAfterMb, double heapPeakMb, double receiveP50s,
                   double firstFileS, double receivedBetweenPerSecond) {
    }

    static Figures run(BenchDatabase db, Path work, int workers, List<String> hostJvm, long seed) throws Exception {
        String secret = UUID.randomUUID().toString();
        ObjectMapper json = new ObjectMapper();
        long firstRequest;
        long lastFileBefore;
        Instant due;
        try (UtrexSimulator simulator = UtrexSimulator.start(UtrexSimulator.Settings.defaults("utbackpack-bench", secret,
                DemoData.LEA_NUMBER))) {
            HttpClient http = HttpClient.newHttpClient();
            control(http, simulator.baseUrl(), "{\"latencyMs\": " + LATENCY_MS + "}");
            Path config = work.resolve("forward.properties");
            Files.writeString(config, String.join("\n",
                    "utbackpack.utrex.baseUrl=" + simulator.baseUrl(),
                    "utbackpack.utrex.leaNumber=" + DemoData.LEA_NUMBER,
                    "utbackpack.utrex.clientId=utbackpack-bench",
                    "utbackpack.utrex.clientSecret=" + secret,
                    "utbackpack.forwarder.workers=" + workers) + "\n");

            // the requests, due a while from now (the host must be up first: H2 lets one process in at a time;
            // on a loaded machine it has taken 40 s to start)
            due = Instant.now().plusSeconds(60);
            try (HikariDataSource pool = db.pool(2); Connection c = pool.getConnection()) {
                // a run that stopped before its clean-up left requests open; the host would forward them too,
                // and their documents would count in the simulator's figure this run stops by
                try (Statement s = c.createStatement()) {
                    int left = s.executeUpdate("DELETE FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE IN ('QUEUED', 'SENT')");
                    if (left > 0) {
                        Bench.log("  (removed %d requests an interrupted run left open)", left);
                    }
                }
                long staff = single(c, "SELECT DCID FROM USERS WHERE LOGINID = 'backpack.admin'");
                lastFileBefore = single(c, "SELECT MAX(ID) FROM U_UT_BP_FILE");
                List<long[]> students = new ArrayList<>(); // {dcid, index, grade}
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DCID, ID, GRADE_LEVEL FROM"
                        + " STUDENTS WHERE ID >= " + DistrictData.FIRST_STUDENT_ID + " AND STATE_STUDENTNUMBER IS NOT NULL"
                        + " AND GRADE_LEVEL >= 0 ORDER BY ID DESC FETCH FIRST " + REQUESTS + " ROWS ONLY")) {
                    while (rs.next()) {
                        students.add(new long[] {rs.getLong(1), rs.getLong(2) - DistrictData.FIRST_STUDENT_ID,
                                rs.getLong(3)});
                    }
                }
                for (long[] s : students) {
                    simulator.register(DistrictData.simulated(seed, (int) s[1], (int) s[2]));
                }
                firstRequest = single(c, "SELECT COALESCE(MAX(ID), 0) FROM S_UT_STU_BACKPACKREQUEST_C") + 1;
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID,"
                        + " REQUESTEDBY, REQUESTDATE, STATUS, RESPONSETYPE, RESPONDEDBY, RESPONDEDAT, STATE, ATTEMPTS,"
                        + " NEXTATTEMPTAT, SSID, CORRELATIONID, WHENCREATED, WHOCREATED)"
                        + " VALUES (?, ?, ?, 'Retrieve', 'Approved', ?, ?, 'QUEUED', 0, ?, ?, ?, ?, 'utbackpack')")) {
                    Timestamp now = Timestamp.from(Instant.now());
                    for (long[] s : students) {
                        ps.setLong(1, s[0]);
                        ps.setLong(2, staff);
                        ps.setTimestamp(3, now);
                        ps.setLong(4, staff);
                        ps.setTimestamp(5, now);
                        ps.setTimestamp(6, Timestamp.from(due));
                        ps.setString(7, String.valueOf(DistrictData.FIRST_SSID + s[1]));
                        ps.setString(8, UUID.randomUUID().toString());
                        ps.setTimestamp(9, now);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                c.commit();
            }

            // the clean-up runs however the run ends (the host too slow to start, a failed figure), so no
            // request of this run is left open for the next
            try {
                double before;
                double mid = Double.NaN;
                double after;
                double[] peak = {0};
                try (HostProcess host = HostProcess.launch(db.url, work.resolve("host-data"), config, hostJvm,
                        work.resolve("host-forward.log"))) {
                    host.awaitPage("/admin/pw.html", Duration.ofSeconds(90));
                    if (Instant.now().isAfter(due.minusSeconds(3))) {
                        throw new IllegalStateException("The host took too long to start; the requests fell due first");
                    }
                    sleepUntil(due.minusSeconds(2));
                    before = host.heapAfterGcMb();
                    histogram(host, work.resolve("forward-heap-before.txt"));
                    AtomicBoolean sampling = new AtomicBoolean(true);
                    Thread sampler = new Thread(() -> {
                        while (sampling.get()) {
                            try {
                                peak[0] = Math.max(peak[0], host.heapUsedMb());
                                Thread.sleep(100);
                            } catch (IOException | InterruptedException e) {
                                return;
                            }
                        }
                    }, "heap-sampler");
                    sampler.setDaemon(true);
                    sampler.start();
                    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                    for (int served = 0; served < REQUESTS && System.nanoTime() < deadline;
                         served = served(http, simulator.baseUrl(), json)) {
                        if (Double.isNaN(mid) && served >= REQUESTS / 2) {
                            mid = host.heapAfterGcMb();
                        }
                        Thread.sleep(250);
                    }
                    Thread.sleep(3000); // the last documents are being stored
                    sampling.set(false);
                    sampler.join();
                    after = host.heapAfterGcMb();
                    histogram(host, work.resolve("forward-heap-after.txt"));
                }
                return figures(db, firstRequest, lastFileBefore, due, before, mid, after, peak[0]);
            } finally {
                try (HikariDataSource pool = db.pool(2); Connection c = pool.getConnection()) {
                    cleanUp(c, firstRequest, lastFileBefore);
                }
            }
        }
    }

    private static Figures figures(BenchDatabase db, long firstRequest, long lastFileBefore, Instant due,
                                   double before, double mid, double after, double peak) throws SQLException {
        try (HikariDataSource pool = db.pool(2); Connection c = pool.getConnection()) {
            long[] forwards = times(c, "SELECT EVENTAT FROM U_UT_BP_AUDIT WHERE ACTION = 'forward' AND REQUESTID >= "
                    + firstRequest + " ORDER BY EVENTAT");
            long[] received = times(c, "SELECT COMPLETEDAT FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID >= " + firstRequest
                    + " AND STATE = 'RECEIVED' ORDER BY COMPLETEDAT");
            long dueMs = due.toEpochMilli();
            double forwardRate = forwards.length == 0 ? 0 : forwards.length * 1000.0 / (forwards[forwards.length - 1] - dueMs);
            double receiveRate = received.length == 0 ? 0 : received.length * 1000.0 / (received[received.length - 1] - dueMs);
            double p50 = received.length == 0 ? Double.NaN : (received[received.length / 2] - dueMs) / 1000.0;
            // a request's own round trip (submit, UTREx's 1 s wait before the status poll, download) comes before
            // its file however fast the host is: the first file says how long, and files per second from the
            // first to the last leaves it out
            double firstFile = received.length == 0 ? Double.NaN : (received[0] - dueMs) / 1000.0;
            double between = received.length < 2 ? Double.NaN
                    : (received.length - 1) * 1000.0 / (received[received.length - 1] - received[0]);
            return new Figures(forwards.length, received.length, forwardRate, receiveRate, before, mid, after, peak, p50,
                    firstFile, between);
        }
    }

    /** Leaves the data set as it was: the benchmark's requests, files and records go. */
    private static void cleanUp(Connection c, long firstRequest, long lastFileBefore) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String table : Arrays.asList("U_UT_BP_DEMOGRAPHIC", "U_UT_BP_ENROLLMENT", "U_UT_BP_COURSEGRADE",
                    "U_UT_BP_COURSEHIST", "U_UT_BP_ATTENDANCE", "U_UT_BP_TEACHER", "U_UT_BP_ASSESSMENT",
                    "U_UT_BP_FILESUMMARY")) {
                s.executeUpdate("DELETE FROM " + table + " WHERE FILEID > " + lastFileBefore);
            }
            s.executeUpdate("DELETE FROM U_UT_BP_FILE WHERE ID > " + lastFileBefore);
            s.executeUpdate("DELETE FROM S_UT_STU_BACKPACKREQUEST_C WHERE ID >= " + firstRequest);
        }
    }

    private static long[] times(Connection c, String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getTimestamp(1).toInstant().toEpochMilli());
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private static int served(HttpClient http, URI base, ObjectMapper json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_stats")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode stats = json.readTree(r.body());
        return stats.path("documentsServed").asInt();
    }

    private static void control(HttpClient http, URI base, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/_control"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("The simulator refused " + body + ": " + r.body());
        }
    }

    /** What the host's heap holds (live objects by class), kept beside the figures to explain any growth. */
    private static void histogram(HostProcess host, Path file) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(host.pid()), "GC.class_histogram").redirectErrorStream(true)
                    .redirectOutput(file.toFile()).start();
            p.waitFor();
        } catch (IOException e) {
            Bench.log("  (no heap histogram: %s)", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long ms = Duration.between(Instant.now(), at).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
