package org.utbackpack.plugin.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.BackpackRequest;
import org.utbackpack.plugin.request.RequestRepository;
import org.utbackpack.plugin.request.RequestService;

import java.io.IOException;
import java.util.Optional;

/**
 * The broker's actions: {@code POST /ws/utbackpack/requests} (Make a Request) and
 * {@code GET /ws/utbackpack/status} (the tab's progress, as JSON). Each action checks the staff
 * member's Backpack access itself; the SIS has already signed the user in and checked the CSRF token.
 */
public final class BrokerServlet extends HttpServlet {

    private final RequestService requestService;
    private final RequestRepository requests;
    private final StaffAccess staffAccess;
    private final ObjectMapper json;

    public BrokerServlet(RequestService requestService, RequestRepository requests, StaffAccess staffAccess,
                         ObjectMapper json) {
        this.requestService = requestService;
        this.requests = requests;
        this.staffAccess = staffAccess;
        this.json = json;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/requests".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Optional<Long> student = Sis.studentFrn(request.getParameter("frn"));
        if (student.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request does not name a student.");
            return;
        }
        if (!Sis.isStaff(request) || !staffAccess.of(Sis.userId(request)).request()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You do not have Student Backpack Viewer / Request"
                    + " Access, so you cannot request Backpack files.");
            return;
        }
        RequestService.Result result = requestService.staffRequest(student.get(), Sis.userId(request),
                Sis.userName(request));
        if (result.outcome() == RequestService.Outcome.NO_STUDENT) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "There is no such student.");
            return;
        }
        String notice = switch (result.outcome()) {
            case QUEUED -> "requested";
            case ALREADY_OPEN -> "already_open";
            case SSID_MISSING -> "ssid_missing";
            case NO_STUDENT -> throw new IllegalStateException();
        };
        // post-redirect-get: a reload of the tab never repeats the request
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + Routes.staffTab(student.get()) + "&notice=" + notice);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/status".equals(request.getPathInfo())) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Optional<Long> student = Sis.studentFrn(request.getParameter("frn"));
        if (student.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request does not name a student.");
            return;
        }
        if (!Sis.isStaff(request) || !staffAccess.of(Sis.userId(request)).view()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, PageAccessFilter.NO_VIEW_ACCESS);
            return;
        }
        ObjectNode body = json.createObjectNode();
        Optional<BackpackRequest> latest = requests.latestFor(student.get());
        body.put("state", latest.map(r -> r.state().name()).orElse("NONE"));
        latest.ifPresent(r -> {
            body.put("requestId", r.id());
            body.put("attempts", r.attempts());
            if (r.lastError() != null) {
                body.put("lastError", r.lastError());
            }
        });
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }
}
