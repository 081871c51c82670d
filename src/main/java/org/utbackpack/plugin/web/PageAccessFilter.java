package org.utbackpack.plugin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;

import java.io.IOException;
import java.util.Map;

/**
 * Checks Student Backpack access on the server for the plugin's pages and PowerQueries before the SIS
 * renders or runs them, and hands the page what the user may do ({@code bpAccess}) so it shows only
 * the buttons that will work. A hidden button is not security: the broker servlet checks again.
 */
public final class PageAccessFilter extends HttpFilter {

    /** Request attribute read by the plugin's pages: {@code $bpAccess.view}, {@code $bpAccess.request}. */
    public static final String ACCESS_ATTRIBUTE = "bpAccess";

    static final String NO_VIEW_ACCESS = "You do not have Student Backpack View Access. An SIS administrator can"
            + " grant it on your staff record: Information > State Report Information > Student Backpack Access.";

    static final String NO_REQUEST_ACCESS = "You do not have Student Backpack Viewer / Request Access, which is"
            + " needed to manage guardian Backpack requests. An SIS administrator can grant it on your staff record.";

    private final StaffAccess staffAccess;

    public PageAccessFilter(StaffAccess staffAccess) {
        this.staffAccess = staffAccess;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.startsWith(Routes.POWERQUERY) && !path.startsWith(Routes.OUR_QUERIES)) {
            chain.doFilter(request, response);
            return;
        }
        if (Sis.isStaff(request)) {
            StaffAccess.Access access = staffAccess.of(Sis.userId(request));
            if (!access.view()) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, NO_VIEW_ACCESS);
                return;
            }
            if (path.equals(Routes.GUARDIAN_QUEUE) && !access.request()) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, NO_REQUEST_ACCESS);
                return;
            }
            request.setAttribute(ACCESS_ATTRIBUTE, Map.of("view", true, "request", access.request()));
            chain.doFilter(request, response);
            return;
        }
        if (Sis.isGuardian(request) && (path.startsWith(Routes.OUR_QUERIES) || path.equals(Routes.GUARDIAN_PAGE))) {
            // the SIS limits a guardian's PowerQuery rows to their own students
            chain.doFilter(request, response);
            return;
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "This page is not available to you.");
    }
}
