package org.utbackpack.plugin.export;

import org.utbackpack.plugin.backpack.ElementCatalog;

import java.util.List;
import java.util.Optional;

/**
 * The data elements a CSV export offers, one for each element of the {@link ElementCatalog} (whose table it
 * reads): the table's columns, in the document's record order (SEQ), each with a readable heading.
 * {@code demographics} is the student's fields (one row per field).
 */
enum CsvElement {
    DEMOGRAPHICS("demographics", List.of(
            text("FIELDNAME", "Field"), text("FIELDVALUE", "Value"))),
    ENROLLMENTS("enrollments", List.of(
            text("SCHOOLYEAR", "School Year"), text("LEANUMBER", "LEA Number"), text("LEANAME", "LEA"),
            text("SCHOOLNUMBER", "School Number"), text("SCHOOLNAME", "School"), text("GRADELEVEL", "Grade"),
            text("ENTRYDATE", "Entry Date"), text("EXITDATE", "Exit Date"))),
    COURSE_GRADES("courseGrades", List.of(
            text("SCHOOLYEAR", "School Year"), text("TERM", "Term"), text("SCHOOLNUMBER", "School Number"),
            text("SCHOOLNAME", "School"), text("COURSECODE", "Course Code"), text("COURSETITLE", "Course"),
            text("SECTIONID", "Section"), text("MARK", "Mark"), number("CREDITSATTEMPTED", "Credits Attempted"),
            number("CREDITSEARNED", "Credits Earned"), text("TEACHERCACTUSID", "Teacher CACTUS ID"),
            text("TEACHERNAME", "Teacher"))),
    COURSE_HISTORY("courseHistory", List.of(
            text("SCHOOLYEAR", "School Year"), text("GRADELEVEL", "Grade"), text("SCHOOLNUMBER", "School Number"),
            text("SCHOOLNAME", "School"), text("COURSECODE", "Course Code"), text("COURSETITLE", "Course"),
            text("FINALMARK", "Final Mark"), number("CREDITSEARNED", "Credits Earned"),
            yesNo("CONCURRENT", "Concurrent Enrollment"))),
    SECTION_ATTENDANCE("sectionAttendance", List.of(
            text("SCHOOLYEAR", "School Year"), text("SCHOOLNUMBER", "School Number"), text("SCHOOLNAME", "School"),
            text("SECTIONID", "Section"), text("COURSETITLE", "Course"), number("MEMBERSHIP", "Membership Days"),
            number("ATTENDED", "Days Attended"), number("EXCUSED", "Excused Absences"),
            number("UNEXCUSED", "Unexcused Absences"), number("SUSPENSION", "Suspension Absences"))),
    TEACHERS("teachers", List.of(
            text("CACTUSID", "CACTUS ID"), text("FIRSTNAME", "First Name"), text("LASTNAME", "Last Name"),
            text("SCHOOLYEAR", "Latest School Year"), text("LICENSES", "Licenses"),
            text("ENDORSEMENTS", "Endorsements"), text("DEGREES", "Degrees"),
            number("YEARSEXPERIENCE", "Years of Experience"))),
    ASSESSMENTS("assessments", List.of(
            text("SCHOOLYEAR", "School Year"), text("TESTNAME", "Test"), text("SUBJECT", "Subject"),
            text("GRADELEVEL", "Grade"), text("TESTDATE", "Test Date"), number("SCALESCORE", "Scale Score"),
            text("PROFLEVEL", "Proficiency Level"), text("PROFLABEL", "Proficiency")));

    /** How a column's value is written. */
    enum Kind { TEXT, NUMBER, YES_NO }

    /** One column: its name in the table and its heading in the file. */
    record Column(String name, String heading, Kind kind) {
    }

    private final ElementCatalog.Entry element;
    private final List<Column> columns;

    CsvElement(String key, List<Column> columns) {
        this.element = ElementCatalog.byKey(key).orElseThrow(() -> new IllegalStateException(key + " is not in the catalog"));
        this.columns = columns;
    }

    String key() {
        return element.key();
    }

    List<Column> columns() {
        return columns;
    }

    /** The element's table, from the catalog. */
    String table() {
        return element.table();
    }

    static Optional<CsvElement> byKey(String key) {
        for (CsvElement e : values()) {
            if (e.key().equals(key)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Column text(String name, String heading) {
        return new Column(name, heading, Kind.TEXT);
    }

    private static Column number(String name, String heading) {
        return new Column(name, heading, Kind.NUMBER);
    }

    private static Column yesNo(String name, String heading) {
        return new Column(name, heading, Kind.YES_NO);
    }
}
