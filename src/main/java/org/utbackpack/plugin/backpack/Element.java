package org.utbackpack.plugin.backpack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One array of the Backpack document and the table its records are stored in, in the pages' order: with
 * Student Demographics, the {@link ElementCatalog}. The column list maps a document field to a table column;
 * the ingest reads it, the PowerQueries read the tables.
 */
enum Element {
    ENROLLMENTS("enrollments", "U_UT_BP_ENROLLMENT", "enrollments", "School Enrollments", List.of(
            Column.schoolYear("SCHOOLYEAR", "schoolYear"),
            Column.text("LEANUMBER", "leaNumber", 20),
            Column.text("LEANAME", "leaName", 200),
            Column.text("SCHOOLNUMBER", "schoolNumber", 20),
            Column.text("SCHOOLNAME", "schoolName", 200),
            Column.text("GRADELEVEL", "gradeLevel", 10),
            Column.date("ENTRYDATE", "entryDate"),
            Column.date("EXITDATE", "exitDate"),
            Column.hash("RECORDHASH"))),
    COURSE_GRADES("courseGrades", "U_UT_BP_COURSEGRADE", "course_grades", "Course Grades", List.of(
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
    COURSE_HISTORY("courseHistory", "U_UT_BP_COURSEHIST", "course_history", "Course History", List.of(
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
    SECTION_ATTENDANCE("sectionAttendance", "U_UT_BP_ATTENDANCE", "section_attendance",
            "Section Attendance", List.of(
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
    TEACHERS("teachers", "U_UT_BP_TEACHER", "teachers", "Teachers and Qualifications", List.of(
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
    ASSESSMENTS("assessments", "U_UT_BP_ASSESSMENT", "assessments", "Assessment Results", List.of(
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
    private final String query;
    private final String englishName;
    private final List<Column> columns;

    Element(String field, String table, String query, String englishName, List<Column> columns) {
        this.field = field;
        this.table = table;
        this.query = query;
        this.englishName = englishName;
        this.columns = columns;
    }

    /** The document's array name. */
    String field() {
        return field;
    }

    String table() {
        return table;
    }

    /** The PowerQuery that reads the element's records ({@link ElementCatalog.Entry#query()}). */
    String query() {
        return query;
    }

    /** The element's English name ({@link ElementCatalog.Entry#name()}). */
    String englishName() {
        return englishName;
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

    /** The column every record table keeps the record's place in the pages' order in (see {@link #displayOrder()}). */
    static final String SORT_KEY = "SORTKEY";

    /** One column of the pages' order: its name and whether the greatest value comes first. */
    record Sort(String column, boolean descending) {
    }

    /**
     * The pages' order of this element's records (newest school year first), before the document's own
     * order (SEQ) breaks ties: the one rule the ingest writes into {@link #SORT_KEY} (1 for the first
     * record, 2 for the next, ...) and the PowerQueries page by. Values compare as SQL does on the
     * databases the SIS runs on: text by character, no value after every value (so first when descending).
     */
    List<Sort> displayOrder() {
        return switch (this) {
            case ENROLLMENTS -> List.of(new Sort("SCHOOLYEAR", true), new Sort("ENTRYDATE", true));
            case TEACHERS -> List.of(new Sort("SCHOOLYEAR", true), new Sort("LASTNAME", false),
                    new Sort("FIRSTNAME", false));
            case ASSESSMENTS -> List.of(new Sort("SCHOOLYEAR", true), new Sort("TESTDATE", true));
            case COURSE_GRADES, COURSE_HISTORY, SECTION_ATTENDANCE -> List.of(new Sort("SCHOOLYEAR", true));
        };
    }

    /**
     * The keys of records in the pages' order: {@code values} are the records' stored values in the order of
     * {@link #columns()} (names resolved), the first the document's first record (SEQ 1); the answer's
     * element i is record i's {@link #SORT_KEY}.
     */
    int[] sortKeys(List<Object[]> values) {
        List<Sort> order = displayOrder();
        int[] positions = new int[order.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = index(order.get(i).column());
        }
        Comparator<Integer> byDisplay = (a, b) -> {
            Object[] x = values.get(a);
            Object[] y = values.get(b);
            for (int i = 0; i < positions.length; i++) {
                int c = compareValues(x[positions[i]], y[positions[i]]);
                if (c != 0) {
                    return order.get(i).descending() ? -c : c;
                }
            }
            return Integer.compare(a, b); // the document's order (SEQ)
        };
        List<Integer> records = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            records.add(i);
        }
        records.sort(byDisplay);
        int[] keys = new int[values.size()];
        for (int rank = 0; rank < records.size(); rank++) {
            keys[records.get(rank)] = rank + 1;
        }
        return keys;
    }

    /** Text by Unicode code point; no value (null or an SQL NULL marker) after every value. */
    private static int compareValues(Object a, Object b) {
        String x = a instanceof String s ? s : null;
        String y = b instanceof String s ? s : null;
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : 1) : -1;
        }
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
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
        StringBuilder names = new StringBuilder("STUDENTSDCID, FILEID, SEQ, " + SORT_KEY);
        StringBuilder marks = new StringBuilder("?, ?, ?, ?");
        for (Column c : columns) {
            names.append(", ").append(c.name());
            marks.append(", ?");
        }
        return "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")";
    }
}
