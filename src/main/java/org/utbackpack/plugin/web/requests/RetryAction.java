package org.utbackpack.plugin.web.requests;

import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.RequestRetry;

import java.util.Optional;

/** {@code POST /ws/utbackpack/requests/{id}/retry}: the Retry button for a request that ended FAILED. */
final class RetryAction extends RequestAction {

    private final RequestRetry retry;

    RetryAction(RequestRetry retry, StaffAccess staffAccess) {
        super("retry", staffAccess, "You do not have Student Backpack Viewer / Request Access, so you cannot retry"
                + " Backpack requests.");
        this.retry = retry;
    }

    @Override
    Optional<Done> act(long requestId, long staffDcid, String staffName) {
        RequestRetry.Result result = retry.retry(requestId, staffDcid, staffName);
        String notice = switch (result.outcome()) {
            case RETRIED -> "retried";
            case NOT_FAILED -> "retry_not_failed";
            case ALREADY_OPEN -> "already_open";
            case SSID_MISSING -> "ssid_missing";
            case NO_REQUEST -> null;
        };
        return notice == null ? Optional.empty() : Optional.of(new Done(result.studentDcid(), notice));
    }
}
