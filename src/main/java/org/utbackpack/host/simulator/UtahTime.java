package org.utbackpack.host.simulator;

import java.time.ZoneId;

/**
 * Utah's time zone, the host's one copy: the day the simulated state stamps and loads its records by, the
 * demo district's dates, and the dates the host's pages print. The plugin keeps its own
 * ({@code org.utbackpack.plugin.sis.Sis.UTAH_TIME}) because the host's jar leaves the plugin's classes out,
 * loading the plugin from its zip as a district's SIS does; UtahTimeTest holds the two to one zone.
 */
public final class UtahTime {

    public static final ZoneId ZONE = ZoneId.of("America/Denver");

    private UtahTime() {
    }
}
