package org.utbackpack.host.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.host.admin.staff.StaffRecords;
import org.utbackpack.host.auth.PermissionFilter;
import org.utbackpack.host.auth.SessionUser;

import java.io.IOException;

/**
 * Runs after the host filter (which has already required a staff sign-in for /admin/): tells pages
 * whether the staff member is a system administrator ({@code $sysadmin}, for the System menu), refuses
 * the system administrators' pages to everyone else, names the staff member a faculty page is about
 * ({@code $staffMember}, for its left navigation), and hands a page the outcome of the post that led to
 * it ({@code $flash}). Request attributes with plain names become template variables.
 */
final class AdminFilter extends HttpFilter {

    static final String SYSADMIN = "sysadmin";
    static final String STAFF_MEMBER = "staffMember";

    private final StaffRecords staff;

    AdminFilter(StaffRecords staff) {
        this.staff = staff;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = org.utbackpack.host.web.CanonicalPath.of(request);
        SessionUser user = user(request);
        if (user == null || !user.staff() || !path.startsWith("/admin/")) {
            chain.doFilter(request, response);
            return;
        }
        // read from USERS.SYSADMIN for this request by the host's filter, which runs first; absent means no
        boolean sysadmin = Boolean.TRUE.equals(request.getAttribute(PermissionFilter.SYSADMIN_ATTRIBUTE));
        request.setAttribute(SYSADMIN, sysadmin);
        if (AdminPages.sysadminOnly(path) && !sysadmin) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Only system administrators may open this page."
                    + " Ask your SIS administrator.");
            return;
        }
        if (path.startsWith("/admin/faculty/")) {
            staff.byFrn(request.getParameter("frn")).ifPresent(m -> request.setAttribute(STAFF_MEMBER, m));
        }
        if ("GET".equals(request.getMethod()) && path.endsWith(".html")) {
            Flash.moveToRequest(request);
        }
        chain.doFilter(request, response);
    }

    private static SessionUser user(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute(SessionUser.SESSION_ATTRIBUTE);
        return user instanceof SessionUser u ? u : null;
    }
}
