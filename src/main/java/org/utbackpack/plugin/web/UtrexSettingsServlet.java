package org.utbackpack.plugin.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.utrex.UtrexClient;
import org.utbackpack.plugin.utrex.UtrexException;

import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /ws/utbackpack/utrex/test}: the Test connection button of the UTREx Settings page, for
 * SIS administrators. Asks UTREx for an access token with the district's settings and shows the outcome
 * on the settings page as a sentence. The SIS has checked the CSRF token.
 */
public final class UtrexSettingsServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(UtrexSettingsServlet.class);

    private final transient UtrexClient utrex;

    public UtrexSettingsServlet(UtrexClient utrex) {
        this.utrex = utrex;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/test".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (!Sis.isSysadmin(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, UtrexSettingsFilter.ADMINISTRATORS_ONLY);
            return;
        }
        Map<String, Object> outcome;
        try {
            utrex.testConnection();
            outcome = Map.of("ok", true, "detail", "");
        } catch (UtrexException e) {
            outcome = Map.of("ok", false, "detail", e.getMessage());
        }
        LOG.info("UTREx connection test by {}: {}", Sis.userName(request),
                Boolean.TRUE.equals(outcome.get("ok")) ? "connected" : "failed: " + outcome.get("detail"));
        request.getSession().setAttribute(UtrexSettingsFilter.RESULT_SESSION, outcome);
        // post-redirect-get: a reload of the page does not test again
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + Routes.UTREX_SETTINGS);
    }
}
