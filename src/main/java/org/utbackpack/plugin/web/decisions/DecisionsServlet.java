package org.utbackpack.plugin.web.decisions;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.RequestService;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.web.BrokerServlet;
import org.utbackpack.plugin.web.Routes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /ws/utbackpack/decisions}: Approve / Reject guardian requests on the Guardian Backpack Requests
 * page; a rejection, with its reason for the guardian, and several at once after a confirmation. Only staff with
 * Viewer / Request Access may.
 */
final class DecisionsServlet extends BrokerServlet {

    private final transient RequestService requestService;
    private final transient StaffAccess staffAccess;

    DecisionsServlet(RequestService requestService, StaffAccess staffAccess) {
        this.requestService = requestService;
        this.staffAccess = staffAccess;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"/decisions".equals(route(request))) {
            super.doPost(request, response);
            return;
        }
        if (!staffAccess.of(request).request()) {
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
}
