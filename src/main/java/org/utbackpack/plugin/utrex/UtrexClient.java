package org.utbackpack.plugin.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.net.URIBuilder;
import org.apache.hc.core5.net.WWWFormCodec;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The one class that speaks the UTREx contract (DESIGN §6): OAuth client credentials, submit, poll,
 * document. Calls are asynchronous (HttpClient 5's async client): while UTREx answers, no thread waits;
 * the answer is read as it arrives by the client's I/O thread ({@link AnswerConsumer}), and the document is
 * streamed, decompressed, into its file. Every call has a connect and a response timeout, and a total
 * deadline ({@link UtrexConfig#callDeadline()}) covering the token, the connection and the whole answer: a
 * server that sends one byte every few seconds never times out a read, so a watchdog cancels the call at
 * its deadline, and each piece of the answer is checked against it. Failures come out as
 * {@link UtrexException}: transient ones (5xx, timeouts, resets), rate limits with the wait UTREx asked
 * for, and permanent ones with a sentence for staff. A 401 refreshes the token and retries the call
 * once. The client secret is sent only to the token endpoint and never logged or put in a message.
 * The blocking methods wait for the asynchronous ones. Thread-safe; one instance per plugin.
 */
public final class UtrexClient implements UtrexApi, AutoCloseable {

    /** Refresh a token this long before it expires, but never more than a fifth of its life early. */
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    /** Error answers are small JSON; anything bigger is not UTREx talking. */
    private static final int MAX_ANSWER_BYTES = 1024 * 1024;
    /**
     * Connections to UTREx at most: one per call out at once. The forwarder's limit on requests in flight
     * ({@code utbackpack.forwarder.maxInFlight}, at most this) is what bounds them; connections are opened
     * only as calls need them.
     */
    public static final int MAX_CONNECTIONS = 1024;
    /**
     * What a UTREx request id may be before it goes into a URL: letters, digits, '.', '_', '-', starting
     * with a letter or digit (so never "." or ".."), at most as long as the column that keeps it.
     */
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private record Token(String value, Instant refreshAt) {
    }

    private final UtrexConfig config;
    private final CloseableHttpAsyncClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Object tokenLock = new Object();
    private final ScheduledExecutorService watchdog;
    /** The newest token, or the fetch of it under way (shared by every call that needs it). */
    private CompletableFuture<Token> token; // guarded by tokenLock

    public UtrexClient(UtrexConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        Timeout connect = Timeout.of(config.connectTimeout());
        Timeout response = Timeout.of(config.responseTimeout());
        this.http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(connect).setSocketTimeout(response).build())
                        // HTTP/1.1 as before: one call per connection, the pool bounds them
                        .setDefaultTlsConfig(TlsConfig.custom().setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1).build())
                        .setMaxConnTotal(MAX_CONNECTIONS).setMaxConnPerRoute(MAX_CONNECTIONS)
                        // one route (UTREx): the strict pool's one lock had the forwarder's workers queueing to
                        // lease a connection while the I/O threads handed others back (jstack, 256 calls out)
                        .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(connect).setResponseTimeout(response).build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(Math.min(2, Runtime.getRuntime().availableProcessors())).build())
                // retries are the forwarder's job: it knows the backoff and counts the attempts
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .build();
        this.http.start();
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
        return await(submitAsync(ssid, requestType, correlationId, Runnable::run));
    }

    @Override
    public Status status(String requestId) {
        return await(statusAsync(requestId, Runnable::run));
    }

    @Override
    public long download(String requestId, Path target) {
        return await(downloadAsync(requestId, target, Runnable::run));
    }

    /** {@inheritDoc} Holds no thread while UTREx answers; {@code blocking} is not used. */
    @Override
    public CompletableFuture<Submission> submitAsync(String ssid, String requestType, String correlationId,
                                                     Executor blocking) {
        ObjectNode body = json.createObjectNode()
                .put("ssid", ssid)
                .put("leaNumber", config.leaNumber())
                .put("requestType", requestType)
                .put("correlationId", correlationId);
        return withToken((bearer, deadline) -> {
            SimpleHttpRequest request = SimpleRequestBuilder.post(address("backpack", "v1", "requests"))
                    .setHeader("Authorization", bearer)
                    .setHeader("Accept", "application/json")
                    .setBody(write(body), ContentType.APPLICATION_JSON)
                    .build();
            return deadline.exchange(request, null).thenApply(reply -> {
                JsonNode answer = readJson(reply, ssid);
                String requestId = text(answer, "requestId");
                if (requestId == null) {
                    throw UtrexException.temporary("UTREx accepted the request but sent no request number.", null);
                }
                if (!validRequestId(requestId)) {
                    throw badRequestId(requestId);
                }
                return new Submission(requestId, retryAfter(reply));
            });
        });
    }

    /** {@inheritDoc} Holds no thread while UTREx answers; {@code blocking} is not used. */
    @Override
    public CompletableFuture<Status> statusAsync(String requestId, Executor blocking) {
        if (!validRequestId(requestId)) {
            return CompletableFuture.failedFuture(badRequestId(requestId));
        }
        return withToken((bearer, deadline) -> deadline.exchange(get(bearer, "backpack", "v1", "requests", requestId),
                null).thenApply(reply -> {
                    JsonNode answer = readJson(reply, null);
                    JsonNode error = answer.get("error");
                    String errorText = error == null || error.isNull() ? null
                            : error.isTextual() ? error.asText() : text(error, "message");
                    return new Status(text(answer, "status"), errorText, retryAfter(reply));
                }));
    }

    /**
     * {@inheritDoc} Holds no thread while UTREx answers: the client's I/O thread writes each piece of the
     * document to {@code target} as it arrives; {@code blocking} is not used.
     */
    @Override
    public CompletableFuture<Long> downloadAsync(String requestId, Path target, Executor blocking) {
        if (!validRequestId(requestId)) {
            return CompletableFuture.failedFuture(badRequestId(requestId));
        }
        return withToken((bearer, deadline) -> deadline.exchange(
                get(bearer, "backpack", "v1", "requests", requestId, "document"), target).thenApply(reply -> {
                    if (reply.code() != 200) {
                        readJson(reply, null);
                        throw UtrexException.temporary("UTREx answered " + reply.code()
                                + " when asked for the Backpack document.", null);
                    }
                    if (reply.empty()) {
                        throw UtrexException.permanent("UTREx sent an empty Backpack document.");
                    }
                    return reply.documentBytes();
                }));
    }

    private SimpleHttpRequest get(String bearer, String... segments) {
        return SimpleRequestBuilder.get(address(segments))
                .setHeader("Authorization", bearer)
                .setHeader("Accept", "application/json")
                .build();
    }

    private String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        CompletableFuture<Token> fresh = fetchToken(deadline);
        CompletableFuture<Token> checked = new CompletableFuture<>();
        fresh.whenComplete((t, e) -> {
            if (e == null) {
                synchronized (tokenLock) {
                    token = CompletableFuture.completedFuture(t);
                }
                checked.complete(t);
            } else {
                checked.completeExceptionally(failure(e, deadline));
            }
        });
        await(checked);
    }

    /** Waits for an asynchronous call (bounded by its deadline) and throws what it failed with. */
    private static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = cause(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw UtrexException.temporary("The call to UTREx was interrupted.", cause);
        }
    }

    private static Throwable cause(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Runs {@code call} with a token, under one deadline; a 401 gets one fresh token and one more try.
     * The future it returns fails only with {@link UtrexException} (or an error); completing it from outside
     * (cancelled, or timed out by the caller) cancels the exchange under way.
     */
    private <T> CompletableFuture<T> withToken(BiFunction<String, Deadline, CompletableFuture<T>> call) {
        Deadline deadline = new Deadline();
        CompletableFuture<T> attempt = currentToken(null, deadline).thenCompose(used ->
                call.apply("Bearer " + used.value(), deadline).handle((value, e) -> {
                    if (e != null && cause(e) instanceof Unauthorized) {
                        // the token expired or was revoked early: one fresh token, one more try
                        return currentToken(used, deadline)
                                .thenCompose(fresh -> call.apply("Bearer " + fresh.value(), deadline));
                    }
                    return e == null ? CompletableFuture.completedFuture(value) : CompletableFuture.<T>failedFuture(cause(e));
                }).thenCompose(next -> next));
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt.whenComplete((value, e) -> {
            if (e == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure(e, deadline));
            }
        });
        result.whenComplete((value, e) -> {
            if (e != null) {
                deadline.abort();
            }
        });
        return result;
    }

    /** What a call failed with, as the {@link UtrexException} the forwarder and staff see. */
    private Throwable failure(Throwable e, Deadline deadline) {
        Throwable cause = cause(e);
        if (cause instanceof Unauthorized) {
            // a brand-new token refused too: most likely it expired again at once; worth a later try
            return UtrexException.temporary("UTREx refused a freshly issued access token.", null);
        }
        if (cause instanceof UtrexException) {
            return cause;
        }
        if (cause instanceof AnswerConsumer.Refused refused) {
            return refused.reason;
        }
        if (cause instanceof CallTimedOut || deadline.expired()) {
            return deadline.exceeded();
        }
        if (cause instanceof IOException io) {
            return transport(io);
        }
        if (cause instanceof UncheckedIOException u) {
            return transport(u.getCause());
        }
        if (cause instanceof CancellationException) {
            return UtrexException.temporary("The call to UTREx was interrupted.", cause);
        }
        if (cause instanceof org.apache.hc.core5.http.HttpException) {
            return UtrexException.temporary("The connection to UTREx broke off (" + cause.getClass().getSimpleName()
                    + ").", cause);
        }
        return cause;
    }

    /**
     * One call's total deadline. {@link #exchange} arms a watchdog that cancels the exchange (closing its
     * connection) when the deadline passes, and the answer is checked against it piece by piece, so a server
     * that keeps a call alive one byte at a time is cut off at the deadline, not after the last byte.
     */
    private final class Deadline {
        private final long endNanos = System.nanoTime() + config.callDeadline().toNanos();
        private final AtomicBoolean fired = new AtomicBoolean();
        private volatile Future<?> current;

        /** Sends {@code request}; a 200 to a download ({@code document} not null) is streamed into it. */
        CompletableFuture<AnswerConsumer.Reply> exchange(SimpleHttpRequest request, Path document) {
            long left = endNanos - System.nanoTime();
            if (left <= 0) {
                fired.set(true);
                return CompletableFuture.failedFuture(new CallTimedOut());
            }
            CompletableFuture<AnswerConsumer.Reply> reply = new CompletableFuture<>();
            AnswerConsumer consumer = new AnswerConsumer(MAX_ANSWER_BYTES, document, config.maxDocumentBytes(),
                    UtrexClient.this::tooLarge, this::expired, CallTimedOut::new);
            Future<AnswerConsumer.Reply> exchange = http.execute(SimpleRequestProducer.create(request), consumer,
                    new FutureCallback<>() {
                        @Override
                        public void completed(AnswerConsumer.Reply result) {
                            reply.complete(result);
                        }

                        @Override
                        public void failed(Exception ex) {
                            reply.completeExceptionally(ex);
                        }

                        @Override
                        public void cancelled() {
                            reply.completeExceptionally(expired() ? new CallTimedOut() : new CancellationException());
                        }
                    });
            current = exchange;
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                fired.set(true);
                exchange.cancel(true);
                reply.completeExceptionally(new CallTimedOut());
            }, left, TimeUnit.NANOSECONDS);
            reply.whenComplete((r, e) -> alarm.cancel(false));
            return reply;
        }

        /** Cancels the exchange under way: the caller gave up on the call. */
        void abort() {
            Future<?> f = current;
            if (f != null) {
                f.cancel(true);
            }
        }

        boolean expired() {
            return fired.get() || System.nanoTime() - endNanos >= 0;
        }

        UtrexException exceeded() {
            return UtrexException.temporary("UTREx did not finish answering within "
                    + describe(config.callDeadline()) + ".", null);
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
        } else if (e instanceof HttpHostConnectException || e instanceof java.net.ConnectException) {
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
     * only if no other call has already replaced it or begun to, so a burst of 401s costs one token request.
     */
    private CompletableFuture<Token> currentToken(Token refused, Deadline deadline) {
        synchronized (tokenLock) {
            CompletableFuture<Token> t = token;
            if (t != null && !t.isDone()) {
                return t;
            }
            Token known = t == null || t.isCompletedExceptionally() ? null : t.join();
            if (known != null && known != refused && clock.instant().isBefore(known.refreshAt())) {
                return t;
            }
            t = fetchToken(deadline);
            token = t;
            return t;
        }
    }

    private CompletableFuture<Token> fetchToken(Deadline deadline) {
        Instant asked = clock.instant();
        ContentType form = ContentType.APPLICATION_FORM_URLENCODED;
        SimpleHttpRequest request = SimpleRequestBuilder.post(address("oauth", "token"))
                .setHeader("Accept", "application/json")
                .setBody(WWWFormCodec.format(List.of(
                        new BasicNameValuePair("grant_type", "client_credentials"),
                        new BasicNameValuePair("client_id", config.clientId()),
                        new BasicNameValuePair("client_secret", config.clientSecret())), form.getCharset()), form)
                .build();
        return deadline.exchange(request, null).thenApply(reply -> {
            if (reply.code() == 401 || reply.code() == 400) {
                throw UtrexException.permanent("UTREx refused this district's credentials (client id "
                        + config.clientId() + "); an SIS administrator should check the UTREx client id and secret.");
            }
            JsonNode answer = readJson(reply, null);
            String accessToken = text(answer, "access_token");
            if (accessToken == null) {
                throw UtrexException.temporary("UTREx sent no access token.", null);
            }
            long seconds = Math.max(1, answer.path("expires_in").asLong(300));
            Duration life = Duration.ofSeconds(seconds);
            Duration margin = TOKEN_MARGIN.compareTo(life.dividedBy(5)) < 0 ? TOKEN_MARGIN : life.dividedBy(5);
            return new Token(accessToken, asked.plus(life).minus(margin));
        });
    }

    /** Reads a JSON answer, turning error statuses into the right kind of failure. */
    private JsonNode readJson(AnswerConsumer.Reply reply, String ssid) {
        int code = reply.code();
        JsonNode body = reply.body().length == 0 ? json.createObjectNode() : parseQuietly(reply.body());
        if (code >= 200 && code < 300) {
            return body;
        }
        String serverMessage = text(body.path("error"), "message");
        if (code == 401) {
            throw new Unauthorized();
        }
        if (code == 429) {
            throw UtrexException.rateLimited("UTREx asked us to slow down.", retryAfter(reply));
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

    private Duration retryAfter(AnswerConsumer.Reply reply) {
        return reply.retryAfter() == null ? null : RetryAfter.parse(reply.retryAfter(), clock.instant());
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
        http.close(CloseMode.GRACEFUL);
    }

    /** A 401: the token expired or was revoked. Handled inside the client. */
    private static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("401 from UTREx", null, false, false);
        }
    }
}
