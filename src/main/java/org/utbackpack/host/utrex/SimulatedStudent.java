package org.utbackpack.host.utrex;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * A student the simulated state knows. The SSID seeds everything the generator invents, so the same
 * student always gets the same Backpack.
 *
 * @param currentGrade -1 = pre-K, 0 = K, 1..12
 * @param middleName   may be null
 * @param blankFields  fields of {@code student} the state holds no value for (sent as null), and data elements
 *                     ({@link BackpackGenerator#ELEMENTS}) it holds no records of (sent empty)
 */
public record SimulatedStudent(String ssid, String leaNumber, String leaName, String firstName, String middleName,
                               String lastName, LocalDate birthDate, String gender, int currentGrade, Size size,
                               Set<String> blankFields) {

    /** A student whose every field the state knows. */
    public SimulatedStudent(String ssid, String leaNumber, String leaName, String firstName, String middleName,
                            String lastName, LocalDate birthDate, String gender, int currentGrade, Size size) {
        this(ssid, leaNumber, leaName, firstName, middleName, lastName, birthDate, gender, currentGrade, size, Set.of());
    }

    /** How much history the generator produces. */
    public enum Size {
        /**
         * A realistic record: 300-600 rows for a student in grades 10-12; younger students have less history
         * and so fewer rows (a third grader has about 150).
         */
        TYPICAL,
        /**
         * A stress case: a PK-12 history with standards-based marks, progress reports and progress monitoring.
         * For a grade-12 student, 4,000-8,000 rows with courseGrades above 1,500; younger students get the same
         * density over fewer years.
         */
        VERY_LARGE
    }

    public SimulatedStudent {
        Objects.requireNonNull(ssid, "ssid");
        Objects.requireNonNull(leaNumber, "leaNumber");
        Objects.requireNonNull(leaName, "leaName");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(gender, "gender");
        Objects.requireNonNull(size, "size");
        blankFields = Set.copyOf(Objects.requireNonNull(blankFields, "blankFields"));
        if (currentGrade < -1 || currentGrade > 12) {
            throw new IllegalArgumentException("currentGrade must be -1 (pre-K) to 12, was " + currentGrade);
        }
    }
}
