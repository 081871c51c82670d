package org.utbackpack.plugin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.plugin.request.Forwarder;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.utrex.UtrexConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The UTREx Settings page ({@link Routes#UTREX_SETTINGS}) is for SIS administrators only; this filter
 * refuses everyone else before the SIS renders it, and hands the page what it shows: each setting with
 * where its value came from ({@code $utrex}), and the outcome of the last Test connection
 * ({@code $utrexTest}, shown once). The client secret is never put in the page's model: only whether
 * it is set.
 */
public final class UtrexSettingsFilter extends HttpFilter {

    static final String SETTINGS_ATTRIBUTE = "utrex";
    static final String RESULT_ATTRIBUTE = "utrexTest";
    /** Session attribute: the Test connection outcome, from the POST to the page that follows it. */
    static final String RESULT_SESSION = "utbackpack.utrexTest";
    static final String ADMINISTRATORS_ONLY = "The UTREx settings are for SIS administrators only.";

    private final Map<String, Object> shown;

    /**
     * @param forwarderOrigin where each {@code utbackpack.forwarder.*} setting's value came from
     */
    public UtrexSettingsFilter(UtrexConfig config, Forwarder.Settings forwarder,
                               Function<String, UtrexConfig.Origin> forwarderOrigin) {
        this.shown = describe(config, forwarder, forwarderOrigin);
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

    private static Map<String, Object> describe(UtrexConfig config, Forwarder.Settings forwarder,
                                                Function<String, UtrexConfig.Origin> forwarderOrigin) {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(row(config, "baseUrl", UtrexConfig.BASE_URL, config.baseUrl().toString()));
        rows.add(row(config, "leaNumber", UtrexConfig.LEA_NUMBER, config.leaNumber()));
        rows.add(row(config, "clientId", UtrexConfig.CLIENT_ID, config.clientId()));
        // the secret itself never leaves UtrexConfig: the page learns only that it is set
        Map<String, Object> secret = row(config, "clientSecret", UtrexConfig.CLIENT_SECRET, "");
        secret.put("masked", true);
        rows.add(secret);
        rows.add(row(config, "connectTimeout", UtrexConfig.CONNECT_TIMEOUT_MS, config.connectTimeout().toMillis() + " ms"));
        rows.add(row(config, "responseTimeout", UtrexConfig.RESPONSE_TIMEOUT_MS,
                config.responseTimeout().toMillis() + " ms"));
        rows.add(row(config, "maxDocument", UtrexConfig.MAX_DOCUMENT_BYTES, config.maxDocumentSize()));
        rows.add(row(config, "callDeadline", UtrexConfig.CALL_DEADLINE_MS, config.callDeadline().toMillis() + " ms"));
        Map<String, Object> deadline = row(config, "requestDeadline", Forwarder.Settings.REQUEST_DEADLINE_SECONDS,
                forwarder.requestDeadline().toSeconds() + " s");
        deadline.put("origin", forwarderOrigin.apply(Forwarder.Settings.REQUEST_DEADLINE_SECONDS).name());
        rows.add(deadline);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("baseUrl", config.baseUrl().toString());
        model.put("rows", List.copyOf(rows));
        model.put("maxAttempts", forwarder.maxAttempts());
        model.put("leaseSeconds", forwarder.lease().toSeconds());
        return Map.copyOf(model);
    }

    private static Map<String, Object> row(UtrexConfig config, String key, String setting, String value) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", key);
        row.put("value", value);
        row.put("setting", setting);
        row.put("environment", UtrexConfig.environmentName(setting));
        row.put("origin", config.origin(setting).name());
        row.put("masked", false);
        return row;
    }
}
