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

/** The host's staff pages: the start page with Search Students, the student page, Utah State Information. */
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
            String q = request.getParameter("q") == null ? "" : request.getParameter("q").trim();
            List<Map<String, Object>> results = q.isEmpty() ? List.of() : directory.searchStudents(q);
            pages.host(request, response, "start.vm", Map.of("title", "Start Page", "q", q, "results", results,
                    "searched", !q.isEmpty()));
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
}
