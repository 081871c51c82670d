package org.utbackpack.plugin.request;

import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The plugin's statements on S_UT_STU_BACKPACKREQUEST_C. Portable SQL; bound parameters only. */
public final class RequestRepository {

    private static final String COLUMNS = "ID, STUDENTSDCID, GUARDIANID, REQUESTEDBY, REQUESTDATE, STATUS, RESPONSETYPE,"
            + " STATE, ATTEMPTS, NEXTATTEMPTAT, CORRELATIONID, UTREXREQUESTID, LASTERROR, COMPLETEDAT, FILEID, SSID,"
            + " RESPONDEDAT, QUEUEDAT, NEXTATTEMPTMS";
    /**
     * Due now: NEXTATTEMPTMS (epoch milliseconds) decides; a row from before that field existed has only the
     * second-precision NEXTATTEMPTAT. Binds: now in milliseconds, now.
     */
    private static final String DUE = " STATE IN ('QUEUED', 'SENT')"
            + " AND (NEXTATTEMPTMS <= ? OR (NEXTATTEMPTMS IS NULL AND NEXTATTEMPTAT <= ?))";
    /** Not claimed by a live node: LEASEUNTILMS decides, else the older LEASEUNTIL. Binds: now in milliseconds, now. */
    private static final String UNCLAIMED = " AND (LEASEUNTILMS < ?"
            + " OR (LEASEUNTILMS IS NULL AND (LEASEUNTIL IS NULL OR LEASEUNTIL < ?)))";
    private static final String NO_LEASE = "LEASEOWNER = NULL, LEASEUNTIL = NULL, LEASEUNTILMS = NULL";
    /** The forwarder writes only while the request is still its to work on: staff may have cancelled it. */
    private static final String STILL_FORWARDING = " AND STATE IN ('QUEUED', 'SENT')";
    private static final String TABLE = "S_UT_STU_BACKPACKREQUEST_C";
    /** Requests given their school in one transaction by {@link #placeInSchools}. */
    private static final int PLACE_BATCH = 1_000;

    private final Jdbc jdbc;

    public RequestRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<BackpackRequest> find(long id) {
        return jdbc.queryFirst("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE ID = ?", RequestRepository::map, id);
    }

    /** The student's open request from this requester (a staff member or a guardian), if any. */
    Optional<BackpackRequest> openRequest(Connection c, long studentDcid, Long staffDcid, Long guardianId)
            throws SQLException {
        String who = guardianId != null ? "GUARDIANID = ?" : "GUARDIANID IS NULL";
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE STUDENTSDCID = ? AND " + who
                + " AND STATE IN ('PENDING', 'QUEUED', 'SENT') ORDER BY ID DESC";
        List<BackpackRequest> rows = guardianId == null
                ? Jdbc.query(c, sql, RequestRepository::map, studentDcid)
                : Jdbc.query(c, sql, RequestRepository::map, studentDcid, guardianId);
        return rows.stream().findFirst();
    }

    /** A new request for the student, in the student's school of now (SCHOOLID). */
    long insert(Connection c, StudentRecord student, Long guardianId, Long requestedBy, Instant now, String requestType,
                String responseType, RequestState state, String ssid, String correlationId) throws SQLException {
        return Jdbc.insert(c, "INSERT INTO " + TABLE + " (STUDENTSDCID, SCHOOLID, GUARDIANID, REQUESTEDBY, REQUESTDATE,"
                        + " STATUS, RESPONSETYPE, RESPONDEDBY, RESPONDEDAT, STATE, ATTEMPTS, NEXTATTEMPTAT, SSID,"
                        + " CORRELATIONID, QUEUEDAT, WHENCREATED, WHOCREATED, NEXTATTEMPTMS)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)",
                student.dcid(), student.schoolId() == null ? Jdbc.Null.BIGINT : student.schoolId(),
                guardianId == null ? Jdbc.Null.BIGINT : guardianId,
                requestedBy == null ? Jdbc.Null.BIGINT : requestedBy, now, requestType,
                responseType == null ? Jdbc.Null.VARCHAR : responseType,
                responseType == null || requestedBy == null ? Jdbc.Null.BIGINT : requestedBy,
                responseType == null ? Jdbc.Null.TIMESTAMP : now,
                state.name(), now, ssid, correlationId,
                state == RequestState.QUEUED ? now : Jdbc.Null.TIMESTAMP, now, "utbackpack", millis(now));
    }

    /**
     * Gives each request stored without a school (by a version from before SCHOOLID was kept) its student's
     * school of now, the best that is known of where it was made, a thousand rows a transaction; a request
     * whose student has no school stays without one (then it is in the district's lists only). Run when the
     * plugin starts (an Update), before any page lists requests by school. Returns how many were placed.
     */
    public int placeInSchools() {
        List<long[]> unplaced = jdbc.query("SELECT r.ID, s.SCHOOLID FROM " + TABLE + " r"
                        + " JOIN STUDENTS s ON s.DCID = r.STUDENTSDCID"
                        + " WHERE r.SCHOOLID IS NULL AND s.SCHOOLID IS NOT NULL ORDER BY r.ID",
                rs -> new long[] {rs.getLong(1), rs.getLong(2)});
        for (int from = 0; from < unplaced.size(); from += PLACE_BATCH) {
            List<long[]> batch = unplaced.subList(from, Math.min(unplaced.size(), from + PLACE_BATCH));
            jdbc.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE + " SET SCHOOLID = ? WHERE ID = ?"
                        + " AND SCHOOLID IS NULL")) {
                    for (long[] row : batch) {
                        ps.setLong(1, row[1]);
                        ps.setLong(2, row[0]);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return null;
            });
        }
        return unplaced.size();
    }

    /** A guardian's request (GUARDIANID set), whatever its state. */
    Optional<BackpackRequest> findGuardianRequest(Connection c, long id) throws SQLException {
        return Jdbc.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE ID = ? AND GUARDIANID IS NOT NULL",
                RequestRepository::map, id).stream().findFirst();
    }

    /**
     * Records a staff decision on a waiting request, with the reason given for a rejection (null for none);
     * false when it was no longer waiting.
     */
    boolean markDecided(Connection c, long id, boolean approve, long staffDcid, Instant now, String reason)
            throws SQLException {
        return Jdbc.update(c, "UPDATE " + TABLE + " SET RESPONSETYPE = ?, STATE = ?, RESPONDEDBY = ?, RESPONDEDAT = ?,"
                        + " RESPONSEREASON = ?, NEXTATTEMPTAT = ?, NEXTATTEMPTMS = ?, QUEUEDAT = ?, WHENMODIFIED = ?"
                        + " WHERE ID = ?"
                        + " AND STATE = 'PENDING'",
                approve ? BackpackRequest.APPROVED : BackpackRequest.REJECTED,
                approve ? RequestState.QUEUED.name() : RequestState.REJECTED.name(), staffDcid, now,
                reason == null ? Jdbc.Null.VARCHAR : reason, now, millis(now), approve ? now : Jdbc.Null.TIMESTAMP, now,
                id) == 1;
    }

    /**
     * Ids of requests the forwarder may work on now: due, and not claimed by a live node. Requests UTREx
     * already has (SENT) come first: a waiting request is picked up when its wait is over by the next free
     * worker, not after every request queued before its wait ended has been submitted; so files arrive
     * while a burst of new requests is still being sent, and no more requests are open at UTREx than the
     * workers keep moving.
     */
    public List<Long> dueIds(Instant now, int limit) {
        // then rows from before NEXTATTEMPTMS existed (they are overdue), and the same order on every database
        return jdbc.query("SELECT ID FROM " + TABLE + " WHERE" + DUE + UNCLAIMED
                        + " ORDER BY CASE WHEN STATE = 'SENT' THEN 0 ELSE 1 END, COALESCE(NEXTATTEMPTMS, 0), ID"
                        + " FETCH FIRST " + limit + " ROWS ONLY",
                rs -> rs.getLong(1), millis(now), now, millis(now), now);
    }

    /**
     * Claims a request for this node until {@code until}. Only one node's update can match, so only
     * one node works on a request at a time; a node that dies simply lets its lease lapse.
     */
    public boolean claim(long id, String owner, Instant now, Instant until) {
        // due too: a node that read the id just before another node finished a step must not claim the
        // request again before its next step is due. LEASEUNTIL is kept as a second-precision copy.
        return jdbc.update("UPDATE " + TABLE + " SET LEASEOWNER = ?, LEASEUNTILMS = ?, LEASEUNTIL = ? WHERE ID = ?"
                        + " AND" + DUE + UNCLAIMED,
                owner, millis(until), until, id, millis(now), now, millis(now), now) == 1;
    }

    /** Extends this node's claim while it still works on the request (a long download); false if it lost it. */
    public boolean renewLease(long id, String owner, Instant until) {
        return jdbc.update("UPDATE " + TABLE + " SET LEASEUNTILMS = ?, LEASEUNTIL = ? WHERE ID = ? AND LEASEOWNER = ?",
                millis(until), until, id, owner) == 1;
    }

    /** The node that holds the request's claim now (lapsed or not); empty when none does. */
    public Optional<String> leaseOwner(long id) {
        return jdbc.queryFirst("SELECT LEASEOWNER FROM " + TABLE + " WHERE ID = ? AND LEASEOWNER IS NOT NULL",
                rs -> rs.getString(1), id);
    }

    /** Gives up this node's claim on one request without changing anything else. */
    public boolean releaseLease(long id, String owner) {
        return jdbc.update("UPDATE " + TABLE + " SET " + NO_LEASE + " WHERE ID = ? AND LEASEOWNER = ?",
                id, owner) == 1;
    }

    /** Gives up every claim this node holds (it is stopping), so other nodes need not wait for them to lapse. */
    public int releaseLeases(String owner) {
        return jdbc.update("UPDATE " + TABLE + " SET " + NO_LEASE + " WHERE LEASEOWNER = ?", owner);
    }

    /**
     * Puts a FAILED request back in the queue as a new try (staff pressed Retry): a new correlation id, so
     * UTREx treats it as a new request rather than answering with the old failure; attempts from zero.
     */
    boolean requeueFailed(Connection c, long id, String ssid, String correlationId, Instant now) throws SQLException {
        return Jdbc.update(c, "UPDATE " + TABLE + " SET STATE = 'QUEUED', ATTEMPTS = 0, NEXTATTEMPTAT = ?,"
                        + " NEXTATTEMPTMS = ?, SSID = ?, CORRELATIONID = ?, UTREXREQUESTID = NULL, LASTERROR = NULL,"
                        + " COMPLETEDAT = NULL, " + NO_LEASE + ", QUEUEDAT = ?, WHENMODIFIED = ? WHERE ID = ?"
                        + " AND STATE = 'FAILED'",
                now, millis(now), ssid, correlationId, now, now, id) == 1;
    }

    /**
     * Ends an open request at a staff member's word. Conditional on the request still being open, and it
     * drops any node's claim: every forwarder write is conditional on QUEUED or SENT, so a step in flight
     * on another node lands nothing (its file, if it was storing one, rolls back).
     */
    boolean markCancelled(Connection c, long id, String reason, Instant now) throws SQLException {
        return Jdbc.update(c, "UPDATE " + TABLE + " SET STATE = 'CANCELLED', LASTERROR = ?, COMPLETEDAT = ?,"
                        + " " + NO_LEASE + ", WHENMODIFIED = ? WHERE ID = ?"
                        + " AND STATE IN ('PENDING', 'QUEUED', 'SENT')",
                limit(reason), now, now, id) == 1;
    }

    Optional<BackpackRequest> find(Connection c, long id) throws SQLException {
        return Jdbc.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE ID = ?", RequestRepository::map, id)
                .stream().findFirst();
    }

    /** UTREx accepted the request; poll from {@code next}. */
    boolean markSent(Connection c, long id, String owner, String utrexRequestId, Instant next) throws SQLException {
        return Jdbc.update(c, "UPDATE " + TABLE + " SET STATE = 'SENT', UTREXREQUESTID = ?, ATTEMPTS = ATTEMPTS + 1,"
                        + " NEXTATTEMPTAT = ?, NEXTATTEMPTMS = ?, LASTERROR = NULL, " + NO_LEASE
                        + " WHERE ID = ? AND LEASEOWNER = ? AND STATE = 'QUEUED'",
                utrexRequestId, next, millis(next), id, owner) == 1;
    }

    /** Not ready yet, or a transient failure: try again at {@code next}. */
    public boolean reschedule(long id, String owner, Instant next, boolean countAttempt, String error) {
        return jdbc.update("UPDATE " + TABLE + " SET NEXTATTEMPTAT = ?, NEXTATTEMPTMS = ?, ATTEMPTS = ATTEMPTS + ?,"
                        + " LASTERROR = ?, " + NO_LEASE + " WHERE ID = ? AND LEASEOWNER = ?" + STILL_FORWARDING,
                next, millis(next), countAttempt ? 1 : 0, error == null ? Jdbc.Null.VARCHAR : limit(error), id, owner) == 1;
    }

    /**
     * Ends the request FAILED. {@code attempts} is the count to keep (the failing call included, when it
     * was one), so the number on the page is the one the reason speaks of.
     */
    boolean markFailed(Connection c, long id, String owner, String reason, int attempts, Instant now)
            throws SQLException {
        return Jdbc.update(c, "UPDATE " + TABLE + " SET STATE = 'FAILED', LASTERROR = ?, ATTEMPTS = ?, COMPLETEDAT = ?,"
                        + " " + NO_LEASE + " WHERE ID = ? AND LEASEOWNER = ?" + STILL_FORWARDING,
                limit(reason), attempts, now, id, owner) == 1;
    }

    boolean markReceived(Connection c, long id, String owner, long fileId, Instant now) throws SQLException {
        return Jdbc.update(c, "UPDATE " + TABLE + " SET STATE = 'RECEIVED', FILEID = ?, COMPLETEDAT = ?,"
                        + " LASTERROR = NULL, " + NO_LEASE + " WHERE ID = ? AND LEASEOWNER = ?"
                        + STILL_FORWARDING,
                fileId, now, id, owner) == 1;
    }

    /** The student's most recent request of any kind. */
    public Optional<BackpackRequest> latestFor(long studentDcid) {
        return jdbc.queryFirst("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE STUDENTSDCID = ? ORDER BY ID DESC"
                + " FETCH FIRST 1 ROWS ONLY", RequestRepository::map, studentDcid);
    }

    /** This guardian's most recent request for the student. */
    public Optional<BackpackRequest> latestForGuardian(long studentDcid, long guardianId) {
        return jdbc.queryFirst("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE STUDENTSDCID = ? AND GUARDIANID = ?"
                + " ORDER BY ID DESC FETCH FIRST 1 ROWS ONLY", RequestRepository::map, studentDcid, guardianId);
    }

    private static String limit(String s) {
        return s.length() <= 1000 ? s : s.substring(0, 1000);
    }

    private static BackpackRequest map(ResultSet rs) throws SQLException {
        return new BackpackRequest(rs.getLong("ID"), rs.getLong("STUDENTSDCID"), Jdbc.nullableLong(rs, "GUARDIANID"),
                Jdbc.nullableLong(rs, "REQUESTEDBY"), Jdbc.instant(rs, "REQUESTDATE"), rs.getString("STATUS"),
                rs.getString("RESPONSETYPE"), RequestState.valueOf(rs.getString("STATE")), rs.getInt("ATTEMPTS"),
                firstOf(epochMillis(rs, "NEXTATTEMPTMS"), Jdbc.instant(rs, "NEXTATTEMPTAT")), rs.getString("CORRELATIONID"), rs.getString("UTREXREQUESTID"),
                rs.getString("LASTERROR"), Jdbc.instant(rs, "COMPLETEDAT"), Jdbc.nullableLong(rs, "FILEID"),
                rs.getString("SSID"), firstOf(Jdbc.instant(rs, "QUEUEDAT"), Jdbc.instant(rs, "RESPONDEDAT"),
                Jdbc.instant(rs, "REQUESTDATE")));
    }

    /**
     * An instant the plugin schedules by, kept in a Double field as whole epoch milliseconds: a Date field is
     * an Oracle DATE on the SIS (whole seconds), and a Double holds every whole number of milliseconds up to
     * 2^53 exactly (docs/ARCHITECTURE.md).
     */
    private static Double millis(Instant instant) {
        return (double) instant.toEpochMilli();
    }

    private static Instant epochMillis(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(Math.round(value));
    }

    /** Rows from before QUEUEDAT existed count their deadline from the approval, or else the request. */
    private static Instant firstOf(Instant... candidates) {
        for (Instant i : candidates) {
            if (i != null) {
                return i;
            }
        }
        return null;
    }
}
