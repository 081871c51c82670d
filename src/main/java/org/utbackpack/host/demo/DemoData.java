package org.utbackpack.host.demo;

import org.utbackpack.host.auth.Passwords;
import org.utbackpack.host.db.Sql;
import org.utbackpack.host.simulator.UtahTime;
import org.utbackpack.host.utrex.SimulatedSchool;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.host.utrex.UtrexSimulator;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * The demo district: three schools, four students, staff at each Backpack access level and none, and
 * two guardians (one with parent access, one without). Acceptance checks outside the repo rely on
 * these exact names. Loaded once into an empty database; the simulator learns the students the state
 * knows every time.
 */
public final class DemoData {

    public static final String LEA_NUMBER = "01";
    public static final String LEA_NAME = "Wasatch Valley School District";
    public static final String PASSWORD = "demo-password";
    /** HOST_ROLE.ID of the District Administrator role: edits SSIDs, parent access and Student Backpack Access. */
    private static final long DISTRICT_ADMINISTRATOR = 1;

    private final Sql sql;

    public DemoData(Sql sql) {
        this.sql = sql;
    }

    public void load(UtrexSimulator simulator) {
        if (sql.first("SELECT COUNT(*) FROM STUDENTS", rs -> rs.getLong(1)).orElse(0L) == 0) {
            insertPeople();
        }
        registerWithState(simulator);
    }

    private void insertPeople() {
        sql.update("INSERT INTO SCHOOLS (ID, SCHOOL_NUMBER, NAME, LOW_GRADE, HIGH_GRADE) VALUES (?, ?, ?, ?, ?)",
                100, "0100", "Lone Peak High School", 10, 12);
        sql.update("INSERT INTO SCHOOLS (ID, SCHOOL_NUMBER, NAME, LOW_GRADE, HIGH_GRADE) VALUES (?, ?, ?, ?, ?)",
                200, "0200", "Timberline Junior High", 7, 9);
        sql.update("INSERT INTO SCHOOLS (ID, SCHOOL_NUMBER, NAME, LOW_GRADE, HIGH_GRADE) VALUES (?, ?, ?, ?, ?)",
                300, "0300", "Cedar Ridge Elementary", 0, 6);

        long avery = student(1001, "11001", "Avery", "Lynn", "Jensen", born(4, 12, 11), "F", 11, 100, "1234561");
        student(1002, "11002", "Brooke", null, "Larsen", born(9, 3, 8), "F", 8, 200, null);
        long carlos = student(1003, "11003", "Carlos", "Andres", "Martinez", born(1, 27, 12), "M", 12, 100, "1234563");
        long dana = student(1004, "11004", "Dana", null, "Nguyen", born(6, 30, 5), "F", 5, 300, "7654324");

        long admin = staff("backpack.admin", "Pat", "Morgan", true);
        schoolStaff(admin, 200); // a district administrator works at two schools: two school staff rows, one login
        staff("backpack.viewer", "Sam", "Ortiz", false);
        staff("no.access", "Jordan", "Lee", false);
        giveRole(admin, DISTRICT_ADMINISTRATOR);

        long one = guardian("parent.one", "Morgan", "Jensen");
        long two = guardian("parent.two", "Linh", "Nguyen");
        link(one, avery, "Mother", true);
        link(one, carlos, "Guardian", true);
        link(two, dana, "Father", false);
        grantBackpackAccess("backpack.admin", true, true);
        grantBackpackAccess("backpack.viewer", true, false);
    }

    /**
     * A birthday that fits the grade this school year: Utah's kindergartners turn five by September 1, so
     * a student in grade g was born between September (start - g - 6) and August (start - g - 5).
     */
    public static LocalDate born(int month, int day, int grade) {
        LocalDate today = LocalDate.now(UtahTime.ZONE);
        int start = today.getMonthValue() >= 7 ? today.getYear() : today.getYear() - 1;
        return LocalDate.of(start - grade - (month >= 9 ? 6 : 5), month, day);
    }

    private long student(long id, String number, String first, String middle, String last, LocalDate dob, String gender,
                         int grade, long school, String ssid) {
        sql.update("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME, MIDDLE_NAME, LAST_NAME, DOB, GENDER, GRADE_LEVEL,"
                        + " SCHOOLID, ENROLL_STATUS, STATE_STUDENTNUMBER) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                id, number, first, middle, last, java.sql.Date.valueOf(dob), gender, grade, school, ssid);
        return sql.first("SELECT DCID FROM STUDENTS WHERE ID = ?", rs -> rs.getLong(1), id).orElseThrow();
    }

    /** Creates the account and its school staff row at the home school; returns USERS.DCID. */
    private long staff(String login, String first, String last, boolean sysadmin) {
        sql.update("INSERT INTO USERS (LOGINID, FIRST_NAME, LAST_NAME, LASTFIRST, EMAIL_ADDR, PASSWORD_HASH, HOMESCHOOLID,"
                        + " SYSADMIN) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                login, first, last, last + ", " + first, login + "@wasatch.example.org", Passwords.hash(PASSWORD), 100,
                sysadmin);
        long dcid = sql.first("SELECT DCID FROM USERS WHERE LOGINID = ?", rs -> rs.getLong(1), login).orElseThrow();
        schoolStaff(dcid, 100);
        return dcid;
    }

    private void schoolStaff(long usersDcid, long school) {
        sql.update("INSERT INTO SCHOOLSTAFF (USERS_DCID, SCHOOLID, STATUS) VALUES (?, ?, 1)", usersDcid, school);
    }

    /** The roles are the host's own (core changelog); the demo gives them to people. */
    private void giveRole(long usersDcid, long role) {
        sql.update("INSERT INTO HOST_USER_ROLE (USERSDCID, ROLEID) VALUES (?, ?)", usersDcid, role);
    }

    private long guardian(String account, String first, String last) {
        sql.update("INSERT INTO GUARDIAN (FIRSTNAME, LASTNAME, EMAIL, ACCOUNTID, PASSWORD_HASH) VALUES (?, ?, ?, ?, ?)",
                first, last, account + "@example.com", account, Passwords.hash(PASSWORD));
        return sql.first("SELECT GUARDIANID FROM GUARDIAN WHERE ACCOUNTID = ?", rs -> rs.getLong(1), account).orElseThrow();
    }

    private void link(long guardian, long student, String relationship, boolean parentAccess) {
        sql.update("INSERT INTO GUARDIANSTUDENT (GUARDIANID, STUDENTSDCID, RELATIONSHIP, PARENTACCESS) VALUES (?, ?, ?, ?)",
                guardian, student, relationship, parentAccess);
    }

    /** The two checkboxes of the plugin's Student Backpack Access page, set as an administrator would. */
    private void grantBackpackAccess(String login, boolean view, boolean request) {
        long dcid = sql.first("SELECT DCID FROM USERS WHERE LOGINID = ?", rs -> rs.getLong(1), login).orElseThrow();
        sql.update("INSERT INTO U_UT_BP_STAFFACCESS (USERSDCID, VIEWACCESS, REQUESTACCESS) VALUES (?, ?, ?)",
                dcid, view, request);
    }

    /**
     * The state knows the district's schools, Avery and Carlos, as the SIS has them (names, birth date,
     * grade; their current school is the SIS's). Avery's record has no home language, so the portal's
     * hiding of blank fields shows; Carlos's parents excused him from state testing, so his file's Assessment
     * Results are empty and the portal leaves that data element out. Dana's SSID is one UTREx has never seen.
     * Brooke has none.
     */
    private void registerWithState(UtrexSimulator simulator) {
        simulator.registerSchools(LEA_NUMBER, sql.query("SELECT SCHOOL_NUMBER, NAME, LOW_GRADE, HIGH_GRADE FROM SCHOOLS ORDER BY ID",
                rs -> new SimulatedSchool(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4))));
        lookup("1234561", SimulatedStudent.Size.TYPICAL, Set.of("homeLanguage")).ifPresent(simulator::register);
        lookup("1234563", SimulatedStudent.Size.VERY_LARGE, Set.of("assessments")).ifPresent(simulator::register);
    }

    private Optional<SimulatedStudent> lookup(String ssid, SimulatedStudent.Size size, Set<String> blank) {
        return sql.first("SELECT FIRST_NAME, MIDDLE_NAME, LAST_NAME, DOB, GENDER, GRADE_LEVEL FROM STUDENTS"
                        + " WHERE STATE_STUDENTNUMBER = ?",
                rs -> new SimulatedStudent(ssid, LEA_NUMBER, LEA_NAME, rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getDate(4).toLocalDate(), rs.getString(5), rs.getInt(6), size, blank), ssid);
    }
}
