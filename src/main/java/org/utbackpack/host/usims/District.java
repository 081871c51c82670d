package org.utbackpack.host.usims;

import org.utbackpack.host.utrex.SimulatedSchool;
import org.utbackpack.host.utrex.SimulatedStudent;

import java.util.List;

/**
 * The simulated district USIMS serves: the students the state knows and the schools the SIS shares with
 * it, as the UTREx simulator holds them, so both simulators tell one story.
 */
public interface District {

    /** The student with this SSID, or null when the state does not know it. */
    SimulatedStudent student(String ssid);

    /** The LEA's schools the SIS has (none: the state's invented schools only). */
    List<SimulatedSchool> schools(String leaNumber);
}
