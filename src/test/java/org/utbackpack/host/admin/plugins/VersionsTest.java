package org.utbackpack.host.admin.plugins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class VersionsTest {

    @ParameterizedTest
    @CsvSource({
            "0.2.0, 0.1.0, 1",
            "0.10.0, 0.9.1, 1",
            "1.2, 1.2.0, 0",
            "1.2.3, 1.2.3, 0",
            "0.0.9, 0.1.0, -1",
            "2, 10, -1"
    })
    void versionsCompareByNumberPartByPart(String a, String b, int expected) {
        assertEquals(expected, Integer.signum(Versions.compare(a, b)));
    }
}
