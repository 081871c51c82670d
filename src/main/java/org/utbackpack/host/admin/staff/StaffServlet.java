package org.utbackpack.host.admin.staff;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.Flash;
import org.utbackpack.host.web.Pages;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Start Page > Staff: search the staff, open a staff member's Information page (where plugins add
 * their State Report Information links), and, for system administrators, New Staff.
 */
public final class StaffServlet extends HttpServlet {

    public static final String SEARCH = "/admin/faculty/search.html";
    public static final String NEW = "/admin/faculty/new.html";
    public static final String HOME = "/admin/faculty/home.html";

    private final StaffRecords staff;
    private final Pages pages;

    public StaffServlet(StaffRecords staff, Pages pages) {
        this.staff = staff;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath();
        if (SEARCH.equals(path)) {
            String q = request.getParameter("q") == null ? "" : request.getParameter("q").trim();
            pages.host(request, response, "admin/staff_search.vm", Map.of("title", "Staff", "q", q,
                    "results", staff.search(q)));
        } else if (NEW.equals(path)) {
            pages.host(request, response, "admin/staff_new.vm", Map.of("title", "New Staff",
                    "schools", staff.schools(), "minPassword", StaffRecords.MIN_PASSWORD));
        } else {
            Optional<Map<String, Object>> member = staff.byFrn(request.getParameter("frn"));
            if (member.isEmpty()) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND,
                        "There is no such staff member. Find them under Start Page > Staff.");
                return;
            }
            Map<String, Object> values = new HashMap<>();
            values.put("title", "Information");
            values.put("staffMember", member.get());
            pages.host(request, response, "admin/staff_home.vm", values);
        }
    }

    /** New Staff: creates the account and opens its Information page, or returns to the form saying what to fix. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!NEW.equals(request.getServletPath())) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        StaffRecords.NewStaff form = new StaffRecords.NewStaff(request.getParameter("firstName"),
                request.getParameter("lastName"), request.getParameter("loginId"), request.getParameter("email"),
                school(request.getParameter("homeSchool")), request.getParameter("password"),
                "on".equals(request.getParameter("sysadmin")));
        try {
            long schoolStaff = staff.create(form, Actor.of(request));
            Flash.notice("Staff account created for " + form.firstName().trim() + " " + form.lastName().trim()
                    + ". They sign in at the staff sign-in page with the username "
                    + form.loginId().trim().toLowerCase(java.util.Locale.ROOT) + ".").keep(request);
            response.sendRedirect(request.getContextPath() + HOME + "?frn=005" + schoolStaff);
        } catch (StaffRecords.Refused e) {
            Map<String, String> typed = new LinkedHashMap<>();
            for (String field : new String[] {"firstName", "lastName", "loginId", "email", "homeSchool", "sysadmin"}) {
                String v = request.getParameter(field);
                typed.put(field, v == null ? "" : v);
            }
            typed.put("field", e.field());
            Flash.error(e.getMessage(), typed).keep(request);
            response.sendRedirect(request.getContextPath() + NEW);
        }
    }

    private static Long school(String value) {
        if (value == null || !value.matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(value);
    }
}
