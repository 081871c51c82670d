package org.utbackpack.plugin.audit;

import java.util.Map;
import java.util.Optional;

/**
 * The data elements' names as the pages show them, for the disclosure log's English sentences (the log is
 * written once and read by staff, so it keeps words, never the pages' element keys). The pages take the
 * same names from MessageKeys ({@code utbackpack.element.<key>}); ElementNamesTest fails if the two drift.
 */
public final class ElementNames {

    private static final Map<String, String> NAMES = Map.of(
            "demographics", "Student Demographics",
            "enrollments", "School Enrollments",
            "courseGrades", "Course Grades",
            "courseHistory", "Course History",
            "sectionAttendance", "Section Attendance",
            "teachers", "Teachers and Qualifications",
            "assessments", "Assessment Results");

    /** The element each data element's PowerQuery reads (elements.vm pairs them the same way). */
    private static final Map<String, String> QUERIES = Map.of(
            "enrollments", "enrollments",
            "demographic_fields", "demographics",
            "course_grades", "courseGrades",
            "course_history", "courseHistory",
            "section_attendance", "sectionAttendance",
            "teachers", "teachers",
            "assessments", "assessments");

    private ElementNames() {
    }

    /**
     * What a student PowerQuery ({@code com.utbackpack.backpack.student.<name>}) reads, in words: the data
     * element's name, or the query's own name with spaces ("latest file").
     */
    public static String ofQuery(String name) {
        String element = QUERIES.get(name);
        return element != null ? NAMES.get(element) : name.replace('_', ' ');
    }

    /** The name of the data element a page calls {@code key}, if there is one. */
    public static Optional<String> of(String key) {
        return Optional.ofNullable(key == null ? null : NAMES.get(key));
    }

    /** Every element key with its name. */
    public static Map<String, String> all() {
        return NAMES;
    }
}
