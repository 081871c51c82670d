package org.utbackpack.plugin.web.requests;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.sis.Sis;
import org.utbackpack.plugin.web.Routes;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A button on the Student Backpack tab that acts on one request: {@code POST /ws/utbackpack/requests/{id}/{verb}}.
 * The SIS has checked the CSRF token; Request Access is checked here, and the answer is a redirect back to the
 * tab with a notice (post-redirect-get: reloading the tab never acts twice).
 */
abstract class RequestAction {

    /** What the action did: the student whose tab to return to, and the notice it shows. */
    record Done(long studentDcid, String notice) {
    }

    private final Pattern path;
    private final StaffAccess staffAccess;
    private final String refusal;

    RequestAction(String verb, StaffAccess staffAccess, String refusal) {
        if (!Routes.REQUEST_VERBS.contains(verb)) {
            throw new IllegalArgumentException("The request action '" + verb + "' is not in Routes.REQUEST_VERBS,"
                    + " the list of the broker's addresses");
        }
        this.path = Pattern.compile("/requests/(\\d{1,18})/" + Pattern.quote(verb));
        this.staffAccess = staffAccess;
        this.refusal = refusal;
    }

    /** Acts on the request; empty when there is no such request. */
    abstract Optional<Done> act(long requestId, long staffDcid, String staffName);

    /** Handles the request if its path is this action's; false (nothing written) when it is not. */
    final boolean handle(String action, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Matcher m = path.matcher(action);
        if (!m.matches()) {
            return false;
        }
        if (!staffAccess.of(request).request()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, refusal);
            return true;
        }
        Optional<Done> done = act(Long.parseLong(m.group(1)), Sis.userId(request), Sis.userName(request));
        if (done.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "There is no such Backpack request.");
            return true;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + Routes.staffTab(done.get().studentDcid())
                + "&notice=" + done.get().notice());
        return true;
    }
}
