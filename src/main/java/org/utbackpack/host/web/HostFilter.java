package org.utbackpack.host.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.auth.Csrf;
import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.auth.Directory;

import java.io.IOException;
import java.util.Set;

/**
 * What the SIS does before any page, plugin or servlet sees a request: security headers, who is signed
 * in (handed to plugins as request attributes), the sign-in gate for each area, and the CSRF check on
 * every state-changing request.
 */
public final class HostFilter extends HttpFilter {

    private final Directory directory;
    private final Csrf csrf;

    public HostFilter(Directory directory, Csrf csrf) {
        this.directory = directory;
        this.csrf = csrf;
    }

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Session attribute: the DCID of the student a guardian has chosen in the portal. */
    public static final String SELECTED_STUDENT = "host.guardian.student";

    private static final Set<String> PUBLIC = Set.of(HostRoutes.STAFF_SIGN_IN, HostRoutes.GUARDIAN_SIGN_IN, "/favicon.ico");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Frame-Options", "DENY");

        String path = Pages.path(request);
        SessionUser user = Pages.user(request);
        if (user != null && user.guardian() && !selectStudent(request, user)) {
            // parent access was taken away for every linked student: the portal session ends now
            request.getSession(false).invalidate();
            refuse(request, response, HostRoutes.GUARDIAN_SIGN_IN);
            return;
        }
        if (user != null) {
            request.setAttribute("ps.user.type", user.staff() ? "staff" : "guardian");
            request.setAttribute("ps.user.id", user.id());
            request.setAttribute("ps.user.name", user.name());
        }
        if (!SAFE_METHODS.contains(request.getMethod()) && !csrf.valid(request)) {
            request.setAttribute(ErrorServlet.MESSAGE_KEY, "host.error.csrf");
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "This form has expired or did not come from this site. Reload the page and try again.");
            return;
        }
        if (path.equals("/") ) {
            response.sendRedirect(request.getContextPath() + HostRoutes.STAFF_SIGN_IN);
            return;
        }
        if (PUBLIC.contains(path) || isAsset(path)) {
            chain.doFilter(request, response);
            return;
        }
        if (path.startsWith("/admin/") && (user == null || !user.staff())) {
            refuse(request, response, HostRoutes.STAFF_SIGN_IN);
            return;
        }
        if (path.startsWith("/guardian/") && (user == null || !user.guardian())) {
            refuse(request, response, HostRoutes.GUARDIAN_SIGN_IN);
            return;
        }
        if (path.startsWith("/ws/") && user == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Sign in first.");
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Keeps the guardian's chosen student valid (still linked, parent access still on), falling back to
     * their first student, and hands it to plugins as {@code ps.student.dcid}. False when none is left.
     */
    private boolean selectStudent(HttpServletRequest request, SessionUser user) {
        var session = request.getSession(false); // signed in: the session exists
        Object chosen = session.getAttribute(SELECTED_STUDENT);
        if (!(chosen instanceof Long dcid) || !directory.guardianMaySee(user.id(), dcid)) {
            var students = directory.portalStudents(user.id());
            if (students.isEmpty()) {
                return false;
            }
            chosen = students.get(0).get("dcid");
            session.setAttribute(SELECTED_STUDENT, chosen);
        }
        request.setAttribute("ps.student.dcid", chosen);
        return true;
    }

    private static boolean isAsset(String path) {
        return path.startsWith("/host-assets/") || path.startsWith("/scripts/") || path.startsWith("/images/")
                || path.startsWith("/css/");
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String signIn)
            throws IOException {
        if ("GET".equals(request.getMethod())) {
            response.sendRedirect(request.getContextPath() + signIn);
        } else {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Sign in first.");
        }
    }
}
