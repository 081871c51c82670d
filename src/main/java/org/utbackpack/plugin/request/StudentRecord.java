package org.utbackpack.plugin.request;

/** What the plugin reads of the SIS's STUDENTS row; {@code schoolId} is STUDENTS.SCHOOLID (null when blank). */
public record StudentRecord(long dcid, String firstName, String lastName, String ssid, Long schoolId) {
    public boolean hasSsid() {
        return ssid != null && !ssid.isBlank();
    }

    public String name() {
        return firstName + " " + lastName;
    }
}
