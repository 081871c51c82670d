package org.utbackpack.plugin.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The one class that speaks the UTREx contract (DESIGN §6): OAuth client credentials, submit, poll,
 * document. Every call has a connect and a response timeout, and a total deadline
 * ({@link UtrexConfig#callDeadline()}) covering the token, the connection and the whole answer: a server
 * that sends one byte every few seconds never times out a read, so a watchdog aborts the call at its
 * deadline and the body is read through a stream that refuses to go on after it. Failures come out as
 * {@link UtrexException}: transient ones (5xx, timeouts, resets), rate limits with the wait UTREx asked
 * for, and permanent ones with a sentence for staff. A 401 refreshes the token and retries the call
 * once. The client secret is sent only to the token endpoint and never logged or put in a message.
 * Thread-safe; one instance per plugin.
 */
public final class UtrexClient implements UtrexApi, AutoCloseable {

    /** Refresh a token this long before it expires, but never more than a fifth of its life early. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    /** Error answers are small JSON; anything bigger is not UTREx talking. */
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;
    /**
     * What a UTREx request id may be before it goes into a URL: letters, digits, '.', '_', '-', starting
     * with a letter or digit (so never "." or ".."), at most as long as the column that keeps it.
     */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private record Token(String value, Instant refreshAt) {
    }

    private final UtrexConfig config;
    private final CloseableHttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Object tokenLock = new Object();
    private final ScheduledExecutorService watchdog;
    private volatile Token token;

    public UtrexClient(UtrexConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        Timeout connect = Timeout.of(config.connectTimeout());
        Timeout response = Timeout.of(config.responseTimeout());
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect).setSocketTimeout(response).build())
                        .setMaxConnTotal(64).setMaxConnPerRoute(64)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect).setResponseTimeout(response).build())
                // retries are the forwarder's job: it knows the backoff and counts the attempts
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "utbackpack-utrex-deadline");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * True when {@code requestId} is safe to use as one segment of a UTREx address. The id comes from the
     * state's answer, and the next URL carries the bearer token: "../oauth/token" must never get there.
     */
    public static boolean validRequestId(String requestId) {
        return requestId != null && REQUEST_ID.matcher(requestId).matches();
    }

    public UtrexConfig config() {
        return config;
    }

    @Override
    public String maxDocumentSize() {
        return config.maxDocumentSize();
    }

    @Override
    public Submission submit(String ssid, String requestType, String correlationId) {
        ObjectNode body = json.createObjectNode()
                .put("ssid", ssid)
                .put("leaNumber", config.leaNumber())
                .put("requestType", requestType)
                .put("correlationId", correlationId);
        return withToken((bearer, deadline) -> {
            HttpPost request = new HttpPost(address("backpack", "v1", "requests"));
            request.setHeader("Authorization", bearer);
            request.setHeader("Accept", "application/json");
            request.setEntity(new StringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON));
            return deadline.execute(request, response -> {
                JsonNode answer = readJson(response, ssid, deadline);
                String requestId = text(answer, "requestId");
                if (requestId == null) {
                    throw UtrexException.temporary("UTREx accepted the request but sent no request number.", null);
                }
                if (!validRequestId(requestId)) {
                    throw badRequestId(requestId);
                }
                return new Submission(requestId, retryAfter(response));
            });
        });
    }

    @Override
    public Status status(String requestId) {
        if (!validRequestId(requestId)) {
            throw badRequestId(requestId);
        }
        return withToken((bearer, deadline) -> {
            HttpGet request = new HttpGet(address("backpack", "v1", "requests", requestId));
            request.setHeader("Authorization", bearer);
            request.setHeader("Accept", "application/json");
            return deadline.execute(request, response -> {
                JsonNode answer = readJson(response, null, deadline);
                JsonNode error = answer.get("error");
                String errorText = error == null || error.isNull() ? null
                        : error.isTextual() ? error.asText() : text(error, "message");
                return new Status(text(answer, "status"), errorText, retryAfter(response));
            });
        });
    }

    @Override
    public long download(String requestId, Path target) {
        if (!validRequestId(requestId)) {
            throw badRequestId(requestId);
        }
        return withToken((bearer, deadline) -> {
            HttpGet request = new HttpGet(address("backpack", "v1", "requests", requestId, "document"));
            request.setHeader("Authorization", bearer);
            request.setHeader("Accept", "application/json");
            return deadline.execute(request, response -> {
                if (response.getCode() != 200) {
                    readJson(response, null, deadline);
                    throw UtrexException.temporary("UTREx answered " + response.getCode()
                            + " when asked for the Backpack document.", null);
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    throw UtrexException.permanent("UTREx sent an empty Backpack document.");
                }
                // the client decompresses gzip itself, so this length (when known) is the real size
                if (entity.getContentLength() > config.maxDocumentBytes()) {
                    throw tooLarge();
                }
                try (InputStream body = new LimitedInputStream(deadline.guard(entity.getContent()),
                        config.maxDocumentBytes());
                     OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                             StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    return body.transferTo(out);
                } catch (LimitedInputStream.LimitExceeded e) {
                    throw tooLarge();
                }
            });
        });
    }

    private UtrexException badRequestId(String requestId) {
        return UtrexException.permanent("UTREx answered with a request number the SIS cannot use ("
                + (requestId.length() > 64 ? "longer than 64 characters" : "it contains characters a request"
                + " number may not have") + "), so the request was stopped. Make the request again; if this"
                + " happens again, tell USBE.");
    }

    /** The address of a UTREx endpoint, each part encoded as one path segment under the base address. */
    private URI address(String... segments) {
        try {
            URIBuilder builder = new URIBuilder(config.baseUrl());
            List<String> path = new ArrayList<>(builder.getPathSegments());
            path.addAll(List.of(segments));
            return builder.setPathSegments(path).build();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the UTREx base address was checked at start", e);
        }
    }

    private UtrexException tooLarge() {
        return UtrexException.permanent("The Backpack document from UTREx is larger than the "
                + config.maxDocumentSize() + " limit set for this district, so it was not stored.");
    }

    /**
     * Checks that the settings work: the address answers and UTREx accepts this district's client id and
     * secret (a new access token is issued). Throws {@link UtrexException} saying what is wrong.
     */
    public void testConnection() {
        Deadline deadline = new Deadline();
        try {
            synchronized (tokenLock) {
                token = fetchToken(deadline);
            }
        } catch (IOException e) {
            throw deadline.expired() ? deadline.exceeded() : transport(e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(String bearer, Deadline deadline) throws IOException;
    }

    private <T> T withToken(Call<T> call) {
        Deadline deadline = new Deadline();
        try {
            Token used = currentToken(null, deadline);
            try {
                return call.run("Bearer " + used.value(), deadline);
            } catch (Unauthorized first) {
                // the token expired or was revoked early: one fresh token, one more try
                return call.run("Bearer " + currentToken(used, deadline).value(), deadline);
            }
        } catch (Unauthorized again) {
            // a brand-new token refused too: most likely it expired again at once; worth a later try
            throw UtrexException.temporary("UTREx refused a freshly issued access token.", null);
        } catch (UtrexException e) {
            throw e;
        } catch (IOException | UncheckedIOException e) {
            if (deadline.expired()) {
                throw deadline.exceeded();
            }
            throw transport(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
        }
    }

    /**
     * One call's total deadline. {@link #execute} arms a watchdog that aborts the HTTP request (closing
     * its connection, which ends a read blocked on a slow server) when the deadline passes, and
     * {@link #guard} makes a body stream refuse to read on after it, so a server that keeps a call alive
     * one byte at a time is cut off at the deadline, not after the last byte.
     */
    private final class Deadline {
        private final long endNanos = System.nanoTime() + config.callDeadline().toNanos();
        private final AtomicBoolean fired = new AtomicBoolean();

        <T> T execute(HttpUriRequestBase request, HttpClientResponseHandler<T> handler) throws IOException {
            long left = endNanos - System.nanoTime();
            if (left <= 0) {
                fired.set(true);
                throw new CallTimedOut();
            }
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                fired.set(true);
                request.cancel();
            }, left, TimeUnit.NANOSECONDS);
            try {
                return http.execute(request, handler);
            } finally {
                alarm.cancel(false);
            }
        }

        boolean expired() {
            return fired.get() || System.nanoTime() - endNanos >= 0;
        }

        UtrexException exceeded() {
            return UtrexException.temporary("UTREx did not finish answering within "
                    + describe(config.callDeadline()) + ".", null);
        }

        InputStream guard(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    check();
                    return super.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    check();
                    return super.read(b, off, len);
                }

                private void check() throws CallTimedOut {
                    if (expired()) {
                        fired.set(true);
                        throw new CallTimedOut();
                    }
                }
            };
        }
    }

    /** The call's deadline passed; reported as {@link Deadline#exceeded()}. */
    private static final class CallTimedOut extends InterruptedIOException {
        CallTimedOut() {
            super("the call's deadline passed");
        }
    }

    /** Transport problems: all worth retrying, each described for the staff who see it. */
    private UtrexException transport(IOException e) {
        String host = config.baseUrl().getHost();
        String message;
        if (e instanceof ConnectTimeoutException) {
            message = "Could not connect to UTREx at " + host + " within " + describe(config.connectTimeout()) + ".";
        } else if (e instanceof SocketTimeoutException) {
            message = "UTREx did not answer within " + describe(config.responseTimeout()) + ".";
        } else if (e instanceof HttpHostConnectException) {
            message = "Could not connect to UTREx at " + host + ".";
        } else if (e instanceof UnknownHostException) {
            message = "The UTREx address " + host + " could not be found.";
        } else if (e instanceof SSLException) {
            message = "The secure connection to UTREx at " + host + " failed.";
        } else if (e instanceof InterruptedIOException) {
            message = "The call to UTREx was interrupted.";
        } else {
            message = "The connection to UTREx broke off (" + e.getClass().getSimpleName() + ").";
        }
        return UtrexException.temporary(message, e);
    }

    /** "30 seconds", "1 second", "1.5 seconds", "250 milliseconds". */
    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + (ms == 1 ? " millisecond" : " milliseconds");
        }
        if (ms == 1000) {
            return "1 second";
        }
        return (ms % 1000 == 0 ? Long.toString(ms / 1000) : String.format(java.util.Locale.US, "%.1f", ms / 1000.0))
                + " seconds";
    }

    /**
     * The token to use. {@code refused} is the token UTREx just answered 401 to: a new one is fetched
     * only if no other thread has already replaced it, so a burst of 401s costs one token request.
     */
    private Token currentToken(Token refused, Deadline deadline) throws IOException {
        Token t = token;
        if (t != null && t != refused && clock.instant().isBefore(t.refreshAt())) {
            return t;
        }
        synchronized (tokenLock) {
            t = token;
            if (t == null || t == refused || !clock.instant().isBefore(t.refreshAt())) {
                t = fetchToken(deadline);
                token = t;
            }
            return t;
        }
    }

    private Token fetchToken(Deadline deadline) throws IOException {
        Instant asked = clock.instant();
        HttpPost request = new HttpPost(address("oauth", "token"));
        request.setHeader("Accept", "application/json");
        request.setEntity(new UrlEncodedFormEntity(List.of(
                new BasicNameValuePair("grant_type", "client_credentials"),
                new BasicNameValuePair("client_id", config.clientId()),
                new BasicNameValuePair("client_secret", config.clientSecret()))));
        JsonNode answer = deadline.execute(request, response -> {
            if (response.getCode() == 401 || response.getCode() == 400) {
                consume(response);
                throw UtrexException.permanent("UTREx refused this district's credentials (client id "
                        + config.clientId() + "); an SIS administrator should check the UTREx client id and secret.");
            }
            return readJson(response, null, deadline);
        });
        String accessToken = text(answer, "access_token");
        if (accessToken == null) {
            throw UtrexException.temporary("UTREx sent no access token.", null);
        }
        long seconds = Math.max(1, answer.path("expires_in").asLong(300));
        Duration life = Duration.ofSeconds(seconds);
        Duration margin = TOKEN_MARGIN.compareTo(life.dividedBy(5)) < 0 ? TOKEN_MARGIN : life.dividedBy(5);
        return new Token(accessToken, asked.plus(life).minus(margin));
    }

    /** Reads a JSON answer, turning error statuses into the right kind of failure. */
    private JsonNode readJson(ClassicHttpResponse response, String ssid, Deadline deadline) throws IOException {
        int code = response.getCode();
        JsonNode body;
        try (InputStream in = response.getEntity() == null ? InputStream.nullInputStream()
                : new LimitedInputStream(deadline.guard(response.getEntity().getContent()), MAX_ANSWER_BYTES)) {
            byte[] bytes = in.readAllBytes();
            body = bytes.length == 0 ? json.createObjectNode() : parseQuietly(bytes);
        } catch (LimitedInputStream.LimitExceeded e) {
            throw UtrexException.temporary("UTREx sent an unexpectedly large answer.", e);
        }
        if (code >= 200 && code < 300) {
            return body;
        }
        String serverMessage = text(body.path("error"), "message");
        if (code == 401) {
            throw new Unauthorized();
        }
        if (code == 429) {
            throw UtrexException.rateLimited("UTREx asked us to slow down.", retryAfter(response));
        }
        if (code == 404 && ssid != null) {
            throw UtrexException.refused("it has no student with SSID " + ssid + ".");
        }
        if (code == 403) {
            throw UtrexException.refused((ssid == null ? "this student"
                    : "the student with SSID " + ssid) + " is not attributed to LEA " + config.leaNumber()
                    + ", so it will not release the Backpack.");
        }
        if (code == 400) {
            throw UtrexException.refused(ssid == null ? orElse(serverMessage, "bad request") + "."
                    : "SSID " + ssid + " is not a valid Statewide Student ID.");
        }
        if (code == 404) {
            throw UtrexException.refused("it no longer knows this request (" + orElse(serverMessage, "not found")
                    + ").");
        }
        if (code >= 500) {
            throw UtrexException.temporary("UTREx is temporarily unavailable (HTTP " + code + ").", null);
        }
        throw UtrexException.temporary("UTREx answered HTTP " + code
                + (serverMessage == null ? "." : ": " + serverMessage + "."), null);
    }

    private JsonNode parseQuietly(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static void consume(ClassicHttpResponse response) throws IOException {
        if (response.getEntity() != null) {
            response.getEntity().getContent().close();
        }
    }

    private Duration retryAfter(ClassicHttpResponse response) {
        Header header = response.getFirstHeader("Retry-After");
        return header == null ? null : RetryAfter.parse(header.getValue(), clock.instant());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() throws IOException {
        watchdog.shutdownNow();
        http.close();
    }

    /** A 401: the token expired or was revoked. Handled inside the client. */
    private static final class Unauthorized extends IOException {
        Unauthorized() {
            super("401 from UTREx", null);
        }
    }
}
