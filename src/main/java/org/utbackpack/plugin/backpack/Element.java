package org.utbackpack.plugin.backpack;

import java.util.List;

/**
 * One array of the Backpack document and the table its records are stored in. The column list maps a
 * document field to a table column; the ingest reads it, the PowerQueries read the tables.
 */
enum Element {
    ENROLLMENTS("enrollments", "U_UT_BP_ENROLLMENT", List.of(
            Column.schoolYear("SCHOOLYEAR", "schoolYear"),
            Column.text("LEANUMBER", "leaNumber", 20),
            Column.text("LEANAME", "leaName", 200),
            Column.text("SCHOOLNUMBER", "schoolNumber", 20),
            Column.text("SCHOOLNAME", "schoolName", 200),
            Column.text("GRADELEVEL", "gradeLevel", 10),
            Column.date("ENTRYDATE", "entryDate"),
            Column.date("EXITDATE", "exitDate"),
            Column.hash("RECORDHASH"))),
    COURSE_GRADES("courseGrades", "U_UT_BP_COURSEGRADE", List.of(
            Column.schoolYear("SCHOOLYEAR", "schoolYear"),
            Column.text("TERM", "term", 20),
            Column.text("SCHOOLNUMBER", "schoolNumber", 20),
            Column.text("SCHOOLNAME", "schoolName", 200),
            Column.text("COURSECODE", "courseCode", 20),
            Column.text("COURSETITLE", "courseTitle", 200),
            Column.text("SECTIONID", "sectionId", 40),
            Column.text("MARK", "mark", 10),
            Column.number("CREDITSATTEMPTED", "creditsAttempted", 0, 50),
            Column.number("CREDITSEARNED", "creditsEarned", 0, 50),
            Column.text("TEACHERCACTUSID", "teacherCactusId", 20),
            Column.derived("TEACHERNAME"),
            Column.hash("RECORDHASH"))),
    COURSE_HISTORY("courseHistory", "U_UT_BP_COURSEHIST", List.of(
            Column.schoolYear("SCHOOLYEAR", "schoolYear"),
            Column.text("GRADELEVEL", "gradeLevel", 10),
            Column.text("SCHOOLNUMBER", "schoolNumber", 20),
            Column.text("SCHOOLNAME", "schoolName", 200),
            Column.text("COURSECODE", "courseCode", 20),
            Column.text("COURSETITLE", "courseTitle", 200),
            Column.text("FINALMARK", "finalMark", 10),
            Column.number("CREDITSEARNED", "creditsEarned", 0, 50),
            Column.bool("CONCURRENT", "concurrentEnrollment"),
            Column.hash("RECORDHASH"))),
    SECTION_ATTENDANCE("sectionAttendance", "U_UT_BP_ATTENDANCE", List.of(
            Column.schoolYear("SCHOOLYEAR", "schoolYear"),
            Column.text("SCHOOLNUMBER", "schoolNumber", 20),
            Column.text("SCHOOLNAME", "schoolName", 200),
            Column.text("SECTIONID", "sectionId", 40),
            Column.text("COURSETITLE", "courseTitle", 200),
            Column.number("MEMBERSHIP", "membershipDays", 0, 366),
            Column.number("ATTENDED", "daysAttended", 0, 366),
            Column.number("EXCUSED", "excusedAbsences", 0, 366),
            Column.number("UNEXCUSED", "unexcusedAbsences", 0, 366),
            Column.number("SUSPENSION", "suspensionAbsences", 0, 366),
            Column.text("TEACHERCACTUSID", "teacherCactusId", 20),
            Column.hash("RECORDHASH"))),
    TEACHERS("teachers", "U_UT_BP_TEACHER", List.of(
            Column.text("CACTUSID", "cactusId", 20),
            Column.text("FIRSTNAME", "firstName", 100),
            Column.text("LASTNAME", "lastName", 100),
            Column.licenses("LICENSES", "licenses"),
            Column.list("ENDORSEMENTS", "endorsements"),
            Column.list("DEGREES", "degrees"),
            Column.number("YEARSEXPERIENCE", "yearsExperience", 0, 80),
            Column.derived("SCHOOLYEAR"),
            Column.derived("SCHOOLNAME"),
            Column.derived("COURSETITLE"),
            Column.hash("RECORDHASH"))),
    ASSESSMENTS("assessments", "U_UT_BP_ASSESSMENT", List.of(
            Column.schoolYear("SCHOOLYEAR", "schoolYear"),
            Column.text("TESTNAME", "testName", 100),
            Column.text("SUBJECT", "subject", 100),
            Column.text("GRADELEVEL", "gradeLevel", 10),
            Column.date("TESTDATE", "testDate"),
            Column.number("SCALESCORE", "scaleScore", 0, 10_000),
            Column.text("PROFLEVEL", "proficiencyLevel", 20),
            Column.text("PROFLABEL", "proficiencyLabel", 100),
            Column.hash("RECORDHASH")));

    private final String field;
    private final String table;
    private final List<Column> columns;

    Element(String field, String table, List<Column> columns) {
        this.field = field;
        this.table = table;
        this.columns = columns;
    }

    /** The document's array name. */
    String field() {
        return field;
    }

    String table() {
        return table;
    }

    List<Column> columns() {
        return columns;
    }

    /** The position of the named column in {@link #columns()}, or -1. */
    int index(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    static Element byField(String field) {
        for (Element e : values()) {
            if (e.field.equals(field)) {
                return e;
            }
        }
        return null;
    }

    /** The statement that stores one record of this element. */
    String insertSql() {
        StringBuilder names = new StringBuilder("STUDENTSDCID, FILEID, SEQ");
        StringBuilder marks = new StringBuilder("?, ?, ?");
        for (Column c : columns) {
            names.append(", ").append(c.name());
            marks.append(", ?");
        }
        return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")";
    }
}
