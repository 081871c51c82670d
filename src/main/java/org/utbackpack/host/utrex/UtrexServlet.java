package org.utbackpack.host.utrex;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.host.simulator.Routes;
import org.utbackpack.host.simulator.ServiceFaults;
import org.utbackpack.host.simulator.SimulatedService;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The UTREx contract over HTTP (DESIGN §6) plus the loopback-only {@code /_control} and {@code /_stats}.
 * Translates requests to {@link UtrexState} calls; injects the configured faults first. The routes are two
 * tables, the contract's and the controls'; the documents are compressed by Jetty's gzip handler
 * ({@link #DOCUMENT}) for a client that accepts gzip.
 */
final class UtrexServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(UtrexServlet.class);
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String REQUESTS = "/backpack/v1/requests";
    /** The documents' path, as a regular expression for the gzip handler. */
    static final String DOCUMENT = "^" + REQUESTS + "/[^/]+/document$";

    /** What a route runs. */
    @FunctionalInterface
    private interface Endpoint {
        void answer(Call call) throws IOException;
    }

    /**
     * One call: {@code loseAnswer} when a submit drew a timeout, so the state accepts it and the answer is
     * lost on the way.
     */
    private record Call(HttpServletRequest req, HttpServletResponse resp, Routes.Match<Endpoint> route,
                        boolean loseAnswer) {
        String param(String name) {
            return route.param(name);
        }
    }

    private final transient UtrexState state;
    private final transient SimulatedService service;
    private final transient ObjectMapper json;
    private final transient Routes<Endpoint> api = new Routes<Endpoint>()
            .add("POST", "/oauth/token", c -> token(c.req(), c.resp()))
            .add("POST", REQUESTS, c -> submit(c.req(), c.resp(), c.loseAnswer()))
            .add("GET", REQUESTS + "/{id}", c -> status(c.req(), c.resp(), c.param("id")))
            .add("GET", REQUESTS + "/{id}/document", c -> document(c.req(), c.resp(), c.param("id")));
    private final transient Routes<Endpoint> controls = new Routes<Endpoint>()
            .add("GET", "/_stats", c -> stats(c.resp()))
            .add("GET", "/_control", c -> faults(c.resp()))
            .add("POST", "/_control", c -> {
                configure(readJson(c.req()));
                faults(c.resp());
            });

    UtrexServlet(UtrexState state, SimulatedService service, ObjectMapper json) {
        this.state = state;
        this.service = service;
        this.json = json;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            if (path.startsWith("/_")) {
                control(req, resp, path);
            } else {
                service.count("httpRequests");
                api(req, resp, path);
            }
        } catch (ApiError e) {
            error(resp, e.status(), e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // Logged here, never echoed: the client gets a plain 500 body.
            LOG.warn("UTREx simulator failed on {} {}", req.getMethod(), path, e);
            error(resp, 500, "internal_error", "The simulated UTREx service failed; see its log.");
        }
    }

    // ---------------------------------------------------------------- API

    private void api(HttpServletRequest req, HttpServletResponse resp, String path) throws IOException {
        ServiceFaults f = state.faults().service();
        if (service.pause(f.latencyMs())) {
            throw new ApiError(503, "shutting_down", "The service is shutting down");
        }
        boolean submit = "POST".equals(req.getMethod()) && REQUESTS.equals(path);
        boolean timeout = service.roll(f.timeoutRate());
        if (timeout && !submit) {
            holdThenTimeout(f);
        }
        if (state.rateLimited()) {
            service.count("fault.rateLimit");
            resp.setHeader("Retry-After", "1");
            throw new ApiError(429, "rate_limited", "Too many requests; retry after 1 second");
        }
        if (service.roll(f.failureRate())) {
            service.count("fault.failure");
            throw new ApiError(503, "service_unavailable", "UTREx is temporarily unavailable");
        }
        dispatch(api, req, resp, path, submit && timeout);
    }

    /** Runs the route for the call's method and path; 405 when the path has routes for other methods only. */
    private void dispatch(Routes<Endpoint> routes, HttpServletRequest req, HttpServletResponse resp, String path,
                          boolean loseAnswer) throws IOException {
        Routes.Match<Endpoint> route = routes.find(req.getMethod(), path).orElse(null);
        if (route != null) {
            route.handler().answer(new Call(req, resp, route, loseAnswer));
            return;
        }
        List<String> methods = routes.methods(path);
        if (methods.isEmpty()) {
            throw notFound(path);
        }
        throw new ApiError(405, "method_not_allowed", "Use " + methods.get(0) + " here");
    }

    private void token(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"client_credentials".equals(req.getParameter("grant_type"))) {
            throw new ApiError(400, "unsupported_grant_type", "grant_type must be client_credentials");
        }
        String[] basic = basicCredentials(req);
        String clientId = basic != null ? basic[0] : req.getParameter("client_id");
        String secret = basic != null ? basic[1] : req.getParameter("client_secret");
        if (!service.validClient(clientId, secret)) {
            throw new ApiError(401, "invalid_client", "Unknown client or wrong secret");
        }
        Map.Entry<String, Long> token = service.issueToken(state.faults().service().tokenTtlSeconds());
        resp.setHeader("Cache-Control", "no-store");
        send(resp, 200, json.createObjectNode()
                .put("access_token", token.getKey())
                .put("token_type", "Bearer")
                .put("expires_in", token.getValue()));
    }

    private void submit(HttpServletRequest req, HttpServletResponse resp, boolean loseAnswer) throws IOException {
        authorize(req, resp);
        JsonNode body = readJson(req);
        String ssid = text(body, "ssid");
        String lea = text(body, "leaNumber");
        String type = text(body, "requestType");
        String correlationId = text(body, "correlationId");
        if (!"Retrieve".equals(type) && !"Update".equals(type)) {
            throw new ApiError(400, "bad_request", "requestType must be Retrieve or Update");
        }
        if (correlationId.length() > 200) {
            throw new ApiError(400, "bad_request", "correlationId is longer than 200 characters");
        }
        BackpackRequest r = state.submit(ssid, lea, type, correlationId);
        if (loseAnswer) {
            // The state accepted the request but the answer never arrives: the case correlation ids exist for.
            holdThenTimeout(state.faults().service());
        }
        resp.setHeader("Retry-After", "1");
        resp.setHeader("Location", req.getRequestURL() + "/"
                + java.net.URLEncoder.encode(r.requestId(), StandardCharsets.UTF_8).replace("+", "%20"));
        send(resp, 202, json.createObjectNode().put("requestId", r.requestId()).put("status", state.status(r)));
    }

    private void status(HttpServletRequest req, HttpServletResponse resp, String requestId) throws IOException {
        authorize(req, resp);
        BackpackRequest r = state.request(requestId);
        service.count("statusPolls");
        String status = state.status(r);
        if (!"Complete".equals(status) && !"Failed".equals(status) && service.roll(state.faults().unknownStatusRate())) {
            service.count("fault.unknownStatus");
            status = "OnHold"; // not a word of the contract
        }
        ObjectNode body = json.createObjectNode().put("requestId", r.requestId()).put("status", status);
        if ("Failed".equals(status)) {
            body.putObject("error").put("code", "assembly_failed")
                    .put("message", "UTREx could not assemble the Backpack for SSID " + r.ssid());
        } else if (!"Complete".equals(status)) {
            resp.setHeader("Retry-After", "1");
        }
        send(resp, 200, body);
    }

    private void document(HttpServletRequest req, HttpServletResponse resp, String requestId) throws IOException {
        authorize(req, resp);
        BackpackRequest r = state.request(requestId);
        String status = state.status(r);
        if ("Failed".equals(status)) {
            throw new ApiError(409, "request_failed", "The request failed; there is no document");
        }
        if (!"Complete".equals(status)) {
            resp.setHeader("Retry-After", "1");
            throw new ApiError(409, "not_ready", "The document is not ready; the request is " + status);
        }
        byte[] body = damaged(state.document(r));
        boolean drip = service.roll(state.faults().dripRate());
        // counted before the body goes out: once the client has read it, /_stats must already include it
        service.count("documentsServed");
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Vary", "Accept-Encoding");
        if (drip) {
            drip(resp, body);
        } else {
            resp.setContentLength(body.length);
            try (OutputStream out = resp.getOutputStream()) {
                out.write(body);
            }
        }
    }

    /** One byte every dripIntervalMs: no read ever times out, yet the body takes for ever. */
    private void drip(HttpServletResponse resp, byte[] body) throws IOException {
        service.count("fault.drip");
        resp.setContentLength(body.length);
        OutputStream out = resp.getOutputStream();
        for (byte b : body) {
            out.write(b);
            out.flush();
            if (service.pause(state.faults().dripIntervalMs())) {
                return;
            }
        }
        out.close();
    }

    /**
     * Numbers that are not numbers, where numbers belong: "NaN" and "Infinity" as strings, 1e400 (which
     * parses as infinity), and a count of days no year has.
     */
    private static byte[] nonFinite(byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8);
        text = text.replaceFirst("\"creditsEarned\":[-0-9.eE]+", "\"creditsEarned\":\"NaN\"")
                .replaceFirst("\"creditsAttempted\":[-0-9.eE]+", "\"creditsAttempted\":1e400")
                .replaceFirst("\"scaleScore\":[-0-9.eE]+", "\"scaleScore\":\"Infinity\"")
                .replaceFirst("\"membershipDays\":[-0-9.eE]+", "\"membershipDays\":4000");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Applies malformedRate (a stray token makes the JSON invalid) and truncatedRate (the body stops part-way). */
    private byte[] damaged(byte[] document) {
        Faults f = state.faults();
        if (service.roll(f.nonFiniteRate())) {
            service.count("fault.nonFinite");
            return nonFinite(document);
        }
        if (service.roll(f.malformedRate())) {
            service.count("fault.malformed");
            String text = new String(document, StandardCharsets.UTF_8);
            int at = Math.max(0, text.indexOf("\"enrollments\":[")) + "\"enrollments\":[".length();
            return (text.substring(0, at) + "#!corrupt-record!#," + text.substring(at)).getBytes(StandardCharsets.UTF_8);
        }
        if (service.roll(f.truncatedRate())) {
            service.count("fault.truncated");
            byte[] cut = new byte[state.cutPoint(document.length)];
            System.arraycopy(document, 0, cut, 0, cut.length);
            return cut;
        }
        return document;
    }

    private void holdThenTimeout(ServiceFaults f) {
        service.count("fault.timeout");
        if (service.pause(f.timeoutHoldMs())) {
            throw new ApiError(503, "shutting_down", "The service is shutting down");
        }
        throw new ApiError(504, "timeout", "UTREx did not answer in time");
    }

    // ---------------------------------------------------------------- control

    private void control(HttpServletRequest req, HttpServletResponse resp, String path) throws IOException {
        if (!InetAddress.getByName(req.getRemoteAddr()).isLoopbackAddress()) {
            throw new ApiError(403, "forbidden", "Control endpoints answer on loopback only");
        }
        dispatch(controls, req, resp, path, false);
    }

    private void stats(HttpServletResponse resp) throws IOException {
        send(resp, 200, state.stats());
    }

    private void faults(HttpServletResponse resp) throws IOException {
        send(resp, 200, state.faults().toJson());
    }

    private void configure(JsonNode body) {
        Faults base = body.path("reset").asBoolean(false) ? Faults.defaults() : state.faults();
        try {
            Faults next = base.merge(body);
            state.faults(next, body.has("seed") || body.path("reset").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_request", e.getMessage());
        }
        if (body.path("resetStats").asBoolean(false)) {
            state.resetStats();
        }
        if (body.path("expireTokens").asBoolean(false)) {
            service.expireTokens();
        }
    }

    // ---------------------------------------------------------------- helpers

    private void authorize(HttpServletRequest req, HttpServletResponse resp) {
        String header = req.getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        SimulatedService.TokenCheck check = service.check(token);
        if (check != SimulatedService.TokenCheck.VALID) {
            resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        switch (check) {
            case VALID -> { }
            case EXPIRED -> throw new ApiError(401, "token_expired", "The access token has expired");
            default -> throw new ApiError(401, "invalid_token", token == null
                    ? "A Bearer token is required" : "The access token is not known");
        }
    }

    private static String[] basicCredentials(HttpServletRequest req) {
        String header = req.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0 ? null : new String[]{pair.substring(0, colon), pair.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private JsonNode readJson(HttpServletRequest req) throws IOException {
        byte[] bytes;
        try (InputStream in = req.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ApiError(400, "bad_request", "The body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "bad_request", "The body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "bad_request", "The body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new ApiError(400, "bad_request", field + " is required and must be a string");
        }
        return v.asText();
    }

    private static ApiError notFound(String path) {
        return new ApiError(404, "not_found", "No such endpoint: " + path);
    }

    private void error(HttpServletResponse resp, int status, String code, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        send(resp, status, body);
    }

    private void send(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }
}
