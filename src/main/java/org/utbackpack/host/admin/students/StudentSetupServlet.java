package org.utbackpack.host.admin.students;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.Flash;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.auth.PermissionFilter;
import org.utbackpack.host.auth.Roles;
import org.utbackpack.host.db.Sql;
import org.utbackpack.host.web.HostRoutes;
import org.utbackpack.host.web.Pages;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The student setup the Backpack needs, done by staff in the student's pages: the Statewide Student ID
 * on State/Province - UT > State Info, and parent access on Access Accounts. Posts redirect back to the
 * page with the outcome shown once.
 */
public final class StudentSetupServlet extends HttpServlet {

    /** POST target of the State Info tab's form; the tab itself is the Utah State Information page. */
    public static final String SSID = "/admin/students/state/USA_UT/ssid";
    public static final String ACCESS_ACCOUNTS = "/admin/students/accessaccounts.html";

    private final StateInfo stateInfo;
    private final AccessAccounts accounts;
    private final Pages pages;

    public StudentSetupServlet(Sql sql, AuditTrail audit, Pages pages) {
        this.stateInfo = new StateInfo(sql.dataSource(), audit);
        this.accounts = new AccessAccounts(sql, audit);
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!ACCESS_ACCOUNTS.equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        Optional<Map<String, Object>> student = pages.student(request);
        if (student.isEmpty()) {
            noStudent(response);
            return;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("title", "Access Accounts");
        values.put("guardians", accounts.guardians((Long) student.get().get("dcid")));
        values.put("mayEdit", PermissionFilter.has(request, Roles.EDIT_PARENT_ACCESS));
        pages.host(request, response, "admin/access_accounts.vm", values);
    }

    /** Changing an SSID or parent access changes who can see a student's data: each takes its permission. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean ssid = SSID.equals(request.getServletPath());
        if (!PermissionFilter.has(request, ssid ? Roles.EDIT_SSID : Roles.EDIT_PARENT_ACCESS)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, ssid
                    ? "You may not change Statewide Student IDs. Ask your SIS administrator for a role with that permission."
                    : "You may not change parent access. Ask your SIS administrator for a role with that permission.");
            return;
        }
        Optional<Map<String, Object>> student = pages.student(request);
        if (student.isEmpty()) {
            noStudent(response);
            return;
        }
        long dcid = (Long) student.get().get("dcid");
        String frn = (String) student.get().get("frn");
        if (ssid) {
            String entered = request.getParameter("ssid");
            StateInfo.Outcome outcome = stateInfo.saveSsid(dcid, entered, Actor.of(request));
            (outcome.error() ? Flash.error(outcome.message(), Map.of("ssid", entered == null ? "" : entered))
                    : Flash.notice(outcome.message())).keep(request);
            response.sendRedirect(request.getContextPath() + HostRoutes.UTAH_STATE + "?frn=" + frn);
            return;
        }
        List<String> changed = accounts.update(dcid, (String) student.get().get("lastFirst"),
                ids(request.getParameterValues("guardian")), ids(request.getParameterValues("access")),
                Actor.of(request));
        Flash.notice(changed.isEmpty() ? "No change." : String.join(" ", changed)).keep(request);
        response.sendRedirect(request.getContextPath() + ACCESS_ACCOUNTS + "?frn=" + frn);
    }

    private static Set<Long> ids(String[] values) {
        Set<Long> ids = new HashSet<>();
        if (values != null) {
            for (String v : values) {
                if (v != null && v.matches("\\d{1,18}")) {
                    ids.add(Long.parseLong(v));
                }
            }
        }
        return ids;
    }

    private static void noStudent(HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND,
                "There is no such student. Search for the student on the Start Page.");
    }
}
