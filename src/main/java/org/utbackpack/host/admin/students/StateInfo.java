package org.utbackpack.host.admin.students;

import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.Transactions;
import org.utbackpack.host.admin.audit.AuditAction;
import org.utbackpack.host.admin.audit.AuditTrail;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The State Info tab's Statewide Student ID (STUDENTS.STATE_STUDENTNUMBER): seven digits, one student
 * each. A blank entry removes a wrongly entered SSID. Each change is audited in the same transaction.
 */
public final class StateInfo {

    /** What happened, in a sentence for the page; {@code error} when nothing was saved. */
    record Outcome(boolean error, String message) {
    }

    private static final Pattern SSID = Pattern.compile("\\d{7}");

    private final DataSource dataSource;
    private final AuditTrail audit;

    public StateInfo(DataSource dataSource, AuditTrail audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    Outcome saveSsid(long studentDcid, String entered, Actor actor) {
        String ssid = entered == null ? "" : entered.strip();
        if (!ssid.isEmpty() && !SSID.matcher(ssid).matches()) {
            return new Outcome(true, "The Statewide Student ID must be exactly seven digits, for example 1234567;"
                    + " “" + clip(ssid) + "” is not. Nothing was saved.");
        }
        try {
            return Transactions.inTransaction(dataSource, c -> save(c, studentDcid, ssid, actor));
        } catch (Transactions.DataAccessException e) {
            if (e.isConstraintViolation()) { // another student got this SSID a moment ago
                return duplicate(ssid, "another student");
            }
            throw e;
        }
    }

    private Outcome save(Connection c, long dcid, String ssid, Actor actor) throws SQLException {
        String current;
        String student;
        try (PreparedStatement ps = c.prepareStatement("SELECT STATE_STUDENTNUMBER, LAST_NAME, FIRST_NAME, STUDENT_NUMBER"
                + " FROM STUDENTS WHERE DCID = ?")) {
            ps.setLong(1, dcid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Outcome(true, "There is no such student. Search for the student on the Start Page.");
                }
                current = rs.getString(1) == null ? "" : rs.getString(1).strip();
                student = rs.getString(2) + ", " + rs.getString(3) + " (student number " + rs.getString(4) + ")";
            }
        }
        if (current.equals(ssid)) {
            return new Outcome(false, ssid.isEmpty() ? "No change: this student has no Statewide Student ID."
                    : "No change: the Statewide Student ID is already " + ssid + ".");
        }
        if (!ssid.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT LAST_NAME, FIRST_NAME, STUDENT_NUMBER FROM STUDENTS"
                    + " WHERE STATE_STUDENTNUMBER = ? AND DCID <> ?")) {
                ps.setString(1, ssid);
                ps.setLong(2, dcid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return duplicate(ssid, rs.getString(1) + ", " + rs.getString(2) + " (student number "
                                + rs.getString(3) + ")");
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE STUDENTS SET STATE_STUDENTNUMBER = ? WHERE DCID = ?")) {
            ps.setString(1, ssid.isEmpty() ? null : ssid);
            ps.setLong(2, dcid);
            ps.executeUpdate();
        }
        audit.record(c, actor, AuditAction.SSID_CHANGED, student,
                (current.isEmpty() ? "(none)" : current) + " → " + (ssid.isEmpty() ? "(none)" : ssid));
        return new Outcome(false, ssid.isEmpty() ? "Statewide Student ID removed."
                : "Statewide Student ID saved: " + ssid + ".");
    }

    private static Outcome duplicate(String ssid, String owner) {
        return new Outcome(true, "SSID " + ssid + " already belongs to " + owner + ". Each student has their own"
                + " Statewide Student ID; check the number against USBE's records. Nothing was saved.");
    }

    private static String clip(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
