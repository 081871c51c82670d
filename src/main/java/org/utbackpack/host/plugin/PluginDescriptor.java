package org.utbackpack.host.plugin;

import java.util.List;

/** What plugin.xml says about the plugin. */
public record PluginDescriptor(String name, String version, String description, String publisherName,
                               String contactEmail, List<AccessRequest> accessRequests) {

    public PluginDescriptor {
        accessRequests = List.copyOf(accessRequests);
    }
}
