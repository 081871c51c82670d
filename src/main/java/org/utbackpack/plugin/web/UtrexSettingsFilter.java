package org.utbackpack.plugin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.plugin.request.Forwarder;
import org.utbackpack.plugin.source.StateConnection;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The State Connection page ({@link Routes#UTREX_SETTINGS}) is for SIS administrators only; this filter
 * refuses everyone else before the SIS renders it, and hands the page what it shows: the state source
 * (UTREx or USIMS) and each of its settings with where its value came from ({@code $utrex}), and the
 * outcome of the last Test connection
 * ({@code $utrexTest}, shown once). The client secret is never put in the page's model: only whether
 * it is set.
 */
public final class UtrexSettingsFilter extends HttpFilter {

    static final String SETTINGS_ATTRIBUTE = "utrex";
    static final String RESULT_ATTRIBUTE = "utrexTest";
    /** Session attribute: the Test connection outcome, from the POST to the page that follows it. */
    static final String RESULT_SESSION = "utbackpack.utrexTest";
    static final String ADMINISTRATORS_ONLY = "The state connection settings are for SIS administrators only.";

    private final Map<String, Object> shown;

    public UtrexSettingsFilter(StateConnection state, Forwarder.Settings forwarder) {
        this.shown = describe(state, forwarder);
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

    private static Map<String, Object> describe(StateConnection state, Forwarder.Settings forwarder) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("source", state.source().name());
        model.put("rows", state.model());
        model.put("maxAttempts", forwarder.maxAttempts());
        model.put("leaseSeconds", forwarder.lease().toSeconds());
        return Map.copyOf(model);
    }
}
