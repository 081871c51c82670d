package org.utbackpack.plugin.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The broker's address space, {@code /ws/utbackpack/...}. Each feature registers its own servlet for its routes
 * (a subclass of this one); this class, registered for the rest of the space, answers a GET or POST of an
 * address no feature serves with 404, so every broker address answers as one servlet did. Each feature's
 * servlet checks the user's access itself; the SIS has already signed the user in and checked the CSRF token.
 */
public class BrokerServlet extends HttpServlet {

    /** The refusal of a staff member without View Access, by the page filter and by the broker's routes. */
    protected static final String NO_VIEW_ACCESS = "You do not have Student Backpack View Access. An SIS administrator"
            + " can grant it on your staff record: Information > State Report Information > Student Backpack Access.";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
    }

    /** The route below {@link Routes#BROKER}, as the container decoded it: {@code /requests/42/retry}. */
    protected static String route(HttpServletRequest request) {
        String path = PageAccessFilter.path(request);
        return path.startsWith(Routes.BROKER) ? path.substring(Routes.BROKER.length()) : path;
    }

    /** Post-redirect-get: reloading the page that follows never repeats the action. */
    protected static void seeOther(HttpServletRequest request, HttpServletResponse response, String location) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + location);
    }
}
