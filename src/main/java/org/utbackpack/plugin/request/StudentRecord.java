package org.utbackpack.plugin.request;

/** What the plugin reads of the SIS's STUDENTS row. */
public record StudentRecord(long dcid, String firstName, String lastName, String ssid) {
    public boolean hasSsid() {
        return ssid != null && !ssid.isBlank();
    }

    public String name() {
        return firstName + " " + lastName;
    }
}
