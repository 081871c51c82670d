package org.utbackpack.plugin.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.RequestRetry;
import org.utbackpack.plugin.sis.Sis;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /ws/utbackpack/requests/{id}/retry}: the Retry button on the Student Backpack tab for a
 * request that ended FAILED. The SIS has checked the CSRF token; Request Access is checked here.
 */
public final class RetryAction {

    private static final Pattern PATH = Pattern.compile("/requests/(\\d{1,18})/retry");

    private final RequestRetry retry;
    private final StaffAccess staffAccess;

    public RetryAction(RequestRetry retry, StaffAccess staffAccess) {
        this.retry = retry;
        this.staffAccess = staffAccess;
    }

    /** Handles the request if its path is a retry; false (nothing written) when it is not. */
    public boolean handle(String path, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return false;
        }
        if (!Sis.isStaff(request) || !staffAccess.of(Sis.userId(request)).request()) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "You do not have Student Backpack Viewer / Request"
                    + " Access, so you cannot retry Backpack requests.");
            return true;
        }
        RequestRetry.Result result = retry.retry(Long.parseLong(m.group(1)), Sis.userId(request), Sis.userName(request));
        if (result.outcome() == RequestRetry.Outcome.NO_REQUEST) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "There is no such Backpack request.");
            return true;
        }
        String notice = switch (result.outcome()) {
            case RETRIED -> "retried";
            case NOT_FAILED -> "retry_not_failed";
            case ALREADY_OPEN -> "already_open";
            case SSID_MISSING -> "ssid_missing";
            case NO_REQUEST -> throw new IllegalStateException();
        };
        // post-redirect-get: reloading the tab never retries again
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + Routes.staffTab(result.studentDcid())
                + "&notice=" + notice);
        return true;
    }
}
