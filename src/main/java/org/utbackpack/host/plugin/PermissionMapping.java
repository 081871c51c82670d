package org.utbackpack.host.plugin;

import java.util.List;

/** One {@code <permission name="/page.html">}: whoever may open the page may call what it implies. */
public record PermissionMapping(String file, String page, List<Implied> implies) {

    public PermissionMapping {
        implies = List.copyOf(implies);
    }
}
