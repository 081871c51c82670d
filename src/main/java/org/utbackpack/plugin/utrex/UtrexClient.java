package org.utbackpack.plugin.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one class that speaks the UTREx contract (DESIGN §6): OAuth client credentials, submit, poll,
 * document. Every call has a connect and a response timeout. Failures come out as
 * {@link UtrexException}: transient ones (5xx, timeouts, resets), rate limits with the wait UTREx asked
 * for, and permanent ones with a sentence for staff. A 401 refreshes the token and retries once.
 * Thread-safe; one instance per plugin.
 */
public final class UtrexClient implements AutoCloseable {

    /** What a submit returned. */
    public record Submission(String requestId, Duration retryAfter) {
    }

    /** What a status poll returned; status is Queued, Processing, Complete or Failed. */
    public record Status(String status, String error) {
        public boolean complete() {
            return "Complete".equalsIgnoreCase(status);
        }

        public boolean failed() {
            return "Failed".equalsIgnoreCase(status);
        }
    }

    /** Reads a document body; the stream is bounded by the configured size limit. */
    @FunctionalInterface
    public interface DocumentReader<T> {
        T read(InputStream body) throws IOException;
    }

    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);

    private final UtrexConfig config;
    private final CloseableHttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Object tokenLock = new Object();
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

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
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableRedirectHandling()
                .build();
    }

    public UtrexConfig config() {
        return config;
    }

    /** Asks UTREx for a student's Backpack; the correlation id makes a repeated submit harmless. */
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
                    throw transientFailure("UTREx accepted the request but sent no request id", null);
                }
                return new Submission(requestId, retryAfter(response));
            });
        });
    }

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
                return new Status(text(answer, "status"), errorText);
            });
        });
    }

    /** Fetches the finished document and hands its (decompressed, size-limited) body to the reader. */
    public <T> T document(String requestId, DocumentReader<T> reader) {
        return withToken(bearer -> {
            ClassicHttpRequest request = ClassicRequestBuilder
                    .get(config.baseUrl() + "/backpack/v1/requests/" + requestId + "/document")
                    .setHeader("Authorization", bearer)
                    .setHeader("Accept", "application/json")
                    .build();
            return http.execute(request, response -> {
                if (response.getCode() != 200) {
                    readJson(response, null);
                    throw transientFailure("UTREx answered " + response.getCode() + " for the document", null);
                }
                HttpEntity entity = response.getEntity();
                if (entity == null) {
                    throw permanentFailure("UTREx sent an empty Backpack document.");
                }
                long declared = entity.getContentLength();
                if (declared > config.maxDocumentBytes()) {
                    throw tooLarge();
                }
                try (InputStream body = new LimitedInputStream(entity.getContent(), config.maxDocumentBytes())) {
                    return reader.read(body);
                } catch (LimitedInputStream.LimitExceeded e) {
                    throw tooLarge();
                }
            });
        });
    }

    private UtrexException tooLarge() {
        return permanentFailure("The Backpack document is larger than the " + (config.maxDocumentBytes() / (1024 * 1024))
                + " MB limit set for this district.");
    }

    /** Checks that the settings work: fetches a token. */
    public void testConnection() {
        synchronized (tokenLock) {
            token = null;
            tokenExpires = Instant.EPOCH;
        }
        withToken(bearer -> null);
    }

    @FunctionalInterface
    private interface Call<T> {
        T run(String bearer) throws IOException;
    }

    private <T> T withToken(Call<T> call) {
        try {
            try {
                return call.run(bearer(false));
            } catch (Unauthorized first) {
                return call.run(bearer(true));
            }
        } catch (Unauthorized again) {
            throw permanentFailure("UTREx refused this district's credentials; check the client id and secret.");
        } catch (UtrexException e) {
            throw e;
        } catch (SocketTimeoutException e) {
            throw transientFailure("UTREx did not answer in time", e);
        } catch (IOException | UncheckedIOException e) {
            throw transientFailure("Could not reach UTREx: " + e.getClass().getSimpleName(), e);
        }
    }

    private String bearer(boolean refresh) throws IOException {
        synchronized (tokenLock) {
            Instant now = clock.instant();
            if (refresh || token == null || now.isAfter(tokenExpires.minus(TOKEN_MARGIN))) {
                fetchToken(now);
            }
            return "Bearer " + token;
        }
    }

    private void fetchToken(Instant now) throws IOException {
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
                throw permanentFailure("UTREx refused this district's credentials; check the client id and secret.");
            }
            return readJson(response, null);
        });
        String accessToken = text(answer, "access_token");
        if (accessToken == null) {
            throw transientFailure("UTREx sent no access token", null);
        }
        long seconds = answer.path("expires_in").asLong(300);
        token = accessToken;
        tokenExpires = now.plusSeconds(seconds);
    }

    /** Reads a JSON answer, turning error statuses into the right kind of failure. */
    private JsonNode readJson(ClassicHttpResponse response, String ssid) throws IOException {
        int code = response.getCode();
        JsonNode body;
        try (InputStream in = response.getEntity() == null ? InputStream.nullInputStream()
                : new LimitedInputStream(response.getEntity().getContent(), 1024 * 1024)) {
            byte[] bytes = in.readAllBytes();
            body = bytes.length == 0 ? json.createObjectNode() : parseQuietly(bytes);
        } catch (LimitedInputStream.LimitExceeded e) {
            throw transientFailure("UTREx sent an unexpectedly large answer", e);
        }
        if (code >= 200 && code < 300) {
            return body;
        }
        String serverMessage = text(body.path("error"), "message");
        if (code == 401) {
            throw new Unauthorized();
        }
        if (code == 429) {
            Duration wait = retryAfter(response);
            throw new UtrexException(UtrexException.Kind.RATE_LIMITED, "UTREx asked us to slow down",
                    wait == null ? Duration.ofSeconds(5) : wait, null);
        }
        if (code == 404 && ssid != null) {
            throw permanentFailure("UTREx has no student with SSID " + ssid + ".");
        }
        if (code == 403) {
            throw permanentFailure("UTREx says " + (ssid == null ? "this student" : "the student with SSID " + ssid)
                    + " is not attributed to LEA " + config.leaNumber() + ", so it will not release the Backpack.");
        }
        if (code == 400) {
            throw permanentFailure(ssid == null ? "UTREx rejected the request: " + orElse(serverMessage, "bad request")
                    : "UTREx rejected SSID " + ssid + " as not a valid Statewide Student ID.");
        }
        if (code == 404) {
            throw permanentFailure("UTREx no longer knows this request: " + orElse(serverMessage, "not found"));
        }
        throw transientFailure("UTREx answered " + code + (serverMessage == null ? "" : ": " + serverMessage), null);
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
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.getValue().trim());
            return Duration.ofSeconds(Math.max(0, Math.min(seconds, 3600)));
        } catch (NumberFormatException e) {
            return null; // an HTTP date: rare from UTREx; the forwarder's own backoff applies
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static UtrexException permanentFailure(String message) {
        return new UtrexException(UtrexException.Kind.PERMANENT, message, null, null);
    }

    private static UtrexException transientFailure(String message, Throwable cause) {
        return new UtrexException(UtrexException.Kind.TRANSIENT, message, null, cause);
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
