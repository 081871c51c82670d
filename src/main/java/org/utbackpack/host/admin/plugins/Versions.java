package org.utbackpack.host.admin.plugins;

/** Plugin versions are digits and dots (plugin.xml validation sees to it): 0.10.0 is newer than 0.9.1. */
final class Versions {

    private Versions() {
    }

    /** Negative, zero or positive as {@code a} is older than, the same as, or newer than {@code b}. */
    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long part(String[] parts, int i) {
        if (i >= parts.length || parts[i].isEmpty()) {
            return 0; // 1.2 is the same version as 1.2.0
        }
        try {
            return Long.parseLong(parts[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
