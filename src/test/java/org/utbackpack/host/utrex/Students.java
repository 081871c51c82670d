package org.utbackpack.host.utrex;

import java.time.LocalDate;

/** Test students: the SSID varies, the rest is plain. */
final class Students {

    static final String LEA = "21";
    static final String LEA_NAME = "Wasatch Front School District";

    private Students() {
    }

    static SimulatedStudent typical(String ssid, int grade) {
        return of(ssid, LEA, grade, SimulatedStudent.Size.TYPICAL);
    }

    static SimulatedStudent large(String ssid) {
        return of(ssid, LEA, 12, SimulatedStudent.Size.VERY_LARGE);
    }

    static SimulatedStudent of(String ssid, String lea, int grade, SimulatedStudent.Size size) {
        return new SimulatedStudent(ssid, lea, "District " + lea, "Avery", grade % 2 == 0 ? "Jo" : null, "Tanner",
                LocalDate.of(2026 - 6 - Math.max(grade, 0), 3, 14), grade % 2 == 0 ? "F" : "M", grade, size);
    }
}
