package org.utbackpack.plugin.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.utbackpack.plugin.edfi.UsimsConfig;
import org.utbackpack.plugin.utrex.UtrexConfigException;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The district's state source is read from utbackpack.source; only the chosen source must be configured. */
class StateConnectionTest {

    private static final String SECRET = "s3cret-never-shown";

    private static Map<String, String> usims() {
        Map<String, String> s = new HashMap<>();
        s.put(StateConnection.SOURCE, "USIMS_EDFI");
        s.put(UsimsConfig.DATA_URL, "https://usims.example.org/v7/api/");
        s.put(UsimsConfig.AUTH_URL, "https://usimsb2c.b2clogin.com/usimsb2c.onmicrosoft.com/B2C_1_lea/oauth2/v2.0/token");
        s.put(UsimsConfig.LEA_NUMBER, "01");
        s.put(UsimsConfig.CLIENT_KEY, "lea01-key");
        s.put(UsimsConfig.CLIENT_SECRET, SECRET);
        s.put(UsimsConfig.SCHOOL_YEARS, "2024-2026");
        return s;
    }

    private static StateConnection from(Map<String, String> settings, Map<String, String> environment) {
        return StateConnection.from(settings::get, environment::get, new ObjectMapper(), Clock.systemUTC());
    }

    @Test
    void utrexIsTheDefaultAndNeedsItsOwnSettingsOnly() {
        UtrexConfigException e = assertThrows(UtrexConfigException.class, () -> from(Map.of(), Map.of()));
        assertTrue(e.getMessage().startsWith("UTREx is not configured: set utbackpack.utrex.baseUrl"), e.getMessage());
    }

    @Test
    void usimsNeedsNoUtrexSettingsAndShowsItsOwnWithTheSecretHidden() throws Exception {
        try (StateConnection c = from(usims(), Map.of())) {
            assertEquals(StateConnection.Source.USIMS_EDFI, c.source());
            assertEquals("USIMS", c.api().stateName());
            assertEquals("USIMS_EDFI", c.api().sourceCode());
            assertEquals("USIMS (Ed-Fi) at https://usims.example.org/v7/api", c.describe());
            List<StateConnection.Row> rows = c.rows();
            assertEquals(List.of("source", "dataUrl", "authUrl", "leaNumber", "clientKey", "clientSecret", "schoolYears",
                    "connectTimeout", "responseTimeout", "usimsCallDeadline"), rows.stream().map(StateConnection.Row::key).toList());
            assertTrue(rows.stream().noneMatch(r -> r.value().contains(SECRET)), "the secret never leaves the config");
            assertEquals("2023-2024 to 2025-2026", rows.get(6).value());
            assertFalse(c.model().toString().contains(SECRET));
        }
    }

    @Test
    void theSourceMayComeFromTheEnvironment() throws Exception {
        Map<String, String> settings = usims();
        settings.remove(StateConnection.SOURCE);
        try (StateConnection c = from(settings, Map.of("UTBACKPACK_SOURCE", "usims_edfi"))) {
            assertEquals(StateConnection.Source.USIMS_EDFI, c.source());
            assertEquals("ENVIRONMENT", c.rows().get(0).origin().name());
        }
    }

    @Test
    void aWrongOrMissingSettingIsNamed() {
        Map<String, String> bad = usims();
        bad.put(StateConnection.SOURCE, "edfi");
        assertEquals("utbackpack.source must be UTREX or USIMS_EDFI, not 'edfi'",
                assertThrows(UtrexConfigException.class, () -> from(bad, Map.of())).getMessage());

        Map<String, String> missing = usims();
        missing.remove(UsimsConfig.AUTH_URL);
        missing.remove(UsimsConfig.SCHOOL_YEARS);
        assertEquals("USIMS is not configured: set utbackpack.usims.authUrl, utbackpack.usims.schoolYears",
                assertThrows(UtrexConfigException.class, () -> from(missing, Map.of())).getMessage());

        Map<String, String> years = usims();
        years.put(UsimsConfig.SCHOOL_YEARS, "2026-2024");
        assertTrue(assertThrows(UtrexConfigException.class, () -> from(years, Map.of())).getMessage()
                .startsWith("utbackpack.usims.schoolYears must list school years such as '2024-2026'"));

        Map<String, String> page = usims();
        page.put(UsimsConfig.PAGE_SIZE, "1000");
        assertEquals("utbackpack.usims.pageSize must be at most 500 (the Ed-Fi API's limit)",
                assertThrows(UtrexConfigException.class, () -> from(page, Map.of())).getMessage());
    }
}
