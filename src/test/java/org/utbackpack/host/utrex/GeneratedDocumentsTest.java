package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The simulated district's documents are what the demo data, the walkthroughs and every stored test
 * expectation were made from: a change to how the simulator is built must leave each of them byte for byte
 * as it was. Changing what the state sends is a deliberate act that updates the pinned digest here.
 */
class GeneratedDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant STAMP = Instant.parse("2026-03-15T17:00:00Z");
    private static final List<LocalDate> DAYS = List.of(LocalDate.of(2025, 9, 10), LocalDate.of(2026, 3, 15),
            LocalDate.of(2026, 6, 20));
    private static final List<SimulatedSchool> NO_SCHOOLS = List.of();

    @Test
    void everyGradeAndSizeGeneratesTheSameDocumentsAsBefore() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (SimulatedStudent.Size size : SimulatedStudent.Size.values()) {
            for (int grade = -1; grade <= 12; grade++) {
                for (int n = 0; n < (size == SimulatedStudent.Size.TYPICAL ? 6 : 1); n++) {
                    String ssid = Integer.toString(1_000_003 + (grade + 1) * 611_953 + n * 97_711);
                    SimulatedStudent s = Students.of(ssid, Students.LEA, grade, size);
                    for (LocalDate day : DAYS) {
                        sha.update(JSON.writeValueAsBytes(BackpackGenerator.generate(s, day, STAMP, NO_SCHOOLS)));
                    }
                }
            }
        }
        assertEquals("f1ba648541c66eba47b2752ed8fa1b4d68faa62a1690b3921d59e628d0578f52", HexFormat.of().formatHex(sha.digest()));
    }
}
