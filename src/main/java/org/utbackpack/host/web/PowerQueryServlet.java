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
import org.utbackpack.host.auth.Directory;
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
 * {@code pagesize} (capped at {@link PowerQueryRunner#MAX_PAGE_SIZE}) and {@code count=true}. Allowed only
 * when the caller may open a page whose permission mapping names the query, by that page's own access
 * rule (staff pages for staff, portal pages for guardians), and a guardian's arguments may name only their
 * own students. Runs on the plugin's read-only account and tells the plugin what it served, so the
 * disclosure log is written where the rows leave.
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
        // the container's decoded path, which CanonicalPathFilter made the only reading of the address
        String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        SessionUser user = Pages.user(request);
        Optional<PluginRuntime> owner = plugins.get().stream().filter(p -> p.query(name).isPresent()).findFirst();
        if (owner.isEmpty()) {
            error(response, 404, "No PowerQuery named " + name);
            return;
        }
        PluginRuntime plugin = owner.get();
        if (user == null || !mayRun(request, user, plugin, name)) {
            error(response, 403, "You may not run this PowerQuery.");
            return;
        }
        Map<String, Object> args;
        try {
            args = arguments(request);
        } catch (ArgumentsTooLarge e) {
            error(response, 413, "The arguments of a PowerQuery may be at most " + Limits.MAX_QUERY_ARGUMENTS_BYTES / 1024
                    + " KB. Send fewer or shorter ones.");
            return;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            error(response, 400, "The request body must be a JSON object of arguments.");
            return;
        }
        if (user.guardian() && !guardianMay(user, args)) {
            error(response, 403, "You may only see your own students.");
            return;
        }
        NamedQuery query = plugin.query(name).get();
        PowerQueryRunner reader = runner.readingFor(plugin);
        ObjectNode body = json.createObjectNode();
        try {
            // from here on the values the query binds: what runs is what the plugin is told was served and logs
            args = reader.typedArguments(query, args);
            if ("true".equals(request.getParameter("count"))) {
                body.put("count", reader.count(query, args));
                plugin.served(request, name, args, -1, null);
            } else {
                int page = page(request.getParameter("page"));
                int pageSize = PowerQueryRunner.cappedPageSize(pageSize(request.getParameter("pagesize")));
                body.put("name", name);
                ArrayNode records = body.putArray("record");
                List<Map<String, Object>> rows = reader.rows(query, args, page, pageSize,
                        request.getParameter("order"));
                for (Map<String, Object> row : rows) {
                    ObjectNode record = records.addObject();
                    row.forEach((k, v) -> record.set(k, v == null ? json.nullNode() : v instanceof Number n
                            ? json.valueToTree(n) : v instanceof Boolean b ? json.valueToTree(b)
                            : json.getNodeFactory().textNode(v.toString())));
                }
                // the plugin's disclosure log is written here, where the records leave, before they are sent
                plugin.served(request, name, args, rows.size(), null);
            }
        } catch (PowerQueryRunner.BadArguments e) {
            error(response, 400, e.getMessage());
            return;
        } catch (PowerQueryRunner.NotGranted e) {
            error(response, 403, e.getMessage());
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }

    /**
     * As the SIS decides: the caller may run the query when they may open a page of their own area whose
     * permission mapping implies it, by that page's own access rule evaluated for them, and the plugin lets
     * them call the query itself.
     */
    private static boolean mayRun(HttpServletRequest request, SessionUser user, PluginRuntime plugin, String name) {
        String resource = "/ws/schema/query/" + name;
        String area = user.guardian() ? "/guardian/" : "/admin/";
        return plugin.allows(request, resource) && plugin.pagesAllowing(resource, "post").stream()
                .anyMatch(page -> page.startsWith(area) && plugin.allows(request, page));
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
        // one byte past the limit tells a body that is too large from one that fits, so none is read in part
        byte[] bytes = request.getInputStream().readNBytes(Limits.MAX_QUERY_ARGUMENTS_BYTES + 1);
        if (bytes.length > Limits.MAX_QUERY_ARGUMENTS_BYTES) {
            throw new ArgumentsTooLarge();
        }
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
            // a whole number too large for a long is kept as its digits, never wrapped round to another number
            args.put(e.getKey(), v.isNull() ? null : v.isIntegralNumber() && !v.canConvertToLong() ? v.asText()
                    : v.isIntegralNumber() ? (Object) v.longValue()
                    : v.isNumber() ? (Object) v.doubleValue() : v.isBoolean() ? (Object) v.booleanValue() : v.asText());
        }
        return args;
    }

    private static int page(String value) {
        if (value == null) {
            return 1;
        }
        if (!value.matches("\\d{1,9}") || Integer.parseInt(value) < 1) {
            throw new PowerQueryRunner.BadArguments("page must be a whole number, 1 or more.");
        }
        return Integer.parseInt(value);
    }

    private static Integer pageSize(String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("-?\\d{1,40}")) {
            throw new PowerQueryRunner.BadArguments("pagesize must be a whole number (at most "
                    + PowerQueryRunner.MAX_PAGE_SIZE + " rows are returned at once).");
        }
        // any number is accepted and capped; one too long for an int is simply very large or very small
        java.math.BigInteger size = new java.math.BigInteger(value);
        return size.bitLength() < 31 ? size.intValue() : size.signum() < 0 ? -1 : Integer.MAX_VALUE;
    }

    /** A body past {@link Limits#MAX_QUERY_ARGUMENTS_BYTES}. */
    private static final class ArgumentsTooLarge extends RuntimeException {
        ArgumentsTooLarge() {
            super(null, null, false, false);
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
