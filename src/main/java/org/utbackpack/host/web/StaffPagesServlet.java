package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.auth.PermissionFilter;
import org.utbackpack.host.auth.Roles;
import org.utbackpack.host.db.Directory;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's staff pages: the start page with Search Students, the School link's choice of school, the
 * student page, Utah State Information.
 */
public final class StaffPagesServlet extends HttpServlet {

    private final Directory directory;
    private final Pages pages;

    public StaffPagesServlet(Directory directory, Pages pages) {
        this.directory = directory;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Pages.path(request);
        if (HostRoutes.START.equals(path)) {
            start(request, response);
            return;
        }
        if (HostRoutes.SCHOOL.equals(path)) {
            pages.host(request, response, "school.vm", Map.of("title", "School", "schools", directory.schools()));
            return;
        }
        if (HostRoutes.SPECIAL_FUNCTIONS.equals(path)) {
            pages.host(request, response, "special_functions.vm", Map.of("title", "Special Functions"));
            return;
        }
        Optional<Map<String, Object>> student = pages.student(request);
        if (student.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "There is no such student. Search for the student"
                    + " on the Start Page.");
            return;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("student", student.get());
        if (HostRoutes.STUDENT.equals(path)) {
            values.put("title", "Student Summary");
            pages.host(request, response, "student.vm", values);
        } else {
            values.put("title", "Utah State Information");
            values.put("mayEditSsid", PermissionFilter.has(request, Roles.EDIT_SSID));
            pages.host(request, response, "utah_state.vm", values);
        }
    }

    /**
     * Search Students within the current school: a name, student number or SSID; an empty search lists the
     * school's students (all of them from the district office), at most {@link Directory#SEARCH_LIMIT}.
     */
    private void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String given = request.getParameter("q");
        String q = given == null ? "" : given.trim();
        Map<String, Object> school = Pages.currentSchool(request);
        List<Map<String, Object>> found = given == null ? List.of()
                : directory.searchStudents(q, ((Number) school.get("id")).longValue());
        boolean more = found.size() > Directory.SEARCH_LIMIT;
        Map<String, Object> values = new HashMap<>();
        values.put("title", "Start Page");
        values.put("q", q);
        values.put("results", more ? found.subList(0, Directory.SEARCH_LIMIT) : found);
        values.put("more", more);
        values.put("limit", Directory.SEARCH_LIMIT);
        values.put("searched", given != null);
        pages.host(request, response, "start.vm", values);
    }

    /** The School link's choice: a school, or 0 for the district office. Then back to the start page. */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!HostRoutes.SCHOOL.equals(Pages.path(request))) {
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        String chosen = request.getParameter("school");
        if (chosen == null || !chosen.matches("\\d{1,18}")) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Choose a school from the list.");
            return;
        }
        long id = Long.parseLong(chosen);
        if (id == 0) {
            request.getSession().removeAttribute(Pages.SCHOOL);
        } else {
            Optional<Map<String, Object>> school = directory.school(id);
            if (school.isEmpty()) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "There is no such school. Choose one from the list.");
                return;
            }
            request.getSession().setAttribute(Pages.SCHOOL, Map.copyOf(Map.of("id", id, "name", school.get().get("name"))));
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + HostRoutes.START);
    }
}
