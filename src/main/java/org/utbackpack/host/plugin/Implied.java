package org.utbackpack.host.plugin;

import java.util.Set;

/** A resource a page may call, and with which methods (lower-cased: get, post, put, delete). */
public record Implied(String resource, Set<String> allow) {

    public Implied {
        allow = Set.copyOf(allow);
    }
}
