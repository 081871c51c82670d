package org.utbackpack.host.utrex;

import java.util.Objects;

/**
 * A school the SIS and the simulated state share: when an LEA's schools are registered, its students'
 * histories run through them (the current school is the SIS's), beside the invented ones.
 *
 * @param lowGrade  0 = K
 * @param highGrade up to 12
 */
public record SimulatedSchool(String number, String name, int lowGrade, int highGrade) {

    public SimulatedSchool {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(name, "name");
        if (lowGrade < -1 || highGrade > 12 || lowGrade > highGrade) {
            throw new IllegalArgumentException("grades must run from -1..12 upwards, were " + lowGrade + "-" + highGrade);
        }
    }

    boolean serves(int grade) {
        return grade >= lowGrade && grade <= highGrade;
    }
}
