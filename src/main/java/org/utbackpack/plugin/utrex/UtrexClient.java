package org.utbackpack.plugin.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one class that speaks the UTREx contract (DESIGN §6): OAuth client credentials, submit, poll,
 * document. Every call has a connect and a response timeout. Failures come out as
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

    private record Token(String value, Instant refreshAt) {
    }

    private final UtrexConfig config;
    private final CloseableHttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Object tokenLock = new Object();
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
        return withToken(bearer -> {
            ClassicHttpRequest request = ClassicRequestBuilder.post(config.baseUrl() + "/backpack/v1/requests")
                    .setHeader("Authorization", bearer)
                    .setHeader("Accept", "application/json")
                    .setEntity(new StringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON))
                    .build();
            return http.execute(request, response -> {
                JsonNode answer = readJson(response, ssid);
                String requestId = text(answer, "requestId");
                if (requestId == null) {
                    throw UtrexException.temporary("UTREx accepted the request but sent no request number.", null);
                }
                return new Submission(requestId, retryAfter(response));
            });
        });
    }

    @Override
    public Status status(String requestId) {
        return withToken(bearer -> {
            ClassicHttpRequest request = ClassicRequestBuilder
                    .get(config.baseUrl() + "/backpack/v1/requests/" + requestId)
                    .setHeader("Authorization", bearer)
                    .setHeader("Accept", "application/json")
                    .build();
            return http.execute(request, response -> {
                JsonNode answer = readJson(response, null);
                JsonNode error = answer.get("error");
                String errorText = error == null || error.isNull() ? null
                        : error.isTextual() ? error.asText() : text(error, "message");
                return new Status(text(answer, "status"), errorText, retryAfter(response));
            });
        });
    }

    @Override
    public long download(String requestId, Path target) {
        return withToken(bearer -> {
            ClassicHttpRequest request = ClassicRequestBuilder
                    .get(config.baseUrl() + "/backpack/v1/requests/" + requestId + "/document")
                    .setHeader("Authorization", bearer)
                    .setHeader("Accept", "application/json")
                    .build();
            return http.execute(request, response -> {
                if (response.getCode() != 200) {
                    readJson(response, null);
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
                try (InputStream body = new LimitedInputStream(entity.getContent(), config.maxDocumentBytes());
                     OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
                             StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    return body.transferTo(out);
                } catch (LimitedInputStream.LimitExceeded e) {
                    throw tooLarge();
                }
            });
        });
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
        try {
            synchronized (tokenLock) {
                token = fetchToken();
            }
        } catch (IOException e) {
            throw transport(e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(String bearer) throws IOException;
    }

    private <T> T withToken(Call<T> call) {
        try {
            Token used = currentToken(null);
            try {
                return call.run("Bearer " + used.value());
            } catch (Unauthorized first) {
                // the token expired or was revoked early: one fresh token, one more try
                return call.run("Bearer " + currentToken(used).value());
            }
        } catch (Unauthorized again) {
            // a brand-new token refused too: most likely it expired again at once; worth a later try
            throw UtrexException.temporary("UTREx refused a freshly issued access token.", null);
        } catch (UtrexException e) {
            throw e;
        } catch (IOException | UncheckedIOException e) {
            throw transport(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
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
    private Token currentToken(Token refused) throws IOException {
        Token t = token;
        if (t != null && t != refused && clock.instant().isBefore(t.refreshAt())) {
            return t;
        }
        synchronized (tokenLock) {
            t = token;
            if (t == null || t == refused || !clock.instant().isBefore(t.refreshAt())) {
                t = fetchToken();
                token = t;
            }
            return t;
        }
    }

    private Token fetchToken() throws IOException {
        Instant asked = clock.instant();
        ClassicHttpRequest request = ClassicRequestBuilder.post(config.baseUrl() + "/oauth/token")
                .setHeader("Accept", "application/json")
                .setEntity(new UrlEncodedFormEntity(List.of(
                        new BasicNameValuePair("grant_type", "client_credentials"),
                        new BasicNameValuePair("client_id", config.clientId()),
                        new BasicNameValuePair("client_secret", config.clientSecret()))))
                .build();
        JsonNode answer = http.execute(request, response -> {
            if (response.getCode() == 401 || response.getCode() == 400) {
                consume(response);
                throw UtrexException.permanent("UTREx refused this district's credentials (client id "
                        + config.clientId() + "); an SIS administrator should check the UTREx client id and secret.");
            }
            return readJson(response, null);
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
    private JsonNode readJson(ClassicHttpResponse response, String ssid) throws IOException {
        int code = response.getCode();
        JsonNode body;
        try (InputStream in = response.getEntity() == null ? InputStream.nullInputStream()
                : new LimitedInputStream(response.getEntity().getContent(), MAX_ANSWER_BYTES)) {
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
            throw UtrexException.permanent("UTREx has no student with SSID " + ssid + ".");
        }
        if (code == 403) {
            throw UtrexException.permanent("UTREx says " + (ssid == null ? "this student"
                    : "the student with SSID " + ssid) + " is not attributed to LEA " + config.leaNumber()
                    + ", so it will not release the Backpack.");
        }
        if (code == 400) {
            throw UtrexException.permanent(ssid == null
                    ? "UTREx rejected the request: " + orElse(serverMessage, "bad request") + "."
                    : "UTREx rejected SSID " + ssid + " as not a valid Statewide Student ID.");
        }
        if (code == 404) {
            throw UtrexException.permanent("UTREx no longer knows this request: " + orElse(serverMessage, "not found")
                    + ".");
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
        http.close();
    }

    /** A 401: the token expired or was revoked. Handled inside the client. */
    private static final class Unauthorized extends IOException {
        Unauthorized() {
            super("401 from UTREx", null);
        }
    }
}
