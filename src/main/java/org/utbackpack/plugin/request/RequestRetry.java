package org.utbackpack.plugin.request;

import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.db.Jdbc;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Staff press Retry on a request that ended FAILED, once its cause is fixed (the SSID corrected, the
 * district's UTREx credentials renewed, UTREx back after an outage). The same request goes back in the
 * queue, with the student's SSID as it is now, attempts from zero and a new correlation id: UTREx keeps
 * answering the old id with the old failure, so a retry has to be a new request on its side.
 */
public final class RequestRetry {

    /** What pressing Retry did. */
    public enum Outcome { RETRIED, NOT_FAILED, ALREADY_OPEN, SSID_MISSING, NO_REQUEST }

    /** The outcome and the request's student (null when there is no such request). */
    public record Result(Outcome outcome, Long studentDcid) {
    }

    private final Jdbc jdbc;
    private final RequestRepository requests;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable wakeForwarder;

    public RequestRetry(Jdbc jdbc, RequestRepository requests, AuditLog audit, Clock clock, Runnable wakeForwarder) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
        this.wakeForwarder = wakeForwarder;
    }

    /**
     * Re-queues the request if it is FAILED. The student's row is locked first, as for Make a Request, so
     * a retry and a new request pressed at once still leave at most one open request per requester; the
     * update itself is conditional on FAILED, so two staff pressing Retry together queue it once.
     */
    public Result retry(long requestId, long staffDcid, String staffName) {
        Result result = jdbc.inTransaction(c -> {
            Optional<BackpackRequest> found = requests.find(c, requestId);
            if (found.isEmpty()) {
                return new Result(Outcome.NO_REQUEST, null);
            }
            BackpackRequest request = found.get();
            long student = request.studentDcid();
            Optional<StudentRecord> record = RequestService.lockStudent(c, student);
            if (record.isEmpty()) {
                return new Result(Outcome.NO_REQUEST, null);
            }
            if (request.state() != RequestState.FAILED) {
                return new Result(Outcome.NOT_FAILED, student);
            }
            if (!record.get().hasSsid()) {
                return new Result(Outcome.SSID_MISSING, student);
            }
            if (requests.openRequest(c, student, request.requestedBy(), request.guardianId()).isPresent()) {
                return new Result(Outcome.ALREADY_OPEN, student);
            }
            Instant now = clock.instant();
            if (!requests.requeueFailed(c, requestId, record.get().ssid().trim(), UUID.randomUUID().toString(), now)) {
                return new Result(Outcome.NOT_FAILED, student);
            }
            audit.record(c, AuditLog.Actor.staff(staffDcid, staffName), student, "retry", requestId,
                    request.guardianId() == null ? null : "guardian " + request.guardianId(),
                    "Retried by staff after: " + (request.lastError() == null ? "no reason recorded" : request.lastError()));
            return new Result(Outcome.RETRIED, student);
        });
        if (result.outcome() == Outcome.RETRIED) {
            wakeForwarder.run();
        }
        return result;
    }
}
