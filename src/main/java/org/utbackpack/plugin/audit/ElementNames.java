package org.utbackpack.plugin.audit;

import org.utbackpack.plugin.backpack.ElementCatalog;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The data elements' names as the pages show them, for the disclosure log's English sentences (the log is
 * written once and read by staff, so it keeps words, never the pages' element keys). The names are the
 * {@link ElementCatalog}'s; ElementCatalogConsistencyTest fails if they drift from MessageKeys
 * ({@code utbackpack.element.<key>}).
 */
public final class ElementNames {

    private ElementNames() {
    }

    /**
     * What a student PowerQuery ({@code com.utbackpack.backpack.student.<name>}) reads, in words: the data
     * element's name, or the query's own name with spaces ("latest file").
     */
    public static String ofQuery(String name) {
        return ElementCatalog.byQuery(name).map(ElementCatalog.Entry::name).orElse(name.replace('_', ' '));
    }

    /** The name of the data element a page calls {@code key}, if there is one. */
    public static Optional<String> of(String key) {
        return key == null ? Optional.empty() : ElementCatalog.byKey(key).map(ElementCatalog.Entry::name);
    }

    /** Every element key with its name, in the pages' order. */
    public static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        ElementCatalog.all().forEach(e -> all.put(e.key(), e.name()));
        return all;
    }
}
