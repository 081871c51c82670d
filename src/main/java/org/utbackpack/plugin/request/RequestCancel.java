package org.utbackpack.plugin.request;

import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.db.Jdbc;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Staff with Request Access stop an open request (a UTREx that never finishes, a request made by
 * mistake). The request ends CANCELLED at once, so Make a Request works again straight away and the
 * guardian's page shows it as ended. A forwarder working on it at that moment lands nothing: all its
 * writes are conditional on the request still being QUEUED or SENT.
 */
public final class RequestCancel {

    /** What pressing Cancel did. */
    public enum Outcome { CANCELLED, NOT_OPEN, NO_REQUEST }

    /** The outcome and the request's student (null when there is no such request). */
    public record Result(Outcome outcome, Long studentDcid) {
    }

    private final Jdbc jdbc;
    private final RequestRepository requests;
    private final AuditLog audit;
    private final Clock clock;

    public RequestCancel(Jdbc jdbc, RequestRepository requests, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
    }

    /** Cancels the request if it is still open; the cancel goes to the disclosure log in the same transaction. */
    public Result cancel(long requestId, long staffDcid, String staffName) {
        return jdbc.inTransaction(c -> {
            Optional<BackpackRequest> found = requests.find(c, requestId);
            if (found.isEmpty()) {
                return new Result(Outcome.NO_REQUEST, null);
            }
            BackpackRequest request = found.get();
            String reason = "Cancelled by " + staffName + ".";
            if (!request.state().open() || !requests.markCancelled(c, requestId, reason, clock.instant())) {
                return new Result(Outcome.NOT_OPEN, request.studentDcid());
            }
            audit.record(c, AuditLog.Actor.staff(staffDcid, staffName), request.studentDcid(), "cancel", requestId,
                    AuditLog.onBehalfOfGuardian(c, request.guardianId()),
                    "Cancelled by staff while " + request.state().name().toLowerCase(Locale.ROOT)
                            + (request.lastError() == null ? "" : "; the last problem was: " + request.lastError()));
            return new Result(Outcome.CANCELLED, request.studentDcid());
        });
    }
}
