package org.utbackpack.host.admin.staff;

import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.Transactions;
import org.utbackpack.host.admin.audit.AuditAction;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.auth.Passwords;
import org.utbackpack.host.db.Sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Staff accounts (USERS) and their school staff rows (SCHOOLSTAFF, one per school): finding them, their
 * Information page, and creating a new one. As in the SIS, a staff page's record number is
 * {@code frn=005<SCHOOLSTAFF.DCID>}; the row names the account (USERS_DCID) that holds the login.
 */
public final class StaffRecords {

    /** What an administrator typed into New Staff. */
    record NewStaff(String firstName, String lastName, String loginId, String email, Long homeSchoolId,
                    String password, boolean sysadmin) {
    }

    /** A refused New Staff form: the field at fault and a sentence saying what to fix. */
    static final class Refused extends RuntimeException {
        private final String field;

        Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    static final int MIN_PASSWORD = 12;
    private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{1,99}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern STAFF_FRN = Pattern.compile("005(\\d{1,18})");
    private static final String COLUMNS = "u.DCID, u.LOGINID, u.FIRST_NAME, u.LAST_NAME, u.EMAIL_ADDR, u.SYSADMIN,"
            + " sc.NAME AS SCHOOL_NAME, ss.DCID AS SCHOOLSTAFF_DCID";
    /** The school staff row a staff list links to: the one at the home school, else the first. */
    private static final String LISTED_ROW = "ss.DCID = COALESCE((SELECT MIN(h.DCID) FROM SCHOOLSTAFF h"
            + " WHERE h.USERS_DCID = u.DCID AND h.SCHOOLID = COALESCE(u.HOMESCHOOLID, 0)),"
            + " (SELECT MIN(f.DCID) FROM SCHOOLSTAFF f WHERE f.USERS_DCID = u.DCID))";

    private final Sql sql;
    private final AuditTrail audit;

    public StaffRecords(Sql sql, AuditTrail audit) {
        this.sql = sql;
        this.audit = audit;
    }

    /** The staff member a page's {@code frn=005<SCHOOLSTAFF.DCID>} names, if it names one that exists. */
    public Optional<Map<String, Object>> byFrn(String frn) {
        var m = frn == null ? null : STAFF_FRN.matcher(frn.trim());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        return sql.first("SELECT " + COLUMNS + " FROM SCHOOLSTAFF ss JOIN USERS u ON u.DCID = ss.USERS_DCID"
                + " LEFT JOIN SCHOOLS sc ON sc.ID = ss.SCHOOLID WHERE ss.DCID = ?", StaffRecords::member,
                Long.parseLong(m.group(1)));
    }

    /** Staff whose name or username contains the text; everyone (first 200) for a blank search. */
    List<Map<String, Object>> search(String text) {
        String term = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return sql.query("SELECT " + COLUMNS + " FROM USERS u JOIN SCHOOLSTAFF ss ON " + LISTED_ROW
                        + " LEFT JOIN SCHOOLS sc ON sc.ID = ss.SCHOOLID"
                        + " WHERE (LOWER(u.LAST_NAME) LIKE ? ESCAPE '\\' OR LOWER(u.FIRST_NAME) LIKE ? ESCAPE '\\'"
                        + " OR LOWER(u.LOGINID) LIKE ? ESCAPE '\\')"
                        + " ORDER BY u.LAST_NAME, u.FIRST_NAME, u.LOGINID FETCH FIRST 200 ROWS ONLY",
                StaffRecords::member, like, like, like);
    }

    /** The schools a new staff member can call home. */
    List<Map<String, Object>> schools() {
        return sql.query("SELECT ID, NAME FROM SCHOOLS ORDER BY NAME",
                rs -> Map.<String, Object>of("id", rs.getLong(1), "name", rs.getString(2)));
    }

    /**
     * Creates the account and records who created it, together.
     *
     * @return the new school staff row's DCID (its Information page is {@code frn=005<DCID>})
     * @throws Refused naming the field to correct
     */
    long create(NewStaff form, Actor actor) {
        String first = required(form.firstName(), "firstName", "First Name");
        String last = required(form.lastName(), "lastName", "Last Name");
        String login = required(form.loginId(), "loginId", "Username").toLowerCase(Locale.ROOT);
        if (!LOGIN.matcher(login).matches()) {
            throw new Refused("loginId", "The username may use letters, digits, dots, dashes and underscores"
                    + " (2 to 100 characters), starting with a letter or digit, e.g. jane.doe.");
        }
        String email = form.email() == null ? "" : form.email().trim();
        if (!email.isEmpty() && (!EMAIL.matcher(email).matches() || email.length() > 200)) {
            throw new Refused("email", "“" + email + "” does not look like an email address.");
        }
        if (form.homeSchoolId() != null && schools().stream().noneMatch(s -> s.get("id").equals(form.homeSchoolId()))) {
            throw new Refused("homeSchool", "Choose a home school from the list.");
        }
        if (form.password() == null || form.password().length() < MIN_PASSWORD) {
            throw new Refused("password", "The initial password needs at least " + MIN_PASSWORD + " characters.");
        }
        if (first.length() > 100 || last.length() > 100) {
            throw new Refused(first.length() > 100 ? "firstName" : "lastName", "Names are at most 100 characters.");
        }
        String hash = Passwords.hash(form.password());
        try {
            return Transactions.inTransaction(sql.dataSource(), c -> {
                try (PreparedStatement taken = c.prepareStatement("SELECT 1 FROM USERS WHERE LOWER(LOGINID) = ?")) {
                    taken.setString(1, login);
                    try (ResultSet rs = taken.executeQuery()) {
                        if (rs.next()) {
                            throw new Refused("loginId", "The username " + login + " is taken. Choose another.");
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO USERS (LOGINID, FIRST_NAME, LAST_NAME,"
                        + " LASTFIRST, EMAIL_ADDR, PASSWORD_HASH, HOMESCHOOLID, SYSADMIN) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, login);
                    ps.setString(2, first);
                    ps.setString(3, last);
                    ps.setString(4, last + ", " + first);
                    ps.setString(5, email.isEmpty() ? null : email);
                    ps.setString(6, hash);
                    ps.setObject(7, form.homeSchoolId());
                    ps.setBoolean(8, form.sysadmin());
                    ps.executeUpdate();
                }
                long dcid = dcidOf(c, login);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO SCHOOLSTAFF (USERS_DCID, SCHOOLID, STATUS)"
                        + " VALUES (?, ?, 1)")) {
                    ps.setLong(1, dcid);
                    ps.setLong(2, form.homeSchoolId() == null ? 0 : form.homeSchoolId());
                    ps.executeUpdate();
                }
                long schoolStaff = schoolStaffOf(c, dcid);
                audit.record(c, actor, AuditAction.STAFF_CREATED, last + ", " + first + " (" + login + ")",
                        form.sysadmin() ? "with system administration rights" : null);
                return schoolStaff;
            });
        } catch (Transactions.DataAccessException e) {
            if (e.isConstraintViolation()) { // another administrator took the name a moment ago
                throw new Refused("loginId", "The username " + login + " is taken. Choose another.");
            }
            throw e;
        }
    }

    private static long dcidOf(java.sql.Connection c, String login) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT DCID FROM USERS WHERE LOGINID = ?")) {
            ps.setString(1, login);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long schoolStaffOf(java.sql.Connection c, long usersDcid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(DCID) FROM SCHOOLSTAFF WHERE USERS_DCID = ?")) {
            ps.setLong(1, usersDcid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String required(String value, String field, String label) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new Refused(field, label + " is required.");
        }
        return v;
    }

    private static Map<String, Object> member(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        long dcid = rs.getLong("DCID");
        m.put("dcid", dcid);
        m.put("schoolStaffDcid", rs.getLong("SCHOOLSTAFF_DCID"));
        m.put("frn", "005" + rs.getLong("SCHOOLSTAFF_DCID"));
        m.put("loginId", rs.getString("LOGINID"));
        String first = rs.getString("FIRST_NAME");
        String last = rs.getString("LAST_NAME");
        m.put("firstName", first == null ? "" : first);
        m.put("lastName", last == null ? "" : last);
        m.put("name", ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim());
        m.put("lastFirst", (last == null ? "" : last) + ", " + (first == null ? "" : first));
        m.put("email", rs.getString("EMAIL_ADDR"));
        m.put("sysadmin", rs.getBoolean("SYSADMIN"));
        m.put("schoolName", rs.getString("SCHOOL_NAME"));
        return m;
    }
}
