package org.utbackpack.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Closed-loop load over HTTP: N signed-in clients, each on its own keep-alive connection, send one request
 * after another for warm-up plus measurement; every request sent inside the measurement window counts,
 * however long its answer takes. Every answer is checked (status 200 and a marker in the body), so a page that fails fast cannot
 * look fast.
 */
final class LoadHarness {

    /** A signed-in person: their session cookie and CSRF token. */
    record Session(String cookie, String csrf) {
    }

    /**
     * What to ask for: the request bytes for client {@code c}'s {@code i}-th request, and text a correct
     * answer contains.
     */
    record Target(String name, BiFunction<Integer, Long, byte[]> request, String marker) {
    }

    /** Figures from one run. */
    record Stats(int clients, long requests, long failures, double seconds, double p50ms, double p99ms,
                 double maxms) {
        double rps() {
            return requests / seconds;
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private LoadHarness() {
    }

    /** Signs in through the staff sign-in page as a browser would; returns the session. */
    static Session signIn(URI base, String user, String password) throws IOException, InterruptedException {
        return signIn(base, "/admin/pw.html", user, password);
    }

    /** Signs in through a sign-in page (staff /admin/pw.html, parents /public/home.html). */
    static Session signIn(URI base, String page, String user, String password) throws IOException, InterruptedException {
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        String form = http.send(HttpRequest.newBuilder(base.resolve(page)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String csrf = csrf(form);
        String body = "username=" + enc(user) + "&password=" + enc(password) + "&_csrf=" + enc(csrf);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(base.resolve(page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302) {
            throw new IllegalStateException("Sign-in as " + user + " failed: HTTP " + signedIn.statusCode());
        }
        String cookie = cookies.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        // sign-in gives a new session id and a new CSRF token: read it from the page it lands on
        String landing = signedIn.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("Sign-in as " + user + " did not say where to go"));
        String page2 = http.send(HttpRequest.newBuilder(base.resolve(landing)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Session(cookie, csrf(page2));
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("No CSRF token on the page");
        }
        return m.group(1);
    }

    /**
     * Runs {@code clients} closed-loop clients against the target: {@code warmup} first (not counted),
     * then {@code measure}.
     */
    static Stats run(URI base, int clients, Target target, Duration warmup, Duration measure)
            throws InterruptedException {
        long start = System.nanoTime() + 50_000_000L; // every thread is ready by then
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(clients);
        byte[] marker = target.marker().getBytes(StandardCharsets.UTF_8);
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[1 << 16];
            latencies.add(mine);
            int client = c;
            Thread t = new Thread(() -> {
                long[] own = mine;
                int n = 0;
                try (RawHttp http = new RawHttp(base)) {
                    while (System.nanoTime() < start) {
                        Thread.onSpinWait();
                    }
                    for (long i = 0; ; i++) {
                        byte[] request = target.request().apply(client, i);
                        long t0 = System.nanoTime();
                        if (t0 >= measureTo) {
                            break;
                        }
                        boolean ok;
                        try {
                            RawHttp.Answer a = http.send(request);
                            ok = a.status() == 200 && contains(a.body(), marker);
                            if (!ok) {
                                firstFailure.compareAndSet(null, "HTTP " + a.status() + ": "
                                        + a.text().substring(0, Math.min(300, a.body().length)));
                            }
                        } catch (IOException e) {
                            ok = false;
                            firstFailure.compareAndSet(null, e.toString());
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureFrom) { // sent in the window: counted however long it took
                            if (!ok) {
                                failures.incrementAndGet();
                            } else {
                                if (n == own.length) {
                                    own = Arrays.copyOf(own, n * 2);
                                    latencies.set(client, own);
                                }
                                own[n++] = t1 - t0;
                            }
                        }
                    }
                } finally {
                    counts[client] = n;
                    done.countDown();
                }
            }, "load-" + target.name() + "-" + c);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        if (failures.get() > 0) {
            System.err.println("  " + target.name() + ": " + failures.get() + " failed answers, e.g. " + firstFailure.get());
        }
        return new Stats(clients, total, failures.get(), measure.toNanos() / 1e9, percentile(all, 0.50),
                percentile(all, 0.99), total == 0 ? Double.NaN : all[total - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private static boolean contains(byte[] body, byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= body.length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (body[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
