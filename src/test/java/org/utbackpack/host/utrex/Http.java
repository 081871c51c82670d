package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small JSON client over java.net.http for the simulator tests; every call has a timeout. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> tokenResponse(String clientId, String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret);
        return send(HttpRequest.newBuilder(uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    String token(String clientId, String secret) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = tokenResponse(clientId, secret);
        if (r.statusCode() != 200) {
            throw new AssertionError("token: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return json(r).get("access_token").asText();
    }

    HttpResponse<byte[]> postJson(String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    HttpResponse<byte[]> get(String path, String token, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    HttpResponse<byte[]> submit(String token, String ssid, String lea, String type, String correlationId)
            throws IOException, InterruptedException {
        return postJson("/backpack/v1/requests", token, JSON.createObjectNode().put("ssid", ssid).put("leaNumber", lea)
                .put("requestType", type).put("correlationId", correlationId).toString());
    }

    JsonNode control(String body) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = postJson("/_control", null, body);
        if (r.statusCode() != 200) {
            throw new AssertionError("control: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return json(r);
    }

    JsonNode stats() throws IOException, InterruptedException {
        return json(get("/_stats", null));
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
