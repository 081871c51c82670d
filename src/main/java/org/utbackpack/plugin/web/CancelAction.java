package org.utbackpack.plugin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.RequestCancel;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /ws/utbackpack/requests/{id}/cancel}: the Cancel button on the Student Backpack tab for an
 * open request. The SIS has checked the CSRF token; Request Access is checked here.
 */
public final class CancelAction {

    private static final Pattern PATH = Pattern.compile("/requests/(\\d{1,18})/cancel");

    private final RequestCancel cancel;
    private final StaffAccess staffAccess;

    public CancelAction(RequestCancel cancel, StaffAccess staffAccess) {
        this.cancel = cancel;
        this.staffAccess = staffAccess;
    }

    /** Handles the request if its path is a cancel; false (nothing written) when it is not. */
    public boolean handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        if (!Sis.isStaff(request) || !staffAccess.of(Sis.userId(request)).request()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You do not have Student Backpack Viewer / Request"
                    + " Access, so you cannot cancel Backpack requests.");
            return true;
        }
        RequestCancel.Result result = cancel.cancel(Long.parseLong(m.group(1)), Sis.userId(request),
                Sis.userName(request));
        if (result.outcome() == RequestCancel.Outcome.NO_REQUEST) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "There is no such Backpack request.");
            return true;
        }
        String notice = result.outcome() == RequestCancel.Outcome.CANCELLED ? "cancelled" : "cancel_not_open";
        // post-redirect-get: reloading the tab never cancels again
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + Routes.staffTab(result.studentDcid())
                + "&notice=" + notice);
        return true;
    }
}
