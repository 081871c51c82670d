package org.utbackpack.plugin.web.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.BackpackRequest;
import org.utbackpack.plugin.request.RequestRepository;
import org.utbackpack.plugin.request.RequestService;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.web.BrokerServlet;
import org.utbackpack.plugin.web.Routes;

import java.io.IOException;
import java.util.Optional;

/**
 * Requests for a student's Backpack file: {@code POST /ws/utbackpack/requests} (Make a Request),
 * {@code POST /ws/utbackpack/guardian/requests} (a guardian's Retrieve / Update),
 * {@code POST /ws/utbackpack/requests/{id}/retry} and {@code .../cancel} (see {@link RetryAction},
 * {@link CancelAction}), {@code GET /ws/utbackpack/status} (the tab's progress, as JSON) and
 * {@code GET /ws/utbackpack/guardian/status} (the portal page's). Each route checks the user's access itself.
 */
final class RequestsServlet extends BrokerServlet {

    private final transient RequestService requestService;
    private final transient RequestRepository requests;
    private final transient StaffAccess staffAccess;
    private final transient ObjectMapper json;
    private final transient RetryAction retry;
    private final transient CancelAction cancel;

    RequestsServlet(RequestService requestService, RequestRepository requests, StaffAccess staffAccess,
                    ObjectMapper json, RetryAction retry, CancelAction cancel) {
        this.requestService = requestService;
        this.requests = requests;
        this.staffAccess = staffAccess;
        this.json = json;
        this.retry = retry;
        this.cancel = cancel;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = route(request);
        switch (action) {
            case "/requests" -> staffRequest(request, response);
            case "/guardian/requests" -> guardianRequest(request, response);
            default -> {
                // POST /requests/{id}/retry: Retry on a FAILED request; /requests/{id}/cancel: Cancel an open one
                if (!retry.handle(action, request, response) && !cancel.handle(action, request, response)) {
                    super.doPost(request, response);
                }
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (route(request)) {
            case "/status" -> staffStatus(request, response);
            case "/guardian/status" -> guardianStatus(request, response);
            default -> super.doGet(request, response);
        }
    }

    private void guardianRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object selected = request.getAttribute(Sis.SELECTED_STUDENT);
        if (!Sis.isGuardian(request) || !(selected instanceof Long student)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "Only a signed-in parent or guardian can ask for"
                    + " a Backpack file here.");
            return;
        }
        RequestService.Result result = requestService.guardianRequest(student, Sis.userId(request), Sis.userName(request));
        String notice = switch (result.outcome()) {
            case QUEUED -> "requested";
            case ALREADY_OPEN -> "already_open";
            case SSID_MISSING -> "ssid_missing";
            case NO_STUDENT -> "no_student";
        };
        seeOther(request, response, Routes.GUARDIAN_PAGE + "?notice=" + notice);
    }

    private void staffRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Long> student = Sis.studentFrn(request.getParameter("frn"));
        if (student.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request does not name a student.");
            return;
        }
        if (!staffAccess.of(request).request()) {
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
        seeOther(request, response, Routes.staffTab(student.get()) + "&notice=" + notice);
    }

    /** The state of the student's latest request, for the tab's refresh. */
    private void staffStatus(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Long> student = Sis.studentFrn(request.getParameter("frn"));
        if (student.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request does not name a student.");
            return;
        }
        if (!staffAccess.of(request).view()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, NO_VIEW_ACCESS);
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
        writeJson(response, body);
    }

    /** The state of this guardian's latest request for the selected student, for the portal page's refresh. */
    private void guardianStatus(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object selected = request.getAttribute(Sis.SELECTED_STUDENT);
        if (!Sis.isGuardian(request) || !(selected instanceof Long student)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "This page is not available to you.");
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("state", requests.latestForGuardian(student, Sis.userId(request))
                .map(r -> r.state().name()).orElse("NONE"));
        writeJson(response, body);
    }

    private void writeJson(HttpServletResponse response, ObjectNode body) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), body);
    }
}
