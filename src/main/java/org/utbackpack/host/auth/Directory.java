package org.utbackpack.host.auth;

import org.utbackpack.host.db.Sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the SIS's people: students, staff and guardians. */
public final class Directory {

    /** A staff or guardian account with its password hash, for sign-in. */
    public record Account(SessionUser user, String passwordHash, boolean portalAllowed) {
    }

    private static final String STUDENT_COLUMNS = "s.DCID, s.ID, s.STUDENT_NUMBER, s.FIRST_NAME, s.MIDDLE_NAME, s.LAST_NAME,"
            + " s.DOB, s.GENDER, s.GRADE_LEVEL, s.STATE_STUDENTNUMBER, sc.NAME AS SCHOOL_NAME";

    private final Sql sql;

    public Directory(Sql sql) {
        this.sql = sql;
    }

    /** The most students one search lists; the start page asks for one more to know there are more. */
    public static final int SEARCH_LIMIT = 50;

    /**
     * Students of the school chosen with the School link (0: the district office, every school) whose name,
     * student number or Statewide Student ID matches; every student of that school when {@code text} is
     * blank, as an empty search on the start page lists them. At most {@link #SEARCH_LIMIT} + 1 rows.
     */
    public List<Map<String, Object>> searchStudents(String text, long schoolId) {
        String term = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        String like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        String match = term.isEmpty() ? "1 = 1" : "(LOWER(s.LAST_NAME) LIKE ? ESCAPE '\\' OR LOWER(s.FIRST_NAME) LIKE ? ESCAPE '\\'"
                + " OR LOWER(s.FIRST_NAME || ' ' || s.LAST_NAME) LIKE ? ESCAPE '\\' OR s.STUDENT_NUMBER = ?"
                + " OR s.STATE_STUDENTNUMBER = ?)";
        List<Object> args = new java.util.ArrayList<>(term.isEmpty() ? List.of() : List.of(like, like, like, term, term));
        args.add(schoolId);
        args.add(schoolId);
        return sql.query("SELECT " + STUDENT_COLUMNS + " FROM STUDENTS s LEFT JOIN SCHOOLS sc ON sc.ID = s.SCHOOLID"
                        + " WHERE " + match + " AND (? = 0 OR s.SCHOOLID = ?)"
                        + " ORDER BY s.LAST_NAME, s.FIRST_NAME FETCH FIRST " + (SEARCH_LIMIT + 1) + " ROWS ONLY",
                Directory::student, args.toArray());
    }

    /** The district's schools by name, for the School link. */
    public List<Map<String, Object>> schools() {
        return sql.query("SELECT ID, NAME, SCHOOL_NUMBER FROM SCHOOLS ORDER BY NAME", Directory::school);
    }

    public Optional<Map<String, Object>> school(long id) {
        return sql.first("SELECT ID, NAME, SCHOOL_NUMBER FROM SCHOOLS WHERE ID = ?", Directory::school, id);
    }

    private static Map<String, Object> school(ResultSet rs) throws SQLException {
        Map<String, Object> school = new LinkedHashMap<>();
        school.put("id", rs.getLong("ID"));
        school.put("name", rs.getString("NAME"));
        school.put("number", rs.getString("SCHOOL_NUMBER"));
        return school;
    }

    public Optional<Map<String, Object>> student(long dcid) {
        return sql.first("SELECT " + STUDENT_COLUMNS + " FROM STUDENTS s LEFT JOIN SCHOOLS sc ON sc.ID = s.SCHOOLID"
                + " WHERE s.DCID = ?", Directory::student, dcid);
    }

    public Optional<Account> staffAccount(String loginId) {
        return sql.first("SELECT DCID, LOGINID, FIRST_NAME, LAST_NAME, PASSWORD_HASH FROM USERS WHERE LOWER(LOGINID) = ?",
                rs -> new Account(new SessionUser(SessionUser.Type.STAFF, rs.getLong(1), rs.getString(2),
                        rs.getString(3) + " " + rs.getString(4)), rs.getString(5), true),
                loginId.toLowerCase(Locale.ROOT));
    }

    /** A guardian account; portalAllowed when parent access is enabled for at least one linked student. */
    public Optional<Account> guardianAccount(String accountId) {
        return sql.first("SELECT g.GUARDIANID, g.ACCOUNTID, g.FIRSTNAME, g.LASTNAME, g.PASSWORD_HASH,"
                        + " (SELECT COUNT(*) FROM GUARDIANSTUDENT gs WHERE gs.GUARDIANID = g.GUARDIANID AND gs.PARENTACCESS = ?)"
                        + " FROM GUARDIAN g WHERE LOWER(g.ACCOUNTID) = ?",
                rs -> new Account(new SessionUser(SessionUser.Type.GUARDIAN, rs.getLong(1), rs.getString(2),
                        rs.getString(3) + " " + rs.getString(4)), rs.getString(5), rs.getLong(6) > 0),
                true, accountId.toLowerCase(Locale.ROOT));
    }

    /** The students this guardian may see in the portal: linked, with parent access enabled. */
    public List<Map<String, Object>> portalStudents(long guardianId) {
        return sql.query("SELECT " + STUDENT_COLUMNS + " FROM STUDENTS s JOIN GUARDIANSTUDENT gs ON gs.STUDENTSDCID = s.DCID"
                        + " LEFT JOIN SCHOOLS sc ON sc.ID = s.SCHOOLID WHERE gs.GUARDIANID = ? AND gs.PARENTACCESS = ?"
                        + " ORDER BY s.FIRST_NAME, s.LAST_NAME",
                Directory::student, guardianId, true);
    }

    public boolean guardianMaySee(long guardianId, long studentDcid) {
        return sql.first("SELECT 1 FROM GUARDIANSTUDENT WHERE GUARDIANID = ? AND STUDENTSDCID = ? AND PARENTACCESS = ?",
                rs -> true, guardianId, studentDcid, true).isPresent();
    }

    private static Map<String, Object> student(ResultSet rs) throws SQLException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("dcid", rs.getLong("DCID"));
        s.put("id", rs.getLong("ID"));
        s.put("studentNumber", rs.getString("STUDENT_NUMBER"));
        s.put("firstName", rs.getString("FIRST_NAME"));
        s.put("middleName", rs.getString("MIDDLE_NAME"));
        s.put("lastName", rs.getString("LAST_NAME"));
        s.put("name", rs.getString("FIRST_NAME") + " " + rs.getString("LAST_NAME"));
        s.put("lastFirst", rs.getString("LAST_NAME") + ", " + rs.getString("FIRST_NAME"));
        java.sql.Date dob = rs.getDate("DOB");
        s.put("dob", dob == null ? null : dob.toLocalDate());
        s.put("gender", rs.getString("GENDER"));
        int grade = rs.getInt("GRADE_LEVEL");
        s.put("gradeLevel", rs.wasNull() ? null : grade == 0 ? "K" : grade < 0 ? "PK" : Integer.toString(grade));
        String ssid = rs.getString("STATE_STUDENTNUMBER");
        s.put("ssid", ssid == null || ssid.isBlank() ? null : ssid);
        s.put("schoolName", rs.getString("SCHOOL_NAME"));
        s.put("frn", "001" + rs.getLong("DCID"));
        return s;
    }
}
