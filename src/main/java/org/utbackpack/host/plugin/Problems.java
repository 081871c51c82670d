package org.utbackpack.host.plugin;

import java.util.ArrayList;
import java.util.List;

/** Collects problems while a package is read, so one pass reports everything wrong, not just the first. */
final class Problems {

    private final List<Problem> list = new ArrayList<>();

    void add(String file, int line, String message) {
        list.add(new Problem(file, line, message));
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<Problem> toList() {
        return List.copyOf(list);
    }
}
