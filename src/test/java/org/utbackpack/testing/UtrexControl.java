package org.utbackpack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The UTREx simulator's test controls: {@code POST /_control} and {@code GET /_stats}. */
public final class UtrexControl {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code base}: the simulator's address, e.g. http://127.0.0.1:PORT/utrex. */
    public UtrexControl(URI base) {
        this.base = base;
    }

    /** Sends fault settings or actions (reset, resetStats, expireTokens); returns the settings in force. */
    public JsonNode control(String json) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/_control"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        if (r.statusCode() != 200) {
            throw new AssertionError("simulator control: " + r.statusCode() + " " + r.body());
        }
        return read(r.body());
    }

    /** Submits per correlation id, documents served, tokens issued, requests created, faults injected. */
    public JsonNode stats() {
        return read(send(HttpRequest.newBuilder(URI.create(base + "/_stats")).GET()).body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
