package org.utbackpack.host.admin.audit;

/** The administrative changes the host records; the code is stored, the label is shown. */
public enum AuditAction {
    PLUGIN_INSTALLED("plugin.install", "Plugin installed"),
    PLUGIN_UPDATED("plugin.update", "Plugin updated"),
    PLUGIN_ENABLED("plugin.enable", "Plugin enabled"),
    PLUGIN_DISABLED("plugin.disable", "Plugin disabled"),
    PLUGIN_DELETED("plugin.delete", "Plugin deleted"),
    SSID_CHANGED("student.ssid", "Statewide Student ID changed"),
    PARENT_ACCESS_CHANGED("guardian.access", "Parent access changed"),
    STAFF_CREATED("staff.create", "Staff account created");

    private final String code;
    private final String label;

    AuditAction(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    static String labelOf(String code) {
        for (AuditAction action : values()) {
            if (action.code.equals(code)) {
                return action.label;
            }
        }
        return code;
    }
}
