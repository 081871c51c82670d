package org.utbackpack.plugin.web.settings;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.source.StateConnection;
import org.utbackpack.plugin.web.Routes;

import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /ws/utbackpack/utrex/test}: the Test connection button of the State Connection page, for
 * SIS administrators. Tries the district's state source with its settings (UTREx: a new access token;
 * USIMS: a token, the LEA and the enabled school years) and shows the outcome on the page as a sentence.
 * The SIS has checked the CSRF token.
 */
final class UtrexSettingsServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(UtrexSettingsServlet.class);

    private final transient StateConnection state;

    UtrexSettingsServlet(StateConnection state) {
        this.state = state;
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
        StateConnection.Outcome tested = state.testConnection();
        Map<String, Object> outcome = Map.of("ok", tested.ok(), "detail", tested.sentence());
        LOG.info("State connection test ({}) by {}: {}", state.source(), Sis.userName(request), tested.sentence());
        request.getSession().setAttribute(UtrexSettingsFilter.RESULT_SESSION, outcome);
        // post-redirect-get: a reload of the page does not test again
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + Routes.UTREX_SETTINGS);
    }
}
