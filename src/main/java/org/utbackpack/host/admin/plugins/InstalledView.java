package org.utbackpack.host.admin.plugins;

import org.utbackpack.host.plugin.AccessRequest;
import org.utbackpack.host.plugin.PluginDescriptor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An installed plugin as the Plugin Management page shows it: its descriptor, its data access, its last change. */
final class InstalledView {

    private InstalledView() {
    }

    static PluginManager.Installed of(LoadedPlugin p, InstalledPlugins.Row row) {
        PluginDescriptor d = p.runtime == null ? null : p.runtime.pkg().descriptor();
        return new PluginManager.Installed(p.name, URLEncoder.encode(p.name, StandardCharsets.UTF_8), p.version,
                d == null ? "" : d.description(), p.publisher, d == null ? "" : d.contactEmail(),
                d == null ? List.of() : d.accessRequests(), d == null ? List.of() : grouped(d.accessRequests()),
                p.runtime == null ? List.of() : PackageChecks.tables(p.runtime.pkg()),
                p.enabled, p.note, row == null ? null : row.changedAt(), row == null ? "" : row.changedBy());
    }

    /** The fields asked for, one line per table and kind of access. */
    private static List<PluginManager.Access> grouped(List<AccessRequest> requests) {
        Map<List<String>, List<String>> fields = new LinkedHashMap<>();
        for (AccessRequest r : requests) {
            String access = "FullAccess".equalsIgnoreCase(r.access()) ? "Full access" : "View only";
            fields.computeIfAbsent(List.of(r.table(), access), k -> new ArrayList<>()).add(r.field());
        }
        return fields.entrySet().stream().map(e -> new PluginManager.Access(e.getKey().get(0), e.getKey().get(1),
                String.join(", ", e.getValue()))).toList();
    }
}
