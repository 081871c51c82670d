package org.utbackpack.host.admin.audit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.web.Pages;

import java.io.IOException;
import java.util.Map;

/** System > Audit Trail: the administrative changes, newest first, 50 a page. Read only. */
public final class AuditServlet extends HttpServlet {

    private static final int PAGE_SIZE = 50;

    private final AuditTrail trail;
    private final Pages pages;

    public AuditServlet(AuditTrail trail, Pages pages) {
        this.trail = trail;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int page = positive(request.getParameter("page"));
        long total = trail.count();
        long pages = Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        page = (int) Math.min(page, pages);
        this.pages.host(request, response, "admin/audit.vm", Map.of("title", "Audit Trail",
                "entries", trail.page(page, PAGE_SIZE), "page", page, "pageCount", pages, "total", total));
    }

    private static int positive(String value) {
        try {
            return Math.max(1, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
