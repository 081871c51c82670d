package org.utbackpack.plugin.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.access.StaffAccessEditor;
import org.utbackpack.plugin.request.BackpackRequest;
import org.utbackpack.plugin.request.RequestRepository;
import org.utbackpack.plugin.request.RequestService;
import org.utbackpack.plugin.sis.Sis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The broker's actions: {@code POST /ws/utbackpack/requests} (Make a Request),
 * {@code POST /ws/utbackpack/guardian/requests} (a guardian's Retrieve / Update),
 * {@code POST /ws/utbackpack/decisions} (Approve / Reject guardian requests; a rejection, with its reason
 * for the guardian, and several at once after a confirmation), {@code POST /ws/utbackpack/requests/{id}/retry} (Retry, see {@link RetryAction}), {@code GET /ws/utbackpack/status} (the tab's progress, as JSON)
 * and {@code GET /ws/utbackpack/export} (downloads, see {@link ExportAction}). Each action checks the staff
 * member's Backpack access itself; the SIS has already signed the user in and checked the CSRF token.
 */
public final class BrokerServlet extends HttpServlet {

    private final RequestService requestService;
    private final RequestRepository requests;
    private final StaffAccess staffAccess;
    private final ObjectMapper json;
    private final RetryAction retry;
    private final ExportAction export;
    private final StaffAccessEditor staffAccessEditor;
    private final CancelAction cancel;

    public BrokerServlet(RequestService requestService, RequestRepository requests, StaffAccess staffAccess,
                         ObjectMapper json, RetryAction retry, StaffAccessEditor staffAccessEditor, ExportAction export,
                         CancelAction cancel) {
        this.cancel = cancel;
        this.requestService = requestService;
        this.staffAccessEditor = staffAccessEditor;
        this.requests = requests;
        this.staffAccess = staffAccess;
        this.json = json;
        this.retry = retry;
        this.export = export;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = request.getPathInfo() == null ? "" : request.getPathInfo();
        switch (action) {
            case "/requests" -> staffRequest(request, response);
            case "/guardian/requests" -> guardianRequest(request, response);
            case "/decisions" -> decide(request, response);
            case "/staffaccess" -> staffAccess(request, response);
            default -> {
                // POST /requests/{id}/retry: Retry on a FAILED request; /requests/{id}/cancel: Cancel an open one
                if (!retry.handle(action, request, response) && !cancel.handle(action, request, response)) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND);
                }
            }
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

    private void decide(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Sis.isStaff(request) || !staffAccess.of(Sis.userId(request)).request()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You do not have Student Backpack Viewer / Request"
                    + " Access, so you cannot approve or reject guardian requests.");
            return;
        }
        String action = request.getParameter("action");
        String[] given = request.getParameterValues("id");
        String single = request.getParameter("decide");
        if (single != null && single.matches("(approve|reject)-\\d{1,18}")) {
            // a row's own Approve / Reject button: that request only, whatever else is ticked
            action = single.substring(0, single.indexOf('-'));
            given = new String[] {single.substring(single.indexOf('-') + 1)};
        }
        if (!"approve".equals(action) && !"reject".equals(action)) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Choose Approve or Reject.");
            return;
        }
        List<Long> ids = new ArrayList<>();
        for (String id : given == null ? new String[0] : given) {
            if (!id.matches("\\d{1,18}")) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "A request number is not valid.");
                return;
            }
            ids.add(Long.parseLong(id));
        }
        String back = Routes.GUARDIAN_QUEUE + "?" + filters(request);
        if (ids.isEmpty()) {
            seeOther(request, response, back + "notice=none_selected");
            return;
        }
        boolean approve = "approve".equals(action);
        // a rejection always asks first (and offers a reason for the guardian); approving several does too
        if ((!approve || ids.size() > 1) && !"yes".equals(request.getParameter("confirmed"))) {
            StringBuilder confirm = new StringBuilder(back).append("confirm=").append(action);
            ids.forEach(id -> confirm.append("&id=").append(id));
            seeOther(request, response, confirm.toString());
            return;
        }
        String reason = request.getParameter("reason");
        if (!approve && reason != null && reason.strip().length() > RequestService.MAX_REASON) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The reason is longer than "
                    + RequestService.MAX_REASON + " characters. Shorten it and reject the request again.");
            return;
        }
        Map<Long, RequestService.Decision> outcomes = requestService.decide(ids, approve,
                Sis.userId(request), Sis.userName(request), reason);
        long done = outcomes.values().stream().filter(d -> d == RequestService.Decision.APPROVED
                || d == RequestService.Decision.REJECTED).count();
        seeOther(request, response, back + "notice=" + (approve ? "approved" : "rejected") + "&count=" + done
                + "&skipped=" + (outcomes.size() - done));
    }

    /**
     * Saves the two Student Backpack checkboxes of a staff member's record ({@code frn=005<SCHOOLSTAFF.DCID>}).
     * Only staff whose SIS roles give {@link StaffAccessEditor#PERMISSION} may; the change goes to the
     * disclosure log and the SIS's Audit Trail with the old and new values.
     */
    private void staffAccess(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Sis.isStaff(request) || !Sis.hasPermission(request, StaffAccessEditor.PERMISSION)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, PageAccessFilter.NO_ACCESS_PERMISSION);
            return;
        }
        Optional<Long> staff = Sis.staffFrn(request.getParameter("frn"));
        if (staff.isEmpty()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "The request does not name a staff member.");
            return;
        }
        StaffAccess.Access wanted = new StaffAccess.Access(request.getParameter("viewAccess") != null,
                request.getParameter("requestAccess") != null);
        StaffAccessEditor.Outcome outcome = staffAccessEditor.save(staff.get(), wanted, Sis.userId(request),
                Sis.userName(request));
        if (outcome == StaffAccessEditor.Outcome.NO_STAFF) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "There is no such staff member.");
            return;
        }
        seeOther(request, response, Routes.STAFF_ACCESS_PAGE + "?frn=005" + staff.get() + "&notice=saved");
    }

    /** Keeps the queue's school and date filters across a decision. */
    private static String filters(HttpServletRequest request) {
        StringBuilder kept = new StringBuilder();
        for (String name : List.of("school", "from", "to", "page")) {
            String value = request.getParameter(name);
            if (value != null && value.matches("[0-9-]{1,10}")) {
                kept.append(name).append('=').append(value).append('&');
            }
        }
        return kept.toString();
    }

    private static void seeOther(HttpServletRequest request, HttpServletResponse response, String location) {
        // post-redirect-get: reloading the page that follows never repeats the action
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + location);
    }

    private void staffRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
        seeOther(request, response, Routes.staffTab(student.get()) + "&notice=" + notice);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/guardian/status".equals(request.getPathInfo())) {
            guardianStatus(request, response);
            return;
        }
        if (ExportAction.PATH.equals(request.getPathInfo())) {
            export.handle(request, response); // GET /export: a stored retrieval as Ed-Fi JSON or CSV
            return;
        }
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
