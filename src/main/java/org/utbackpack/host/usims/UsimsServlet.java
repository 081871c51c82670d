package org.utbackpack.host.usims;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated USIMS over HTTP: a B2C-style token endpoint ({@code POST /b2c/oauth2/v2.0/token}), the
 * Ed-Fi resources under {@code /api/data/v3/ed-fi/}, and the loopback-only {@code /_control} and
 * {@code /_stats}. Faults are injected before an API call is answered; control calls are never delayed.
 * The routes are two tables, the API's and the controls'; a call no route takes is a 404, as Ed-Fi answers.
 */
final class UsimsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(UsimsServlet.class);
    static final String TOKEN = "/b2c/oauth2/v2.0/token";
    static final String RESOURCES = "/api/data/v3/ed-fi/";
    private static final int MAX_LIMIT = 500;
    private static final int DEFAULT_LIMIT = 25;

    /** What a route runs. */
    @FunctionalInterface
    private interface Endpoint {
        void answer(HttpServletRequest req, HttpServletResponse resp, Routes.Match<Endpoint> route) throws IOException;
    }

    private final transient UsimsState state;
    private final transient SimulatedService service;
    private final transient ObjectMapper json;
    private final transient Routes<Endpoint> api = new Routes<Endpoint>()
            .add("POST", TOKEN, (req, resp, route) -> token(req, resp))
            .add("GET", RESOURCES + "{resource*}", (req, resp, route) -> resource(req, resp, route.param("resource")));
    private final transient Routes<Endpoint> controls = new Routes<Endpoint>()
            .add("GET", "/_stats", (req, resp, route) -> stats(resp))
            .add("POST", "/_control", (req, resp, route) -> control(req, resp));

    UsimsServlet(UsimsState state, SimulatedService service, ObjectMapper json) {
        this.state = state;
        this.service = service;
        this.json = json;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            if (path.startsWith("/_")) {
                Routes.Match<Endpoint> route = controls.find(req.getMethod(), path).orElse(null);
                if (route == null) {
                    problem(resp, 404, "Not Found", "Unknown control path.");
                } else {
                    route.handler().answer(req, resp, route);
                }
                return;
            }
            service.count("httpRequests");
            if (faulted(resp)) {
                return;
            }
            Routes.Match<Endpoint> route = api.find(req.getMethod(), path).orElse(null);
            if (route == null) {
                problem(resp, 404, "Not Found", "There is no such resource.");
            } else {
                route.handler().answer(req, resp, route);
            }
        } catch (RuntimeException e) {
            LOG.warn("USIMS simulator failed on {} {}", req.getMethod(), path, e);
            problem(resp, 500, "Internal Server Error", "The simulated USIMS failed; see its log.");
        }
    }

    /** True when a fault answered the call. */
    private boolean faulted(HttpServletResponse resp) throws IOException {
        UsimsFaults own = state.faults();
        ServiceFaults f = own.service();
        if (service.pause(f.latencyMs())) {
            problem(resp, 503, "Service Unavailable", "The service is shutting down.");
            return true;
        }
        if (service.roll(f.timeoutRate())) {
            service.count("fault.timeout");
            service.pause(f.timeoutHoldMs());
            problem(resp, 504, "Gateway Timeout", "The request timed out.");
            return true;
        }
        if (service.roll(f.rateLimitRate())) {
            service.count("fault.rateLimit");
            resp.setHeader("Retry-After", Long.toString(own.retryAfterSeconds()));
            problem(resp, 429, "Too Many Requests", "Too many requests; retry later.");
            return true;
        }
        if (service.roll(f.failureRate())) {
            service.count("fault.failure");
            problem(resp, 503, "Service Unavailable", "USIMS is temporarily unavailable.");
            return true;
        }
        return false;
    }

    private void token(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"client_credentials".equals(req.getParameter("grant_type"))) {
            send(resp, 400, json.createObjectNode().put("error", "unsupported_grant_type")
                    .put("error_description", "AADB2C90086: The supplied grant_type is not supported."));
            return;
        }
        if (!service.validClient(req.getParameter("client_id"), req.getParameter("client_secret"))) {
            send(resp, 401, json.createObjectNode().put("error", "invalid_client")
                    .put("error_description", "AADB2C90081: The specified client_secret does not match."));
            return;
        }
        Map.Entry<String, Long> token = service.issueToken(state.faults().service().tokenTtlSeconds());
        send(resp, 200, json.createObjectNode().put("access_token", token.getKey()).put("token_type", "Bearer")
                .put("expires_in", token.getValue()));
    }

    private void resource(HttpServletRequest req, HttpServletResponse resp, String resource) throws IOException {
        String auth = req.getHeader("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
        SimulatedService.TokenCheck check = service.check(token);
        if (check != SimulatedService.TokenCheck.VALID) {
            resp.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            problem(resp, 401, "Unauthorized", check == SimulatedService.TokenCheck.EXPIRED
                    ? "The access token has expired." : "Authorization denied.");
            return;
        }
        if (resource.contains("/") || !state.knowsResource(resource)) {
            problem(resp, 404, "Not Found", "The resource '" + resource + "' does not exist.");
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> params.put(k, v[0]));
        int offset;
        int limit;
        try {
            offset = Integer.parseInt(params.getOrDefault("offset", "0"));
            limit = Integer.parseInt(params.getOrDefault("limit", Integer.toString(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            problem(resp, 400, "Bad Request", "Offset and limit must be whole numbers.");
            return;
        }
        if (limit < 0 || limit > MAX_LIMIT || offset < 0) {
            problem(resp, 400, "Bad Request", "Limit must be omitted or set to a value between 0 and " + MAX_LIMIT + ".");
            return;
        }
        service.count("get." + resource);
        List<JsonNode> all = state.query(resource, params);
        if ("true".equalsIgnoreCase(params.get("totalCount"))) {
            resp.setHeader("Total-Count", Integer.toString(all.size()));
        }
        List<JsonNode> page = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
        resp.setStatus(200);
        resp.setContentType("application/json");
        json.writeValue(resp.getOutputStream(), page);
    }

    private void stats(HttpServletResponse resp) throws IOException {
        send(resp, 200, json.valueToTree(service.counters()));
    }

    private void control(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JsonNode body;
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(64 * 1024);
            body = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
        } catch (IOException e) {
            problem(resp, 400, "Bad Request", "The control body is not JSON.");
            return;
        }
        try {
            UsimsFaults next = body.path("reset").asBoolean() ? UsimsFaults.defaults().merge(body)
                    : state.faults().merge(body);
            state.faults(next, body.has("seed") || body.path("reset").asBoolean());
        } catch (IllegalArgumentException e) {
            problem(resp, 400, "Bad Request", e.getMessage());
            return;
        }
        if (body.path("resetStats").asBoolean()) {
            service.resetCounters();
        }
        if (body.path("expireTokens").asBoolean()) {
            service.expireTokens();
        }
        send(resp, 200, state.faults().toJson());
    }

    private void problem(HttpServletResponse resp, int status, String title, String detail) throws IOException {
        ObjectNode body = json.createObjectNode().put("type", "urn:ed-fi:api:" + title.toLowerCase().replace(' ', '-'))
                .put("title", title).put("status", status).put("detail", detail);
        resp.setContentType("application/problem+json");
        resp.setStatus(status);
        json.writeValue(resp.getOutputStream(), body);
    }

    private void send(HttpServletResponse resp, int status, JsonNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        json.writeValue(resp.getOutputStream(), body);
    }
}
