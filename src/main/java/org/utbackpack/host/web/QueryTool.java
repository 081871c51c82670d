package org.utbackpack.host.web;

import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.runtime.PluginRuntime;
import org.utbackpack.host.runtime.PowerQueryRunner;

import java.util.List;
import java.util.Map;

/**
 * PowerQueries as a page template calls them ({@code $query.rows('com.x.y.z.name', {'studentsdcid': 1})}).
 * The page may call only the queries its permission mapping names, exactly as over HTTP.
 */
public final class QueryTool {

    private final PluginRuntime plugin;
    private final PowerQueryRunner runner;
    private final String page;
    private final RowRestriction restriction;
    private final jakarta.servlet.http.HttpServletRequest request;

    /** Limits what a guardian's queries may touch; staff pass {@link RowRestriction#NONE}. */
    @FunctionalInterface
    public interface RowRestriction {
        RowRestriction NONE = args -> { };

        void check(Map<String, ?> args);
    }

    /**
     * @param runner  already on the plugin's read-only account
     * @param request the page's request: the plugin is told what each query served to its user
     */
    public QueryTool(PluginRuntime plugin, PowerQueryRunner runner, String page, RowRestriction restriction,
                     jakarta.servlet.http.HttpServletRequest request) {
        this.plugin = plugin;
        this.runner = runner;
        this.page = page;
        this.restriction = restriction;
        this.request = request;
    }

    public List<Map<String, Object>> rows(String name, Map<String, ?> args) {
        return served(name, args, runner.rows(allowed(name, args), args, 1, 0));
    }

    public List<Map<String, Object>> page(String name, Map<String, ?> args, int page, int pageSize) {
        return served(name, args, runner.rows(allowed(name, args), args, page, pageSize));
    }

    /** A page in another order: {@code order} is a column alias, optionally with {@code ;desc}. */
    public List<Map<String, Object>> page(String name, Map<String, ?> args, int page, int pageSize, String order) {
        return served(name, args, runner.rows(allowed(name, args), args, page, pageSize, order));
    }

    /** The first row, or null. */
    public Map<String, Object> first(String name, Map<String, ?> args) {
        List<Map<String, Object>> rows = served(name, args, runner.rows(allowed(name, args), args, 1, 1));
        return rows.isEmpty() ? null : rows.get(0);
    }

    public long count(String name, Map<String, ?> args) {
        long count = runner.count(allowed(name, args), args);
        plugin.served(request, name, args, -1, page);
        return count;
    }

    /** The disclosure log is written where the rows are handed to the page, before it is sent. */
    private List<Map<String, Object>> served(String name, Map<String, ?> args, List<Map<String, Object>> rows) {
        plugin.served(request, name, args, rows.size(), page);
        return rows;
    }

    private NamedQuery allowed(String name, Map<String, ?> args) {
        if (!plugin.pageMayCall(page, "/ws/schema/query/" + name, "post")) {
            throw new SecurityException("Page " + page + " has no permission mapping for PowerQuery " + name);
        }
        restriction.check(args);
        return plugin.query(name).orElseThrow(() -> new IllegalArgumentException("No PowerQuery named " + name));
    }
}
