package org.utbackpack.plugin.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.utbackpack.plugin.utrex.UtrexClient;
import org.utbackpack.plugin.utrex.UtrexConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UTREx that takes {@code latency} over every submit, poll and document (on threads of its own), asks to
 * be polled at once, has every request complete, and counts how many of those calls were out at once.
 */
final class SlowUtrex implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Duration latency;
    private final String document;
    private final AtomicInteger out = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    SlowUtrex(Duration latency, String document) throws IOException {
        this.latency = latency;
        this.document = document;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(threads);
        server.createContext("/utrex/oauth/token", exchange ->
                answer(exchange, 200, "{\"access_token\":\"t\",\"expires_in\":3600}"));
        server.createContext("/utrex/backpack/v1/requests", this::api);
        server.start();
    }

    /** A client of this UTREx, with UtrexClientTest's timeouts. */
    UtrexClient client() {
        Map<String, String> settings = Map.of(UtrexConfig.BASE_URL,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/utrex",
                UtrexConfig.LEA_NUMBER, "01", UtrexConfig.CLIENT_ID, "slow", UtrexConfig.CLIENT_SECRET, "slow-secret",
                UtrexConfig.CONNECT_TIMEOUT_MS, "2000", UtrexConfig.RESPONSE_TIMEOUT_MS, "10000");
        return new UtrexClient(UtrexConfig.from(settings::get, name -> null), JSON, Clock.systemUTC());
    }

    /** The most submits, polls and downloads UTREx was answering at one moment. */
    int mostAtOnce() {
        return mostAtOnce.get();
    }

    int calls() {
        return calls.get();
    }

    private void api(HttpExchange exchange) throws IOException {
        int now = out.incrementAndGet();
        mostAtOnce.accumulateAndGet(now, Math::max);
        calls.incrementAndGet();
        try {
            Thread.sleep(latency.toMillis());
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod())) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                exchange.getResponseHeaders().set("Retry-After", "0");
                answer(exchange, 202, "{\"requestId\":\"r-" + body.path("correlationId").asText() + "\"}");
            } else if (path.endsWith("/document")) {
                answer(exchange, 200, document);
            } else {
                answer(exchange, 200, "{\"status\":\"Complete\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            out.decrementAndGet();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
