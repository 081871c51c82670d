package org.utbackpack.plugin.request;

import org.junit.jupiter.api.Test;
import org.utbackpack.plugin.BackpackException;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The forwarder's settings as an administrator writes them: names, defaults, where a value comes from, refusals. */
class ForwarderSettingsTest {

    @Test
    void settingsNotGivenTakeTheDefaultsADistrictNeeds() {
        ForwarderSettings s = ForwarderSettings.from(Map.<String, String>of()::get, Map.<String, String>of()::get);
        assertEquals(new ForwarderSettings(Duration.ofSeconds(1), Duration.ofMinutes(2), 4, 10, Duration.ofSeconds(2),
                Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofMinutes(30)), s);
        assertEquals(ForwarderSettings.defaults(), s);
    }

    @Test
    void aPluginSettingWinsOverTheEnvironmentWhichFillsWhatIsNotSet() {
        Map<String, String> plugin = Map.of("utbackpack.forwarder.workers", "64",
                "utbackpack.forwarder.requestDeadlineSeconds", " ");
        Map<String, String> environment = Map.of("UTBACKPACK_FORWARDER_WORKERS", "8",
                "UTBACKPACK_FORWARDER_REQUESTDEADLINESECONDS", "90", "UTBACKPACK_FORWARDER_STATUSPOLLMS", "250");
        ForwarderSettings s = ForwarderSettings.from(plugin::get, environment::get);
        assertEquals(64, s.workers());
        assertEquals(Duration.ofSeconds(90), s.requestDeadline());
        assertEquals(Duration.ofMillis(250), s.statusPoll());
        assertEquals(Duration.ofMinutes(2), s.lease());
    }

    @Test
    void aValueThatCannotWorkStopsTheStartNamingTheSetting() {
        assertEquals("utbackpack.forwarder.workers must be a positive whole number, not 'many'",
                refusal(Map.of("utbackpack.forwarder.workers", "many")));
        assertEquals("utbackpack.forwarder.requestDeadlineSeconds must be a positive whole number, not '0'",
                refusal(Map.of("utbackpack.forwarder.requestDeadlineSeconds", "0")));
        assertEquals("utbackpack.forwarder.leaseMs must be at least 300 ms",
                refusal(Map.of("utbackpack.forwarder.leaseMs", "299")));
        assertEquals("utbackpack.forwarder.maxBackoffMs must not be less than utbackpack.forwarder.firstBackoffMs",
                refusal(Map.of("utbackpack.forwarder.firstBackoffMs", "5000", "utbackpack.forwarder.maxBackoffMs", "4000")));
        assertEquals("utbackpack.forwarder.requestDeadlineSeconds must be at least 1 second",
                assertThrows(BackpackException.class, () -> new ForwarderSettings(Duration.ofSeconds(1),
                        Duration.ofMinutes(2), 4, 10, Duration.ofSeconds(2), Duration.ofMinutes(10),
                        Duration.ofSeconds(1), Duration.ofMillis(999))).getMessage());
    }

    @Test
    void requestsInFlightDefaultToSixteenPerWorkerUpTo256AndCanBeSetApart() {
        assertEquals(64, ForwarderSettings.defaults().maxInFlight(), "4 workers");
        assertEquals(32, ForwarderSettings.from(Map.of("utbackpack.forwarder.workers", "2")::get).maxInFlight());
        assertEquals(256, ForwarderSettings.from(Map.of("utbackpack.forwarder.workers", "64")::get).maxInFlight());
        ForwarderSettings apart = ForwarderSettings.from(Map.of("utbackpack.forwarder.workers", "2",
                "utbackpack.forwarder.maxInFlight", "500")::get);
        assertEquals(2, apart.workers());
        assertEquals(500, apart.maxInFlight());
        assertEquals("utbackpack.forwarder.maxInFlight must be between 1 and 1024 (one connection to the state"
                + " for each)", refusal(Map.of("utbackpack.forwarder.maxInFlight", "1025")));
        assertEquals("utbackpack.forwarder.maxInFlight must be a positive whole number, not '0'",
                refusal(Map.of("utbackpack.forwarder.maxInFlight", "0")));
    }

    private static String refusal(Map<String, String> plugin) {
        return assertThrows(BackpackException.class,
                () -> ForwarderSettings.from(plugin::get, Map.<String, String>of()::get)).getMessage();
    }
}
