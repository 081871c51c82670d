package org.utbackpack.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.Host;
import org.utbackpack.testing.Browser;
import org.utbackpack.testing.CountingDriver;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Steps;
import org.utbackpack.testing.TestHost;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A measurement, not part of the suite (its name is not a test's, so {@code mvn test} skips it): the CPU time
 * and the allocation of the host's request threads per view of the Student Backpack tab, for a student with
 * two retrievals, after a warm-up. Run it alone: {@code mvn -q -B test -Dtest=TabViewCostProbe
 * -Dsurefire.failIfNoSpecifiedTests=false}. On PostgreSQL the database's own CPU is not in the figure (its
 * statements are counted by {@link TabStatementCountTest}).
 */
class TabViewCostProbe {

    private static final int WARM_UP = Integer.getInteger("probe.warmup", 1000);
    private static final int VIEWS = Integer.getInteger("probe.views", 1000);

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void costOfOneTabView(Databases.Kind kind) throws Exception {
        var root = TestHost.projectRoot();
        try (Host host = Host.start(new Host.Settings("127.0.0.1", 0, Files.createTempDirectory("utbackpack-test"),
                CountingDriver.url(url(kind)), true,
                Host.PluginSource.sourceTree(root, root.resolve("target/classes")),
                Map.of("utbackpack.forwarder.pollMs", "200")))) {
            Browser staff = Steps.staff(host, "backpack.admin");
            String frn = Steps.frnOf(staff, "Jensen", "Jensen, Avery");
            for (int retrieval = 1; retrieval <= 2; retrieval++) {
                staff.post("/ws/utbackpack/requests", Map.of("frn", frn));
                assertEquals("RECEIVED", Steps.waitForEnd(staff, frn, Duration.ofSeconds(90)));
                measure(kind + ", " + retrieval + " retrieval(s)", staff, frn);
            }
            statements(kind, host, Long.parseLong(frn.substring(3)));
        }
    }

    private static void measure(String what, Browser staff, String frn) throws java.io.IOException {
        String page = System.getProperty("probe.pages");
        if (page != null) { // the page as it reads, to compare two versions of the code
            Files.writeString(java.nio.file.Path.of(page + "-" + what.replaceAll("\\W+", "-") + ".html"),
                    Steps.backpackTab(staff, frn).body());
        }
        for (int i = 0; i < WARM_UP; i++) {
            assertEquals(200, Steps.backpackTab(staff, frn).status());
        }
        CountingDriver.drain();
        long[] before = requestThreads();
        for (int i = 0; i < VIEWS; i++) {
            Steps.backpackTab(staff, frn);
        }
        long[] after = requestThreads();
        long statements = CountingDriver.drain().stream().filter(e -> e.thread().startsWith("qtp")).count();
        System.out.printf("%s, per tab view: request threads' CPU %.3f ms, allocated %.1f KB, statements %.2f%n",
                what, (after[0] - before[0]) / 1e6 / VIEWS, (after[1] - before[1]) / 1024.0 / VIEWS,
                statements / (double) VIEWS);
    }

    /** A new database; H2 with the host's own statement cache (HostDatabase#defaultUrl), as a district runs it. */
    private static String url(Databases.Kind kind) {
        String url = Databases.newUrl(kind);
        return kind == Databases.Kind.H2 ? url + ";QUERY_CACHE_SIZE=64" : url;
    }

    /** Each PowerQuery of the tab alone over JDBC, as the SIS runs it for a page: CPU and allocation of this thread. */
    private static void statements(Databases.Kind kind, Host host, long student) {
        var plugin = host.plugins().get(0);
        var runner = new org.utbackpack.host.runtime.PowerQueryRunner(host.dataSource());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (String name : java.util.List.of("retrieval", "latest_file", "latest_request", "retrievals",
                "guardian_requests", "element_counts", "changes", "attendance_trend", "proficiency_trend",
                "tab_requests", "file_summary")) {
            var query = plugin.query("com.utbackpack.backpack.student." + name);
            if (query.isEmpty()) {
                continue;
            }
            Map<String, Object> args = query.get().args().stream().anyMatch(a -> a.name().equals("fileid"))
                    ? Map.of("studentsdcid", student, "fileid", 0) : Map.of("studentsdcid", student);
            for (int i = 0; i < WARM_UP; i++) {
                runner.rows(query.get(), args, 1, 0);
            }
            long cpu = threads.getCurrentThreadCpuTime();
            long bytes = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < VIEWS; i++) {
                runner.rows(query.get(), args, 1, 0);
            }
            System.out.printf("%s statement %s: CPU %.3f ms, allocated %.1f KB%n", kind, name,
                    (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / VIEWS,
                    (threads.getCurrentThreadAllocatedBytes() - bytes) / 1024.0 / VIEWS);
        }
    }

    /** CPU nanoseconds and bytes allocated so far by Jetty's request threads. */
    private static long[] requestThreads() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu = 0;
        long bytes = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("qtp")) {
                cpu += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                bytes += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return new long[] {cpu, bytes};
    }
}
