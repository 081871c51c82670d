package org.utbackpack.plugin.web.requests;

import org.utbackpack.plugin.access.StaffAccess;
import org.utbackpack.plugin.request.RequestCancel;

import java.util.Optional;

/** {@code POST /ws/utbackpack/requests/{id}/cancel}: the Cancel Request button for an open request. */
final class CancelAction extends RequestAction {

    private final RequestCancel cancel;

    CancelAction(RequestCancel cancel, StaffAccess staffAccess) {
        super("cancel", staffAccess, "You do not have Student Backpack Viewer / Request Access, so you cannot cancel"
                + " Backpack requests.");
        this.cancel = cancel;
    }

    @Override
    Optional<Done> act(long requestId, long staffDcid, String staffName) {
        RequestCancel.Result result = cancel.cancel(requestId, staffDcid, staffName);
        return switch (result.outcome()) {
            case NO_REQUEST -> Optional.empty();
            case CANCELLED -> Optional.of(new Done(result.studentDcid(), "cancelled"));
            case NOT_OPEN -> Optional.of(new Done(result.studentDcid(), "cancel_not_open"));
        };
    }
}
