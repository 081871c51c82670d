package org.utbackpack.plugin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.audit.ElementNames;
import org.utbackpack.plugin.sis.Sis;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks Student Backpack access on the server for the plugin's pages and PowerQueries before the SIS
 * renders or runs them, and hands pages what the user may do ({@code bpAccess}) so they show only the
 * buttons that will work. A hidden button is not security: each broker route checks again on every
 * action. The SIS asks the same rule
 * ({@link #test}) before it runs one of our PowerQueries for a caller, for the page that maps the query and
 * for the query itself. Views are logged where the data is served ({@link QueryDisclosures}), not here.
 */
final class PageAccessFilter extends HttpFilter
        implements java.util.function.BiPredicate<HttpServletRequest, String> {

    /** Request attribute read by pages and fragments: {@code $bpAccess.view}, {@code $bpAccess.request}. */
    static final String ACCESS_ATTRIBUTE = "bpAccess";

    static final String NO_REQUEST_ACCESS = "You do not have Student Backpack Viewer / Request Access, which is"
            + " needed to manage guardian Backpack requests. An SIS administrator can grant it on your staff record.";
    private static final String NOT_FOR_YOU = "This page is not available to you.";

    /** SIS pages that show the plugin's fragments: told what the user may do, never refused here. */
    private static final Set<String> FRAGMENT_HOSTS = Set.of(Routes.UTAH_STATE_PAGE, Routes.SPECIAL_FUNCTIONS_PAGE,
            Routes.STAFF_INFORMATION_PAGE);
    /** Queries about one student: a guardian may run them for their own students (the SIS limits the rows). */
    private static final String STUDENT_QUERIES = Routes.OUR_QUERIES + "backpack.student.";

    private final StaffAccess staffAccess;

    PageAccessFilter(StaffAccess staffAccess) {
        this.staffAccess = staffAccess;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = path(request);
        boolean query = path.startsWith(Routes.POWERQUERY);
        if (query && !path.startsWith(Routes.OUR_QUERIES)) {
            chain.doFilter(request, response);
            return;
        }
        StaffAccess.Access access = staffAccess.of(request);
        if (Sis.isStaff(request)) {
            request.setAttribute(ACCESS_ATTRIBUTE, Map.of("view", access.view(), "request", access.request()));
        }
        if (FRAGMENT_HOSTS.contains(path)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> refusal = refusal(request, path, access);
        if (refusal.isPresent()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal.get());
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The path as the servlet container decoded it, the one it then serves (never the raw request URI,
     * whose spelling may differ; the SIS refuses requests where the two could be read differently).
     */
    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        return servletPath + (request.getPathInfo() == null ? "" : request.getPathInfo());
    }

    /**
     * The same rule, for the SIS to ask before it runs a PowerQuery for a page: may this request's user
     * open this page, or call this route of ours.
     */
    @Override
    public boolean test(HttpServletRequest request, String pageOrRoute) {
        if (FRAGMENT_HOSTS.contains(pageOrRoute) || (pageOrRoute.startsWith(Routes.POWERQUERY)
                && !pageOrRoute.startsWith(Routes.OUR_QUERIES))) {
            return true;
        }
        StaffAccess.Access access = staffAccess.of(request);
        return refusal(request, pageOrRoute, access).isEmpty();
    }

    /** Why this user may not have this page or query, if they may not. */
    private Optional<String> refusal(HttpServletRequest request, String path, StaffAccess.Access access) {
        if (path.equals(Routes.STAFF_ACCESS_PAGE)) {
            // any staff member may see the checkboxes; changing them takes a permission (the page says so)
            return Sis.isStaff(request) ? Optional.empty() : Optional.of(NOT_FOR_YOU);
        }
        if (Sis.isStaff(request)) {
            if (!access.view()) {
                return Optional.of(BrokerServlet.NO_VIEW_ACCESS);
            }
            boolean needsRequest = path.equals(Routes.GUARDIAN_QUEUE) || path.equals(Routes.AUDIT_QUERY)
                    || path.startsWith(Routes.OUR_QUERIES + "backpack.requests.");
            return needsRequest && !access.request() ? Optional.of(NO_REQUEST_ACCESS) : Optional.empty();
        }
        if (Sis.isGuardian(request) && (path.equals(Routes.GUARDIAN_PAGE) || path.startsWith(STUDENT_QUERIES))
                && !path.equals(Routes.AUDIT_QUERY)) {
            return Optional.empty(); // the SIS limits a guardian's PowerQuery rows to their own students
        }
        return Optional.of(NOT_FOR_YOU);
    }

    /** What a page showed, in words, for the disclosure log. */
    static String describe(HttpServletRequest request) {
        String element = request.getParameter("element");
        String view = request.getParameter("view");
        if (element != null && !element.isEmpty()) {
            return "Viewed " + ElementNames.of(element).orElse("a data element that does not exist");
        }
        if ("print".equals(view)) {
            return "Viewed the print view of the Backpack";
        }
        if ("log".equals(view)) {
            return "Viewed the disclosure log";
        }
        return "Viewed the Backpack summary";
    }
}
