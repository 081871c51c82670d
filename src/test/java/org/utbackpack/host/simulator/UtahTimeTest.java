package org.utbackpack.host.simulator;

import org.junit.jupiter.api.Test;
import org.utbackpack.plugin.sis.Sis;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The host's Utah time and the plugin's are one zone, so a day the state stamps is the day the plugin shows. */
class UtahTimeTest {

    @Test
    void theHostAndThePluginKeepUtahTimeInTheSameZone() {
        assertEquals(Sis.UTAH_TIME, UtahTime.ZONE, "UtahTime.ZONE (host) and Sis.UTAH_TIME (plugin) drifted apart");
    }
}
