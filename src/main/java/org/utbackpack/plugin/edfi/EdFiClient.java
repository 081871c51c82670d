package org.utbackpack.plugin.edfi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.plugin.utrex.UtrexException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Reads Ed-Fi ODS/API resources from USIMS: OAuth 2.0 client credentials against the authentication
 * URL (the token is kept until shortly before it expires, and fetched anew once when the API answers 401),
 * collections read page by page with {@code limit}/{@code offset} and the {@code Total-Count} header
 * ({@code totalCount=true}), a 429 answered by waiting the {@code Retry-After} the API gave when it is short
 * ({@link #LONGEST_WAIT_IN_A_CALL}) and fits in the call's deadline, and every wait bounded by it. A longer
 * Retry-After is handed back to the forwarder, which keeps the request as a row until then: a worker is never
 * held asleep for USIMS. Failures come out as {@link UtrexException}s, the
 * forwarder's kinds: transient, rate limited, or permanent with a sentence for staff. The secret is sent
 * only to the token endpoint. Thread-safe.
 */
final class EdFiClient {

    /** The Ed-Fi resources of the current Data Standard live here under the data exchange URL. */
    static final String RESOURCES = "/data/v3/ed-fi/";
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
    /**
     * The longest Retry-After waited out inside a call, so a student's read is not begun again for a brief
     * pause; anything longer goes back to the forwarder, which waits without holding a worker.
     */
    static final Duration LONGEST_WAIT_IN_A_CALL = Duration.ofSeconds(2);
    /** More 429s than this in one call means USIMS is overloaded; the forwarder's backoff takes over. */
    private static final int MAX_RATE_LIMIT_WAITS = 30;

    /** When one call (one student's whole read, or one test) must be finished. */
    static final class Deadline {
        private final Clock clock;
        private final Instant end;
        private final Duration total;

        Deadline(Clock clock, Duration total) {
            this.clock = clock;
            this.total = total;
            this.end = clock.instant().plus(total);
        }

        Duration left() {
            return Duration.between(clock.instant(), end);
        }

        UtrexException passed() {
            return UtrexException.temporary("USIMS did not send this student's records within "
                    + seconds(total) + ".", null);
        }
    }

    private record Token(String value, Instant refreshAt) {
    }

    private final UsimsConfig config;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final Object tokenLock = new Object();
    private volatile Token token;

    EdFiClient(UsimsConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    UsimsConfig config() {
        return config;
    }

    Deadline deadline() {
        return new Deadline(clock, config.callDeadline());
    }

    /** Asks for a new token now (Test connection): throws saying why none was issued. */
    void freshToken(Deadline deadline) {
        synchronized (tokenLock) {
            token = fetchToken(deadline);
        }
    }

    /** Every item of a collection that matches {@code query}, page by page. */
    List<JsonNode> readAll(String resource, Map<String, String> query, Deadline deadline) {
        List<JsonNode> items = new ArrayList<>();
        int offset = 0;
        Integer total = null;
        while (true) {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("offset", Integer.toString(offset));
            q.put("limit", Integer.toString(config.pageSize()));
            if (total == null) {
                q.put("totalCount", "true");
            }
            HttpResponse<byte[]> response = get(resource, q, deadline);
            JsonNode page = parse(response.body(), resource);
            if (!page.isArray()) {
                throw UtrexException.temporary("USIMS answered the " + resource + " request with something other"
                        + " than a list.", null);
            }
            page.forEach(items::add);
            if (total == null) {
                total = response.headers().firstValue("Total-Count").map(EdFiClient::intOrNull).orElse(null);
                if (total == null) {
                    total = -1; // not told: read until a short page
                }
            }
            offset += page.size();
            boolean more = total >= 0 ? offset < total && page.size() > 0 : page.size() == config.pageSize();
            if (!more) {
                return items;
            }
        }
    }

    /** One GET with the bearer token; a 401 gets one new token and one more try; a 429 waits its turn. */
    private HttpResponse<byte[]> get(String resource, Map<String, String> query, Deadline deadline) {
        URI uri = URI.create(config.dataUrl() + RESOURCES + resource + queryString(query));
        int waits = 0;
        Token used = currentToken(null, deadline);
        boolean refreshed = false;
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(uri).GET()
                    .timeout(timeout(deadline))
                    .header("Accept", "application/json")
                    .header("Authorization", "Bearer " + used.value())
                    .build();
            HttpResponse<byte[]> response = send(request, deadline);
            int code = response.statusCode();
            if (code == 200) {
                return response;
            }
            if (code == 401 && !refreshed) {
                // the token expired or was revoked early: one fresh token (shared by all callers), one more try
                used = currentToken(used, deadline);
                refreshed = true;
                continue;
            }
            if (code == 429) {
                Duration wait = retryAfter(response);
                if (++waits <= MAX_RATE_LIMIT_WAITS && wait.compareTo(LONGEST_WAIT_IN_A_CALL) <= 0
                        && wait.compareTo(deadline.left()) < 0) {
                    pause(wait);
                    continue;
                }
                throw UtrexException.rateLimited("USIMS asked us to slow down.", wait);
            }
            throw failure(code, resource);
        }
    }

    private UtrexException failure(int code, String resource) {
        if (code == 401) {
            return UtrexException.temporary("USIMS refused a freshly issued access token.", null);
        }
        if (code == 403) {
            return UtrexException.permanent("USIMS does not let LEA " + config.leaNumber() + " read " + resource
                    + "; the LEA's key may lack the Backpack claim set.");
        }
        if (code == 404) {
            return UtrexException.permanent("USIMS has no Ed-Fi resource '" + resource + "' at "
                    + config.dataUrl() + "; an SIS administrator should check the data exchange URL.");
        }
        if (code >= 500) {
            return UtrexException.temporary("USIMS is temporarily unavailable (HTTP " + code + ").", null);
        }
        return UtrexException.temporary("USIMS answered HTTP " + code + " when asked for " + resource + ".", null);
    }

    private Token currentToken(Token refused, Deadline deadline) {
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

    private Token fetchToken(Deadline deadline) {
        Instant asked = clock.instant();
        StringJoiner form = new StringJoiner("&");
        form.add("grant_type=client_credentials");
        form.add("client_id=" + encode(config.clientKey()));
        form.add("client_secret=" + encode(config.clientSecret()));
        if (config.scope() != null) {
            form.add("scope=" + encode(config.scope()));
        }
        HttpRequest request = HttpRequest.newBuilder(config.authUrl())
                .timeout(timeout(deadline))
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        HttpResponse<byte[]> response = send(request, deadline);
        int code = response.statusCode();
        if (code == 400 || code == 401) {
            throw UtrexException.permanent("USIMS refused this district's key (client key " + config.clientKey()
                    + "); an SIS administrator should check the USIMS key and secret made in the LEA Client Manager.");
        }
        if (code == 429) {
            throw UtrexException.rateLimited("USIMS asked us to slow down.", retryAfter(response));
        }
        if (code != 200) {
            throw code >= 500
                    ? UtrexException.temporary("The USIMS sign-in service is temporarily unavailable (HTTP " + code
                    + ").", null)
                    : UtrexException.permanent("The USIMS authentication URL answered HTTP " + code
                    + "; an SIS administrator should check it.");
        }
        JsonNode answer = parse(response.body(), "an access token");
        String accessToken = answer.path("access_token").asText(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw UtrexException.temporary("USIMS sent no access token.", null);
        }
        Duration life = Duration.ofSeconds(Math.max(1, answer.path("expires_in").asLong(300)));
        Duration margin = TOKEN_MARGIN.compareTo(life.dividedBy(5)) < 0 ? TOKEN_MARGIN : life.dividedBy(5);
        return new Token(accessToken, asked.plus(life).minus(margin));
    }

    private HttpResponse<byte[]> send(HttpRequest request, Deadline deadline) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw UtrexException.temporary("Could not connect to USIMS at " + request.uri().getHost() + " within "
                    + seconds(config.connectTimeout()) + ".", e);
        } catch (HttpTimeoutException e) {
            if (deadline.left().isNegative() || deadline.left().isZero()) {
                throw deadline.passed();
            }
            throw UtrexException.temporary("USIMS did not answer within " + seconds(config.responseTimeout()) + ".", e);
        } catch (ConnectException e) {
            throw UtrexException.temporary("Could not connect to USIMS at " + request.uri().getHost() + ".", e);
        } catch (IOException e) {
            throw UtrexException.temporary("The connection to USIMS broke off (" + e.getClass().getSimpleName()
                    + ").", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UtrexException.temporary("The call to USIMS was interrupted.", e);
        }
    }

    private Duration timeout(Deadline deadline) {
        Duration left = deadline.left();
        if (left.compareTo(Duration.ofMillis(1)) < 0) {
            throw deadline.passed();
        }
        return left.compareTo(config.responseTimeout()) < 0 ? left : config.responseTimeout();
    }

    private Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return DEFAULT_RETRY_AFTER;
        }
        String v = value.trim();
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return clamp(Duration.ofSeconds(Long.parseLong(v)));
            }
            return clamp(Duration.between(clock.instant(),
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
        } catch (NumberFormatException | DateTimeParseException e) {
            return DEFAULT_RETRY_AFTER;
        }
    }

    private static Duration clamp(Duration d) {
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : d;
    }

    private static void pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw UtrexException.temporary("The call to USIMS was interrupted.", e);
        }
    }

    private JsonNode parse(byte[] body, String what) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw UtrexException.temporary("USIMS sent something that is not JSON for " + what + ".", e);
        }
    }

    private static String queryString(Map<String, String> query) {
        StringJoiner q = new StringJoiner("&", "?", "");
        query.forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
        return query.isEmpty() ? "" : q.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Integer intOrNull(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** "30 seconds", "1 second", "250 milliseconds". */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " milliseconds";
        }
        long s = Math.round(ms / 1000.0);
        return s == 1 ? "1 second" : s + " seconds";
    }
}
