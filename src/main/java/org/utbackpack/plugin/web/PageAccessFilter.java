package org.utbackpack.plugin.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.audit.DisclosureLog;
import org.utbackpack.plugin.audit.ElementNames;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks Student Backpack access on the server for the plugin's pages and PowerQueries before the SIS
 * renders or runs them, records each view of Backpack data in the disclosure log, and hands pages what
 * the user may do ({@code bpAccess}) so they show only the buttons that will work. A hidden button is not
 * security: the broker servlet checks again on every action.
 */
public final class PageAccessFilter extends HttpFilter {

    /** Request attribute read by pages and fragments: {@code $bpAccess.view}, {@code $bpAccess.request}. */
    public static final String ACCESS_ATTRIBUTE = "bpAccess";

    static final String NO_VIEW_ACCESS = "You do not have Student Backpack View Access. An SIS administrator can"
            + " grant it on your staff record: Information > State Report Information > Student Backpack Access.";
    static final String NO_REQUEST_ACCESS = "You do not have Student Backpack Viewer / Request Access, which is"
            + " needed to manage guardian Backpack requests. An SIS administrator can grant it on your staff record.";
    static final String NO_ACCESS_PERMISSION = "You may not change Student Backpack Access: it takes the permission"
            + " to edit Student Backpack Access, which your SIS administrator gives through a role.";
    private static final String NOT_FOR_YOU = "This page is not available to you.";
    private static final int MAX_QUERY_BODY = 64 * 1024;

    /** SIS pages that show the plugin's fragments: told what the user may do, never refused here. */
    private static final Set<String> FRAGMENT_HOSTS = Set.of(Routes.UTAH_STATE_PAGE, Routes.SPECIAL_FUNCTIONS_PAGE,
            Routes.STAFF_INFORMATION_PAGE);
    /** Queries that read a student's Backpack data, so calling them is a disclosure. */
    private static final String STUDENT_QUERIES = Routes.OUR_QUERIES + "backpack.student.";

    private final StaffAccess staffAccess;
    private final DisclosureLog disclosures;
    private final ObjectMapper json;

    public PageAccessFilter(StaffAccess staffAccess, DisclosureLog disclosures, ObjectMapper json) {
        this.staffAccess = staffAccess;
        this.disclosures = disclosures;
        this.json = json;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean query = path.startsWith(Routes.POWERQUERY);
        if (query && !path.startsWith(Routes.OUR_QUERIES)) {
            chain.doFilter(request, response);
            return;
        }
        if (query) {
            request = new CachedBody(request, request.getInputStream().readNBytes(MAX_QUERY_BODY));
        }
        StaffAccess.Access access = Sis.isStaff(request) ? staffAccess.of(Sis.userId(request)) : StaffAccess.Access.NONE;
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
        recordView(request, path, query);
        chain.doFilter(request, response);
    }

    /** Why this user may not have this page or query, if they may not. */
    private Optional<String> refusal(HttpServletRequest request, String path, StaffAccess.Access access) {
        if (path.equals(Routes.STAFF_ACCESS_PAGE)) {
            // any staff member may see the checkboxes; changing them takes a permission (the page says so)
            return Sis.isStaff(request) ? Optional.empty() : Optional.of(NOT_FOR_YOU);
        }
        if (Sis.isStaff(request)) {
            if (!access.view()) {
                return Optional.of(NO_VIEW_ACCESS);
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

    /** Records that Backpack data was shown: a Backpack page, or a student query run over HTTP. */
    private void recordView(HttpServletRequest request, String path, boolean query) {
        if (!"GET".equals(request.getMethod()) && !query) {
            return;
        }
        Long student = null;
        String what = null;
        if (path.equals(Routes.STAFF_TAB)) {
            student = Sis.studentFrn(request.getParameter("frn")).orElse(null);
            what = describe(request);
        } else if (path.equals(Routes.GUARDIAN_PAGE)) {
            student = request.getAttribute(Sis.SELECTED_STUDENT) instanceof Long s ? s : null;
            what = describe(request);
        } else if (query && path.startsWith(STUDENT_QUERIES)) {
            student = studentArgument(((CachedBody) request).body);
            what = "Read " + ElementNames.ofQuery(path.substring(STUDENT_QUERIES.length()))
                    + " through the PowerQuery API";
        }
        if (student != null) {
            String file = request.getParameter("file");
            Long retrieval = !query && file != null && file.matches("[1-9]\\d{0,17}") ? Long.valueOf(file) : null;
            disclosures.view(request, student, what, retrieval);
        }
    }

    /** What was opened, in words: "Viewed Course Grades", "Viewed the print view", "Viewed the Backpack summary". */
    private static String describe(HttpServletRequest request) {
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

    private Long studentArgument(byte[] body) {
        try {
            JsonNode args = json.readTree(body);
            JsonNode student = args == null ? null : args.get("studentsdcid");
            if (student == null || student.isNull()) {
                return null;
            }
            if (student.isIntegralNumber() && student.canConvertToLong()) {
                return student.longValue();
            }
            return student.asText().matches("\\d{1,18}") ? Long.valueOf(student.asText()) : null;
        } catch (IOException e) {
            return null; // the SIS answers a malformed body with 400
        }
    }

    /** The request with its (small) body read once, so the filter and the SIS both can read it. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }
            };
        }
    }
}
