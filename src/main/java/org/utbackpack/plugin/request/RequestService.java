package org.utbackpack.plugin.request;

import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Making Backpack requests: the checks, the one-open-request rule, and the queue entry. */
public final class RequestService {

    /** What pressing the button did. */
    public enum Outcome { QUEUED, ALREADY_OPEN, SSID_MISSING, NO_STUDENT }

    /** The outcome and, when a request was queued or already open, its id. */
    public record Result(Outcome outcome, Long requestId) {
    }

    private final Jdbc jdbc;
    private final RequestRepository requests;
    private final AuditLog audit;
    private final Clock clock;
    private final Runnable wakeForwarder;

    public RequestService(Jdbc jdbc, RequestRepository requests, AuditLog audit, Clock clock, Runnable wakeForwarder) {
        this.jdbc = jdbc;
        this.requests = requests;
        this.audit = audit;
        this.clock = clock;
        this.wakeForwarder = wakeForwarder;
    }

    /**
     * A staff member with Request Access asks UTREx for the student's Backpack. Staff requests need no
     * approval, so the request is queued at once. Locking the student's row serialises two presses
     * (a double click, a second tab) so the second finds the first open and queues nothing.
     */
    public Result staffRequest(long studentDcid, long staffDcid, String staffName) {
        Result result = jdbc.inTransaction(c -> {
            Optional<StudentRecord> student = lockStudent(c, studentDcid);
            if (student.isEmpty()) {
                return new Result(Outcome.NO_STUDENT, null);
            }
            if (!student.get().hasSsid()) {
                return new Result(Outcome.SSID_MISSING, null);
            }
            Optional<BackpackRequest> open = requests.openRequest(c, studentDcid, staffDcid, null);
            if (open.isPresent()) {
                return new Result(Outcome.ALREADY_OPEN, open.get().id());
            }
            Instant now = clock.instant();
            String type = hasFile(c, studentDcid) ? BackpackRequest.UPDATE : BackpackRequest.RETRIEVE;
            long id = requests.insert(c, student.get(), null, staffDcid, now, type, BackpackRequest.APPROVED,
                    RequestState.QUEUED, student.get().ssid().trim(), UUID.randomUUID().toString());
            AuditLog.Actor actor = AuditLog.Actor.staff(staffDcid, staffName);
            audit.record(c, actor, studentDcid, "request", id, null, type + " requested by staff; approved on request");
            return new Result(Outcome.QUEUED, id);
        });
        if (result.outcome() == Outcome.QUEUED) {
            wakeForwarder.run();
        }
        return result;
    }

    /**
     * A guardian asks for their student's Backpack from the portal. The request waits (PENDING) for a
     * staff member with Request Access to approve or reject it; nothing goes to UTREx before then.
     */
    public Result guardianRequest(long studentDcid, long guardianId, String guardianName) {
        return jdbc.inTransaction(c -> {
            Optional<StudentRecord> student = lockStudent(c, studentDcid);
            if (student.isEmpty()) {
                return new Result(Outcome.NO_STUDENT, null);
            }
            if (!student.get().hasSsid()) {
                return new Result(Outcome.SSID_MISSING, null);
            }
            Optional<BackpackRequest> open = requests.openRequest(c, studentDcid, null, guardianId);
            if (open.isPresent()) {
                return new Result(Outcome.ALREADY_OPEN, open.get().id());
            }
            String type = hasFile(c, studentDcid) ? BackpackRequest.UPDATE : BackpackRequest.RETRIEVE;
            long id = requests.insert(c, student.get(), guardianId, null, clock.instant(), type, null,
                    RequestState.PENDING, student.get().ssid().trim(), UUID.randomUUID().toString());
            audit.record(c, AuditLog.Actor.guardian(guardianId, guardianName), studentDcid, "request", id, null,
                    type + " requested in the Parent Portal; waiting for approval");
            return new Result(Outcome.QUEUED, id);
        });
    }

    /** What one decision did. */
    public enum Decision { APPROVED, REJECTED, ALREADY_DECIDED, NOT_FOUND }

    /** The longest reason for a rejection that is kept (RESPONSEREASON). */
    public static final int MAX_REASON = 500;

    /**
     * Approves or rejects waiting guardian requests. Each is decided by one conditional update
     * ({@code WHERE STATE = 'PENDING'}), so when two staff decide the same request at once exactly one
     * decision lands and the request is forwarded at most once. Rejected requests are never forwarded.
     *
     * @param reason why the requests were rejected, shown to the guardian; blank or null for none, ignored
     *               on approval, at most {@link #MAX_REASON} characters
     */
    public java.util.Map<Long, Decision> decide(java.util.List<Long> requestIds, boolean approve, long staffDcid,
                                                String staffName, String reason) {
        String kept = approve || reason == null || reason.isBlank() ? null : reason.strip();
        if (kept != null && kept.length() > MAX_REASON) {
            throw new IllegalArgumentException("A reason may be at most " + MAX_REASON + " characters long.");
        }
        java.util.Map<Long, Decision> outcomes = new java.util.LinkedHashMap<>();
        for (long id : requestIds) {
            outcomes.put(id, jdbc.inTransaction(c -> decideOne(c, id, approve, staffDcid, staffName, kept)));
        }
        if (outcomes.containsValue(Decision.APPROVED)) {
            wakeForwarder.run();
        }
        return outcomes;
    }

    private Decision decideOne(Connection c, long id, boolean approve, long staffDcid, String staffName,
                               String reason) throws SQLException {
        Instant now = clock.instant();
        Optional<BackpackRequest> request = requests.findGuardianRequest(c, id);
        if (request.isEmpty()) {
            return Decision.NOT_FOUND;
        }
        if (!requests.markDecided(c, id, approve, staffDcid, now, reason)) {
            return Decision.ALREADY_DECIDED;
        }
        BackpackRequest r = request.get();
        audit.record(c, AuditLog.Actor.staff(staffDcid, staffName), r.studentDcid(), approve ? "approve" : "reject", id,
                AuditLog.onBehalfOfGuardian(c, r.guardianId()), approve ? "Guardian request approved; queued for UTREx"
                        : "Guardian request rejected; not forwarded" + (reason == null ? "" : ". Reason given: " + reason));
        return approve ? Decision.APPROVED : Decision.REJECTED;
    }

    /** Reads the student and holds a lock on the row until the transaction ends. */
    static Optional<StudentRecord> lockStudent(Connection c, long studentDcid) throws SQLException {
        return Jdbc.query(c, "SELECT DCID, FIRST_NAME, LAST_NAME, STATE_STUDENTNUMBER, SCHOOLID FROM STUDENTS"
                        + " WHERE DCID = ? FOR UPDATE",
                rs -> new StudentRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.nullableLong(rs, "SCHOOLID")),
                studentDcid).stream().findFirst();
    }

    private static boolean hasFile(Connection c, long studentDcid) throws SQLException {
        return !Jdbc.query(c, "SELECT ID FROM U_UT_BP_FILE WHERE STUDENTSDCID = ? FETCH FIRST 1 ROWS ONLY",
                rs -> rs.getLong(1), studentDcid).isEmpty();
    }
}
