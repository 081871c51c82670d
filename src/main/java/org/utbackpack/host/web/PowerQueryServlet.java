package org.utbackpack.host.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.db.Directory;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.runtime.PluginRuntime;
import org.utbackpack.host.runtime.PowerQueryRunner;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /ws/schema/query/{name}}: a plugin's PowerQuery over HTTP, with {@code page},
 * {@code pagesize} and {@code count=true}. Allowed only when the caller may open a page whose permission
 * mapping names the query (staff pages for staff, portal pages for guardians), and a guardian's
 * arguments may name only their own students.
 */
public final class PowerQueryServlet extends HttpServlet {

    private final Supplier<List<PluginRuntime>> plugins;
    private final PowerQueryRunner runner;
    private final Directory directory;
    private final ObjectMapper json;

    public PowerQueryServlet(Supplier<List<PluginRuntime>> plugins, PowerQueryRunner runner, Directory directory,
                             ObjectMapper json) {
        this.plugins = plugins;
        this.runner = runner;
        this.directory = directory;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        SessionUser user = Pages.user(request);
        Optional<PluginRuntime> owner = plugins.get().stream().filter(p -> p.query(name).isPresent()).findFirst();
        if (owner.isEmpty()) {
            error(response, 404, "No PowerQuery named " + name);
            return;
        }
        String area = user != null && user.guardian() ? "/guardian/" : "/admin/";
        boolean mapped = owner.get().pagesAllowing("/ws/schema/query/" + name, "post").stream()
                .anyMatch(page -> page.startsWith(area));
        if (user == null || !mapped) {
            error(response, 403, "You may not run this PowerQuery.");
            return;
        }
        Map<String, Object> args;
        try {
            args = arguments(request);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            error(response, 400, "The request body must be a JSON object of arguments.");
            return;
        }
        if (user.guardian() && !guardianMay(user, args)) {
            error(response, 403, "You may only see your own students.");
            return;
        }
        NamedQuery query = owner.get().query(name).get();
        ObjectNode body = json.createObjectNode();
        try {
            if ("true".equals(request.getParameter("count"))) {
                body.put("count", runner.count(query, args));
            } else {
                int page = number(request.getParameter("page"), 1);
                int pageSize = number(request.getParameter("pagesize"), 100);
                body.put("name", name);
                ArrayNode records = body.putArray("record");
                for (Map<String, Object> row : runner.rows(query, args, page, pageSize, request.getParameter("order"))) {
                    ObjectNode record = records.addObject();
                    row.forEach((k, v) -> record.set(k, v == null ? json.nullNode() : v instanceof Number n
                            ? json.valueToTree(n) : v instanceof Boolean b ? json.valueToTree(b)
                            : json.getNodeFactory().textNode(v.toString())));
                }
            }
        } catch (PowerQueryRunner.BadArguments e) {
            error(response, 400, e.getMessage());
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }

    private boolean guardianMay(SessionUser user, Map<String, Object> args) {
        Object student = args.get("studentsdcid");
        if (student == null) {
            return false;
        }
        Object guardian = args.get("guardianid");
        if (guardian != null && !guardian.toString().equals(Long.toString(user.id()))) {
            return false;
        }
        try {
            return directory.guardianMaySee(user.id(), Long.parseLong(student.toString()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Map<String, Object> arguments(HttpServletRequest request) throws IOException {
        byte[] bytes = request.getInputStream().readNBytes(64 * 1024);
        Map<String, Object> args = new LinkedHashMap<>();
        if (bytes.length == 0) {
            return args;
        }
        JsonNode node = json.readTree(bytes);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isValueNode()) {
                throw new IllegalArgumentException(e.getKey());
            }
            args.put(e.getKey(), v.isNull() ? null : v.isIntegralNumber() ? (Object) v.longValue()
                    : v.isNumber() ? (Object) v.doubleValue() : v.isBoolean() ? (Object) v.booleanValue() : v.asText());
        }
        return args;
    }

    private static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1; // the runner refuses it with a message
        }
    }

    private void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("message", message);
        json.writeValue(response.getOutputStream(), body);
    }
}
