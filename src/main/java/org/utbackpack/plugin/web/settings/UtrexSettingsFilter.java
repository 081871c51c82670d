package org.utbackpack.plugin.web.settings;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.plugin.request.ForwarderSettings;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.source.StateConnection;
import org.utbackpack.plugin.utrex.UtrexConfig;
import org.utbackpack.plugin.web.Routes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The State Connection page ({@link Routes#UTREX_SETTINGS}) is for SIS administrators only; this filter
 * refuses everyone else before the SIS renders it, and hands the page what it shows: the state source
 * (UTREx or USIMS) and each of its settings with where its value came from, then the request deadline
 * ({@code $utrex}), and the outcome of the last Test connection ({@code $utrexTest}, shown once). Secrets
 * are never put in the page's model: only whether they are set.
 */
final class UtrexSettingsFilter extends HttpFilter {

    static final String SETTINGS_ATTRIBUTE = "utrex";
    static final String RESULT_ATTRIBUTE = "utrexTest";
    /** Session attribute: the Test connection outcome, from the POST to the page that follows it. */
    static final String RESULT_SESSION = "utbackpack.utrexTest";
    static final String ADMINISTRATORS_ONLY = "The state connection settings are for SIS administrators only.";

    private final Map<String, Object> shown;

    /**
     * @param forwarderOrigin where each {@code utbackpack.forwarder.*} setting's value came from
     */
    UtrexSettingsFilter(StateConnection state, ForwarderSettings forwarder,
                               Function<String, UtrexConfig.Origin> forwarderOrigin) {
        this.shown = describe(state, forwarder, forwarderOrigin);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!Sis.isSysadmin(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, ADMINISTRATORS_ONLY);
            return;
        }
        request.setAttribute(SETTINGS_ATTRIBUTE, shown);
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(RESULT_SESSION) != null) {
            request.setAttribute(RESULT_ATTRIBUTE, session.getAttribute(RESULT_SESSION));
            session.removeAttribute(RESULT_SESSION);
        }
        chain.doFilter(request, response);
    }

    private static Map<String, Object> describe(StateConnection state, ForwarderSettings forwarder,
                                                Function<String, UtrexConfig.Origin> forwarderOrigin) {
        List<Map<String, Object>> rows = new ArrayList<>(state.model());
        rows.add(forwarderRow("requestDeadline", forwarder.requestDeadline().toSeconds() + " s",
                ForwarderSettings.REQUEST_DEADLINE_SECONDS, forwarderOrigin));
        rows.add(forwarderRow("workers", Integer.toString(forwarder.workers()), ForwarderSettings.WORKERS,
                forwarderOrigin));
        rows.add(forwarderRow("maxInFlight", Integer.toString(forwarder.maxInFlight()),
                ForwarderSettings.MAX_IN_FLIGHT, forwarderOrigin));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("source", state.source().name());
        model.put("rows", List.copyOf(rows));
        model.put("maxAttempts", forwarder.maxAttempts());
        model.put("leaseSeconds", forwarder.lease().toSeconds());
        return Map.copyOf(model);
    }

    private static Map<String, Object> forwarderRow(String key, String value, String setting,
                                                    Function<String, UtrexConfig.Origin> forwarderOrigin) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", key);
        row.put("value", value);
        row.put("setting", setting);
        row.put("environment", UtrexConfig.environmentName(setting));
        row.put("origin", forwarderOrigin.apply(setting).name());
        row.put("masked", false);
        return row;
    }
}
