package org.utbackpack.plugin.backpack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one list of the Backpack's data elements, in the order the pages show them: Student Demographics (the
 * student's fields) and then the document's arrays of {@link Element}, each with the table its records are
 * stored in and the PowerQuery that reads them. The ingest, the CSV export, the disclosure log's words and
 * ElementCatalogConsistencyTest (which names any table, query, UNION arm, text or template out of step) all
 * take the list from here. docs/ARCHITECTURE.md says what adding an element takes.
 */
public final class ElementCatalog {

    /**
     * One data element.
     *
     * @param key      the pages' and the export's name ({@code element=courseGrades}); the document's array
     * @param table    the table its records are stored in
     * @param query    its PowerQuery, {@code com.utbackpack.backpack.student.<query>}
     * @param name     its English name, the disclosure log's words (MessageKeys {@code utbackpack.element.<key>})
     * @param order    its place on the pages, from 1 (the SORTORDER of the {@code element_counts} query)
     */
    public record Entry(String key, String table, String query, String name, int order) {

        /** The MessageKeys key of the element's name. */
        public String messageKey() {
            return "utbackpack.element." + key;
        }

        /** The PowerQuery's full name. */
        public String queryName() {
            return QUERY_PREFIX + query;
        }

        /** Student Demographics is the student's fields (name and value), not records of a table of its own. */
        public boolean fields() {
            return DEMOGRAPHICS.equals(key);
        }
    }

    /** The prefix of every student PowerQuery. */
    public static final String QUERY_PREFIX = "com.utbackpack.backpack.student.";

    private static final String DEMOGRAPHICS = "demographics";

    private static final List<Entry> ALL;

    static {
        List<Entry> all = new ArrayList<>();
        all.add(new Entry(DEMOGRAPHICS, "U_UT_BP_DEMOGRAPHIC", "demographic_fields", "Student Demographics", 1));
        for (Element e : Element.values()) {
            all.add(new Entry(e.field(), e.table(), e.query(), e.englishName(), all.size() + 1));
        }
        ALL = List.copyOf(all);
    }

    private ElementCatalog() {
    }

    /** Every element, in the pages' order. */
    public static List<Entry> all() {
        return ALL;
    }

    /** The element the pages and the export call {@code key}. */
    public static Optional<Entry> byKey(String key) {
        return ALL.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** The element a student PowerQuery ({@code com.utbackpack.backpack.student.<query>}) reads. */
    public static Optional<Entry> byQuery(String query) {
        return ALL.stream().filter(e -> e.query().equals(query)).findFirst();
    }
}
