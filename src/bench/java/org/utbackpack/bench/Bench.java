package org.utbackpack.bench;

import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * bench/run: the district-scale benchmarks on H2 and PostgreSQL, each figure beside its floor measured in
 * the same run. See docs/PERFORMANCE.md.
 *
 * <pre>
 * bench/run [--db h2,pg] [--only data,ingest,pages,start,forward] [--reuse] [--quick] [--workers N]
 * </pre>
 * Progress goes to standard error; standard output and target/bench/results.txt get one
 * {@code name: value unit} line per figure.
 */
public final class Bench {

    private static final String TAB = "/admin/students/state/USA_UT/backpack.html";
    private static final String QUEUE = "/admin/specialfunctions/state/USA_UT/guardian_backpack_requests.html";
    private static final String STATIC = "/host-assets/host.css";
    /** Carlos Martinez's 3,928 course grades fill 39 pages of 100. */
    private static final int CARLOS_FULL_PAGES = 39;

    /** Client c's i-th request takes item turn(c, i, n) of n: every client a different one, in turn. */
    private static int turn(int c, long i, int n) {
        return (int) ((c * 7919L + i) % n);
    }

    private static final String QUERY = "/ws/schema/query/com.utbackpack.backpack.student.course_grades";
    private static final List<String> HOST_JVM = List.of("-Xmx1g", "-XX:+UseG1GC");
    /**
     * Forwarder workers for the forwarding run: UTREx answers each call after 300 ms and a request takes
     * three calls, so a hundred forwards a second need dozens of calls in flight (the plugin's default, 4,
     * suits a school, not a district's first week; see docs/PERFORMANCE.md).
     */
    static final int DISTRICT_WORKERS = 64;
    /** Guardian requests asked and rejected per second while the changing queue is measured. */
    private static final double QUEUE_CHANGES_PER_SECOND = 4;

    private record Settings(List<BenchDatabase.Kind> kinds, Set<String> parts, boolean reuse, boolean quick,
                            int workers, boolean hostJfr, Set<String> pages, List<String> hostOptions) {
        /** The host's JVM options; with --host-jfr each host run also records a JFR profile under target/bench. */
        List<String> hostJvm(Path dir, String run) {
            List<String> options = plainJvm();
            if (hostJfr) {
                options.add("-XX:StartFlightRecording=filename=" + dir.resolve(run + ".jfr") + ",settings=profile");
            }
            return options;
        }

        /** The host's JVM options with --host-jvm's after them; a collector named there replaces G1. */
        List<String> plainJvm() {
            boolean collector = hostOptions.stream().anyMatch(o -> o.matches("-XX:\\+Use\\w+GC"));
            List<String> options = new ArrayList<>(HOST_JVM.stream().filter(o -> !(collector && o.endsWith("GC"))).toList());
            options.addAll(hostOptions);
            return options;
        }
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Settings s = parse(args);
        Path out = BenchPaths.output();
        Results results = new Results(out.resolve("results.txt"));
        long start = System.nanoTime();
        for (BenchDatabase.Kind kind : s.kinds()) {
            run(kind, s, out.resolve(kind.prefix), results);
        }
        log("Done in %.1f min; figures in %s", (System.nanoTime() - start) / 60e9, out.resolve("results.txt"));
        System.exit(0); // JMH and HTTP client threads
    }

    private static Settings parse(String[] args) {
        List<BenchDatabase.Kind> kinds = List.of(BenchDatabase.Kind.H2, BenchDatabase.Kind.POSTGRES);
        Set<String> parts = new LinkedHashSet<>(List.of("data", "ingest", "pages", "start", "forward"));
        boolean reuse = false;
        boolean quick = false;
        int workers = DISTRICT_WORKERS;
        boolean hostJfr = false;
        Set<String> pages = Set.of("static", "tab", "drilldown", "drilldown_small", "queue", "queue_changing",
                "queue_school_changing", "decided_changing", "decided_school_changing",
                "query");
        List<String> hostOptions = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> kinds = Arrays.stream(args[++i].split(",")).map(BenchDatabase.Kind::of).toList();
                case "--only" -> parts = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--reuse" -> reuse = true;
                case "--quick" -> quick = true;
                case "--workers" -> workers = Integer.parseInt(args[++i]);
                case "--host-jfr" -> hostJfr = true;
                case "--pages" -> pages = Set.of(args[++i].split(","));
                // more options for every host JVM, after the defaults (a collector named here replaces G1)
                case "--host-jvm" -> hostOptions.addAll(Arrays.asList(args[++i].trim().split("\\s+")));
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\nUsage: bench/run"
                        + " [--db h2,pg] [--only data,ingest,pages,start,forward] [--reuse] [--quick] [--workers N] [--host-jfr] [--pages static,tab,drilldown,drilldown_small,...] [--host-jvm \"OPTIONS\"]");
            }
        }
        parts.add("data"); // every part needs the data set
        return new Settings(kinds, parts, reuse, quick, workers, hostJfr, pages, hostOptions);
    }

    private static void run(BenchDatabase.Kind kind, Settings s, Path dir, Results results) throws Exception {
        String p = kind.prefix + ".";
        if (!s.reuse() && Files.exists(dir)) {
            deleteTree(dir);
        }
        log("== %s: %s", kind, dir);
        try (BenchDatabase db = BenchDatabase.open(kind, dir)) {
            DistrictData.Summary data;
            try (HikariDataSource pool = db.loadingPool()) {
                data = DistrictData.ensure(pool, db.url, DistrictData.Spec.district(), System.err);
            }
            log("data: %s", data);
            results.add(p + "data.students", data.students(), "students");
            results.add(p + "data.records", data.records(), "records");
            results.add(p + "data.files", data.files(), "files");
            results.add(p + "data.pending", data.pending(), "requests");
            if (data.took().toMillis() > 0) {
                results.add(p + "data.generate_s", data.took().toMillis() / 1000.0, "s");
            }
            if (s.parts().contains("ingest")) {
                ingest(db, dir, s, p, results);
            }
            if (s.parts().contains("pages")) {
                pages(db, dir, s, p, results);
            }
            if (s.parts().contains("start")) {
                coldStart(db, dir, s, p, results);
            }
            if (s.parts().contains("forward")) {
                log("forwarding %d requests, UTREx answering after %d ms...", ForwardBench.REQUESTS,
                        ForwardBench.LATENCY_MS);
                ForwardBench.Figures f = ForwardBench.run(db, dir, s.workers(), s.hostJvm(dir, "host-forward"),
                        DistrictData.Spec.district().seed());
                results.add(p + "forward.workers", s.workers(), "workers");
                results.add(p + "forward.per_s", f.forwardsPerSecond(), "req/s");
                results.add(p + "forward.received_per_s", f.receivedPerSecond(), "req/s");
                results.add(p + "forward.received", f.received(), "requests");
                results.add(p + "forward.receive_p50_s", f.receiveP50s(), "s");
                results.add(p + "forward.first_file_s", f.firstFileS(), "s");
                results.add(p + "forward.received_between_per_s", f.receivedBetweenPerSecond(), "req/s");
                results.add(p + "forward.heap_before_mb", f.heapBeforeMb(), "MB");
                results.add(p + "forward.heap_after_mb", f.heapAfterMb(), "MB");
                results.add(p + "forward.heap_growth_mb", f.heapAfterMb() - f.heapBeforeMb(), "MB");
                results.add(p + "forward.heap_growth_2nd_half_mb", f.heapAfterMb() - f.heapMidMb(), "MB");
                results.add(p + "forward.heap_peak_mb", f.heapPeakMb(), "MB");
            }
        }
    }

    // ------------------------------------------------------------------ ingest (JMH)

    private static void ingest(BenchDatabase db, Path dir, Settings s, String p, Results results) throws Exception {
        log("ingest: JMH, the plugin's ingest beside its floor...");
        Map<String, Double> score = new HashMap<>();
        // the very large document needs a longer warm-up: a second of it is only a handful of calls
        for (String doc : List.of("typical", "large")) {
            boolean large = doc.equals("large");
            Options options = new OptionsBuilder()
                    .include(IngestBenchmark.class.getName() + "\\.")
                    .param("url", db.url)
                    .param("document", doc)
                    .mode(Mode.AverageTime)
                    .timeUnit(TimeUnit.MILLISECONDS)
                    .forks(1)
                    // ten warm-up seconds or more: on H2 the first iterations after the data set is built still
                    // run several times slower (the page cache filling, the JIT), as jmh-*.log shows
                    .warmupIterations(s.quick() ? 2 : 10)
                    .warmupTime(TimeValue.seconds(large && !s.quick() ? 2 : 1))
                    .measurementIterations(s.quick() ? 3 : 8)
                    .measurementTime(TimeValue.seconds(large && !s.quick() ? 2 : 1))
                    .jvmArgsAppend("-Xmx2g")
                    .shouldFailOnError(true)
                    .output(dir.resolve("jmh-" + doc + ".log").toString())
                    .build();
            Collection<RunResult> runs = new Runner(options).run();
            for (RunResult r : runs) {
                String method = r.getParams().getBenchmark();
                method = method.substring(method.lastIndexOf('.') + 1);
                score.put(doc + "." + method, r.getPrimaryResult().getScore());
                log("  %s %s: %.2f ± %.2f ms", doc, method, r.getPrimaryResult().getScore(),
                        r.getPrimaryResult().getScoreError());
            }
        }
        for (String doc : List.of("typical", "large")) {
            double ingest = score.get(doc + ".ingest");
            double floor = score.get(doc + ".floor");
            results.add(p + "ingest." + doc + ".ms", ingest, "ms");
            results.add(p + "ingest." + doc + ".floor_ms", floor, "ms");
            results.add(p + "ingest." + doc + ".ratio", ingest / floor, "x");
        }
    }

    // ------------------------------------------------------------------ pages

    private static void pages(BenchDatabase db, Path dir, Settings s, String p, Results results) throws Exception {
        long carlos;
        long avery;
        long busiestSchool;
        List<Long> tabStudents = new ArrayList<>();
        List<Long> smallStudents = new ArrayList<>();
        try (HikariDataSource pool = db.pool(2); Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            carlos = single(st, "SELECT DCID FROM STUDENTS WHERE STATE_STUDENTNUMBER = '1234563'");
            avery = single(st, "SELECT DCID FROM STUDENTS WHERE STATE_STUDENTNUMBER = '1234561'");
            // the tab of 500 students with a typical file (a few with two retrievals), in file order
            try (ResultSet rs = st.executeQuery("SELECT STUDENTSDCID FROM U_UT_BP_FILE f JOIN STUDENTS s ON s.DCID ="
                    + " f.STUDENTSDCID WHERE s.ID >= " + DistrictData.FIRST_STUDENT_ID + " GROUP BY STUDENTSDCID"
                    + " ORDER BY MIN(f.ID) FETCH FIRST 500 ROWS ONLY")) {
                while (rs.next()) {
                    tabStudents.add(rs.getLong(1));
                }
            }
            // the school with the most waiting requests, for its own queue (the request's school, as the page filters)
            busiestSchool = single(st, "SELECT r.SCHOOLID FROM S_UT_STU_BACKPACKREQUEST_C r WHERE r.STATE = 'PENDING'"
                    + " AND r.SCHOOLID IS NOT NULL GROUP BY r.SCHOOLID ORDER BY COUNT(*) DESC, r.SCHOOLID"
                    + " FETCH FIRST 1 ROWS ONLY");
            // students whose latest file has 100 to 199 course grades, as Avery Jensen's: a typical drill-down
            try (ResultSet rs = st.executeQuery("SELECT f.STUDENTSDCID FROM U_UT_BP_FILE f JOIN STUDENTS s ON s.DCID ="
                    + " f.STUDENTSDCID WHERE s.ID >= " + DistrictData.FIRST_STUDENT_ID + " AND f.ID = (SELECT MAX(l.ID)"
                    + " FROM U_UT_BP_FILE l WHERE l.STUDENTSDCID = f.STUDENTSDCID) AND (SELECT COUNT(*) FROM"
                    + " U_UT_BP_COURSEGRADE g WHERE g.FILEID = f.ID) BETWEEN 100 AND 199 ORDER BY f.ID"
                    + " FETCH FIRST 500 ROWS ONLY")) {
                while (rs.next()) {
                    smallStudents.add(rs.getLong(1));
                }
            }
        }
        log("pages: starting the host...");
        try (HostProcess host = HostProcess.launch(db.url, dir.resolve("host-data"), null,
                s.hostJvm(dir, "host-pages"), dir.resolve("host-pages.log"))) {
            Duration first = host.awaitPage("/admin/pw.html", Duration.ofMinutes(5));
            log("  the host answered after %.1f s (a first start creates any new indexes)", first.toMillis() / 1000.0);
            URI base = host.base();
            List<LoadHarness.Session> sessions = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                sessions.add(LoadHarness.signIn(base, "backpack.admin", "demo-password"));
            }
            List<LoadHarness.Target> targets = List.of(
                    new LoadHarness.Target("static", (c, i) -> RawHttp.get(base, STATIC, sessions.get(c).cookie()),
                            "font-family"),
                    new LoadHarness.Target("tab", (c, i) -> RawHttp.get(base, TAB + "?frn=001"
                            + tabStudents.get(turn(c, i, tabStudents.size())), sessions.get(c).cookie()),
                            "Records (view)"),
                    // each request another page or student in turn: H2 answers a statement run again with the
                    // same values from the result it kept, which would measure that and not the page
                    new LoadHarness.Target("drilldown", (c, i) -> RawHttp.get(base, TAB + "?frn=001" + carlos
                            + "&element=courseGrades&page=" + (1 + turn(c, i, CARLOS_FULL_PAGES)),
                            sessions.get(c).cookie()), "id=\"bp-range\""),
                    new LoadHarness.Target("drilldown_small", (c, i) -> RawHttp.get(base, TAB + "?frn=001"
                            + smallStudents.get(turn(c, i, smallStudents.size())) + "&element=courseGrades",
                            sessions.get(c).cookie()), "id=\"bp-range\""),
                    new LoadHarness.Target("queue", (c, i) -> RawHttp.get(base, QUEUE, sessions.get(c).cookie()),
                            "id=\"bp-range\""),
                    new LoadHarness.Target("queue_school_changing", (c, i) -> RawHttp.get(base, QUEUE + "?school="
                            + busiestSchool, sessions.get(c).cookie()), "id=\"bp-range\""),
                    new LoadHarness.Target("queue_changing", (c, i) -> RawHttp.get(base, QUEUE, sessions.get(c).cookie()),
                            "id=\"bp-range\""),
                    // the decided list, a year of decisions: the district's and the busiest school's
                    new LoadHarness.Target("decided_changing", (c, i) -> RawHttp.get(base, QUEUE + "?show=decided",
                            sessions.get(c).cookie()), "id=\"bp-range\""),
                    new LoadHarness.Target("decided_school_changing", (c, i) -> RawHttp.get(base, QUEUE + "?school="
                            + busiestSchool + "&show=decided", sessions.get(c).cookie()), "id=\"bp-range\""),
                    // a page by its keys, as the plugin's own pages read them: "after" the last key of the page before
                    new LoadHarness.Target("query", (c, i) -> RawHttp.postJson(base, QUERY + "?page=1&pagesize=100",
                            sessions.get(c).cookie(), sessions.get(c).csrf(), "{\"studentsdcid\": " + carlos
                                    + ", \"after\": " + 100 * turn(c, i, CARLOS_FULL_PAGES) + "}"), "\"record\""));
            Duration warm = Duration.ofSeconds(s.quick() ? 1 : 2);
            Duration measure = Duration.ofSeconds(s.quick() ? 3 : 8);
            log("  warming up every page...");
            targets = targets.stream().filter(t -> s.pages().contains(t.name())).toList();
            for (LoadHarness.Target t : targets) {
                LoadHarness.run(base, 8, t, Duration.ZERO, Duration.ofSeconds(s.quick() ? 2 : 5));
            }
            LoadHarness.Session parent = LoadHarness.signIn(base, "/public/home.html", "parent.one", "demo-password");
            LoadHarness.Session deciding = LoadHarness.signIn(base, "backpack.admin", "demo-password");
            Map<String, LoadHarness.Stats> measured = new HashMap<>();
            for (LoadHarness.Target t : targets) {
                for (int clients : new int[] {32, 8}) {
                    QueueChanges changes = t.name().endsWith("_changing")
                            ? new QueueChanges(base, parent, deciding, avery, QUEUE_CHANGES_PER_SECOND).start() : null;
                    LoadHarness.Stats st = LoadHarness.run(base, clients, t, warm, measure);
                    if (changes != null) {
                        changes.close();
                        double rate = changes.rate();
                        log("  (meanwhile %d requests asked and rejected, %.1f a second; %d failed%s)", changes.cycles(),
                                rate, changes.failures(), changes.failures() > 0 ? ": " + changes.lastFailure() : "");
                        if (clients == 8) {
                            results.add(p + "page." + t.name() + ".changes_per_s", rate, "changes/s");
                        }
                    }
                    log("  %-9s %2d clients: %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %6.1f ms  (%d answers, %d failed)",
                            t.name(), clients, st.rps(), st.p50ms(), st.p99ms(), st.maxms(), st.requests(), st.failures());
                    measured.put(t.name() + clients, st);
                    String n = p + "page." + t.name() + ".";
                    results.add(n + "rps" + clients, st.failures() > 0 ? Double.NaN : st.rps(), "req/s");
                    results.add(n + "p50_ms" + clients, st.p50ms(), "ms");
                    results.add(n + "p99_ms" + clients, st.p99ms(), "ms");
                }
            }
            // what a drill-down of 3,928 records costs beside one of about 128: the time a request takes when
            // the host is saturated (1 / req/s at 32 clients), and p99 at 8 clients, large / small
            LoadHarness.Stats large32 = measured.get("drilldown32");
            LoadHarness.Stats small32 = measured.get("drilldown_small32");
            if (large32 != null && small32 != null) {
                results.add(p + "page.drilldown.large_small_ratio", small32.rps() / large32.rps(), "x");
                results.add(p + "page.drilldown.large_small_p99_ratio8",
                        measured.get("drilldown8").p99ms() / measured.get("drilldown_small8").p99ms(), "x");
            }
        }
    }

    // ------------------------------------------------------------------ cold start

    private static void coldStart(BenchDatabase db, Path dir, Settings s, String p, Results results) throws Exception {
        int runs = s.quick() ? 1 : 3;
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            // no JFR here: it would be part of the start measured
            try (HostProcess host = HostProcess.launch(db.url, dir.resolve("host-data"), null, s.plainJvm(),
                    dir.resolve("host-start.log"))) {
                Duration d = host.awaitPage("/admin/pw.html", Duration.ofMinutes(2));
                seconds.add(d.toMillis() / 1000.0);
                log("  cold start %d: %.2f s", i + 1, d.toMillis() / 1000.0);
            }
        }
        seconds.sort(Comparator.naturalOrder());
        results.add(p + "start.cold_s", seconds.get(seconds.size() / 2), "s");
        results.add(p + "start.cold_max_s", seconds.get(seconds.size() - 1), "s");
    }

    // ------------------------------------------------------------------ helpers

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
        System.err.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
