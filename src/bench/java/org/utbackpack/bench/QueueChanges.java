package org.utbackpack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request queue as it is at the start of a school year: while staff page through it, guardians keep
 * asking and staff keep deciding. A parent (the demo's parent.one) asks for Avery Jensen's Backpack and a
 * staff member rejects it, a few times a second, through the same routes a browser uses. Each change
 * writes the request table, so no database can answer the queue from a result it kept (H2 reuses a
 * query's last result while none of the tables it reads has changed).
 */
final class QueueChanges implements AutoCloseable {

    private final URI base;
    private final LoadHarness.Session guardian;
    private final LoadHarness.Session staff;
    private final long student;
    private final double perSecond;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger cycles = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final Thread thread;
    private final ObjectMapper json = new ObjectMapper();
    private volatile String lastFailure;
    private long startedAt;
    private long stoppedAt;

    QueueChanges(URI base, LoadHarness.Session guardian, LoadHarness.Session staff, long student, double perSecond) {
        this.base = base;
        this.guardian = guardian;
        this.staff = staff;
        this.student = student;
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "queue-changes");
        this.thread.setDaemon(true);
    }

    QueueChanges start() {
        startedAt = System.nanoTime();
        thread.start();
        return this;
    }

    private void run() {
        long interval = (long) (1e9 / perSecond);
        long next = System.nanoTime();
        try (RawHttp http = new RawHttp(base)) {
            while (running.get()) {
                try {
                    cycle(http);
                    cycles.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    failures.incrementAndGet();
                    lastFailure = e.toString();
                }
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The parent asks; staff find the request and reject it. */
    private void cycle(RawHttp http) throws IOException {
        expect(http.send(form("/ws/utbackpack/guardian/requests", guardian, "_csrf=" + enc(guardian.csrf()))), 303);
        RawHttp.Answer rows = expect(http.send(RawHttp.postJson(base,
                "/ws/schema/query/com.utbackpack.backpack.student.guardian_requests?pagesize=5", staff.cookie(),
                staff.csrf(), "{\"studentsdcid\": " + student + "}")), 200);
        long id = -1;
        for (JsonNode r : json.readTree(rows.body()).path("record")) {
            if ("PENDING".equals(r.path("state").asText())) {
                id = r.path("id").asLong();
                break;
            }
        }
        if (id < 0) {
            throw new IllegalStateException("the parent's request is not waiting");
        }
        expect(http.send(form("/ws/utbackpack/decisions", staff, "_csrf=" + enc(staff.csrf()) + "&decide=reject-" + id)),
                303);
    }

    private byte[] form(String path, LoadHarness.Session who, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nCookie: "
                + who.cookie() + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return all;
    }

    private static RawHttp.Answer expect(RawHttp.Answer a, int status) {
        if (a.status() != status) {
            throw new IllegalStateException("HTTP " + a.status() + ": " + a.text().substring(0, Math.min(200, a.body().length)));
        }
        return a;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    int cycles() {
        return cycles.get();
    }

    /** Changes per second while it ran. */
    double rate() {
        return cycles.get() * 1e9 / (stoppedAt - startedAt);
    }

    int failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
        stoppedAt = System.nanoTime();
    }
}
