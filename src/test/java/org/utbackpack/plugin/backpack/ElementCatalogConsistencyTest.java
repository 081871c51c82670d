package org.utbackpack.plugin.backpack;

import org.junit.jupiter.api.Test;
import org.utbackpack.plugin.audit.ElementNames;
import org.utbackpack.plugin.export.BackpackExport;
import org.utbackpack.testing.TestPaths;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file that lists the data elements agrees with the {@link ElementCatalog}: each element has its table
 * (database_extensions), its PowerQuery and its arm in the {@code changes} and {@code school_years} UNIONs
 * (queries_root; its count on the tab is written from the catalog itself, by {@link FileSummary}), the pages
 * allowed to call that query (permissions_root), its name and its columns' headings in both languages (MessageKeys), its entry in elements.vm (the pages' list),
 * a CSV export, an Ed-Fi mapping and a place in the simulator's documents.
 * A failure names the file to change and what it lacks.
 */
class ElementCatalogConsistencyTest {

    private static final String QUERIES = "queries_root/utbackpack.backpack.named_queries.xml";
    private static final String PERMISSIONS = "permissions_root/utbackpack.backpack.permission_mappings.xml";
    private static final String ELEMENTS_VM = "web_root/scripts/utbackpack/elements.vm";
    private static final String CSV = "src/main/java/org/utbackpack/plugin/export/CsvElement.java";
    private static final String EDFI = "src/main/java/org/utbackpack/plugin/export/EdFiMapping.java";
    private static final String SIMULATOR = "src/main/java/org/utbackpack/host/utrex/BackpackGenerator.java";
    private static final Pattern VM_ENTRY = Pattern.compile(
            "\\{\"key\": \"([A-Za-z]+)\"(, \"fields\": true)?(?:, \"query\": \"([a-z_]+)\")?");

    @Test
    void everyFileThatListsTheElementsAgreesWithTheCatalog() throws IOException {
        assertEquals(List.of(), outOfStep(TestPaths.projectRoot(), ElementCatalog.all()));
    }

    @Test
    void theCatalogListsTheSevenElementsInThePagesOrder() {
        assertEquals(List.of("demographics", "enrollments", "courseGrades", "courseHistory", "sectionAttendance",
                "teachers", "assessments"), ElementCatalog.all().stream().map(ElementCatalog.Entry::key).toList());
        for (ElementCatalog.Entry e : ElementCatalog.all()) {
            assertEquals(e.order(), ElementCatalog.all().indexOf(e) + 1, e.key());
        }
    }

    @Test
    void theDisclosureLogNamesEveryElementAsThePagesDo() throws IOException {
        Properties english = messages(TestPaths.projectRoot(), "US_en");
        for (ElementCatalog.Entry e : ElementCatalog.all()) {
            assertEquals(english.getProperty(e.messageKey()), ElementNames.of(e.key()).orElseThrow(), e.key());
            assertEquals(english.getProperty(e.messageKey()), ElementNames.ofQuery(e.query()), e.query());
        }
        assertEquals("latest file", ElementNames.ofQuery("latest_file"));
    }

    /**
     * A seventh element added to the catalog alone (Discipline) names exactly what else it needs: its table,
     * its query and UNION arms, its texts, the pages' entry, its CSV and Ed-Fi export and the simulator.
     */
    @Test
    void aNewElementInTheCatalogNamesEveryFileItStillNeeds() throws IOException {
        List<ElementCatalog.Entry> withDiscipline = new ArrayList<>(ElementCatalog.all());
        withDiscipline.add(new ElementCatalog.Entry("discipline", "U_UT_BP_DISCIPLINE", "discipline",
                "Discipline", withDiscipline.size() + 1));
        List<String> problems = outOfStep(TestPaths.projectRoot(), withDiscipline);
        assertEquals(List.of(
                "database_extensions: no table U_UT_BP_DISCIPLINE for discipline",
                QUERIES + ": no query com.utbackpack.backpack.student.discipline for discipline",
                PERMISSIONS + ": no page may call com.utbackpack.backpack.student.discipline",
                QUERIES + ": changes has no arm 8, 'discipline' reading U_UT_BP_DISCIPLINE",
                QUERIES + ": school_years has no arm 'discipline' reading U_UT_BP_DISCIPLINE",
                "MessageKeys/UTBackpack.US_en.properties: no utbackpack.element.discipline",
                "MessageKeys/UTBackpack.US_es.properties: no utbackpack.element.discipline",
                ELEMENTS_VM + ": no entry {\"key\": \"discipline\", \"query\": \"discipline\"} at place 8",
                CSV + ": no CSV export of discipline",
                EDFI + ": does not map the document's discipline",
                SIMULATOR + ": does not send discipline"), problems);
    }

    /** The tab's count of a new element is written with each file from the catalog: no list to extend. */
    @Test
    void aNewElementInTheCatalogIsCountedInEveryFileSummary() {
        List<ElementCatalog.Entry> withDiscipline = new ArrayList<>(ElementCatalog.all());
        withDiscipline.add(new ElementCatalog.Entry("discipline", "U_UT_BP_DISCIPLINE", "discipline",
                "Discipline", withDiscipline.size() + 1));
        FileSummary summary = new FileSummary(withDiscipline);
        List<FileSummary.Row> counts = summary.rows(summary.tally(), Set.of(FileSummary.COUNTS));
        assertEquals(withDiscipline.stream().map(e -> e.order() + " " + e.key() + " 0").toList(),
                counts.stream().map(r -> r.sortOrder() + " " + r.element() + " " + r.records()).toList());
    }

    /** What each file lacks for the catalog, as "file: what"; empty when every file agrees. */
    static List<String> outOfStep(Path root, List<ElementCatalog.Entry> catalog) throws IOException {
        List<String> problems = new ArrayList<>();
        String extensions;
        try (Stream<Path> files = Files.list(root.resolve("database_extensions"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(f -> f.toString().endsWith(".xml")).sorted().toList()) {
                all.append(Files.readString(f));
            }
            extensions = all.toString();
        }
        String queries = Files.readString(root.resolve(QUERIES));
        String permissions = Files.readString(root.resolve(PERMISSIONS));
        String changes = query(queries, "changes");
        String years = query(queries, "school_years");
        Properties english = messages(root, "US_en");
        Properties spanish = messages(root, "US_es");
        Map<String, String> vm = new LinkedHashMap<>();
        Matcher m = VM_ENTRY.matcher(Files.readString(root.resolve(ELEMENTS_VM)));
        while (m.find()) {
            vm.put(m.group(1), m.group(2) != null ? "fields" : m.group(3));
        }
        List<String> vmKeys = new ArrayList<>(vm.keySet());
        String edfi = Files.readString(root.resolve(EDFI));
        String simulator = Files.readString(root.resolve(SIMULATOR));
        for (ElementCatalog.Entry e : catalog) {
            String k = e.key();
            String from = "FROM " + e.table() + " x";
            if (!extensions.contains("dbTableName=\"" + e.table() + "\"")) {
                problems.add("database_extensions: no table " + e.table() + " for " + k);
            }
            if (!queries.contains("<query name=\"" + e.queryName() + "\"")) {
                problems.add(QUERIES + ": no query " + e.queryName() + " for " + k);
            }
            if (!permissions.contains("/ws/schema/query/" + e.queryName() + "<")) {
                problems.add(PERMISSIONS + ": no page may call " + e.queryName());
            }
            if (!arm(changes, e.order() + (e.order() == 1 ? " AS SORTORDER" : "") + ", '" + k + "'", from)) {
                problems.add(QUERIES + ": changes has no arm " + e.order() + ", '" + k + "' reading " + e.table());
            }
            if (!e.fields() && !arm(years, "'" + k + "'", from)) {
                problems.add(QUERIES + ": school_years has no arm '" + k + "' reading " + e.table());
            }
            if (!english.containsKey(e.messageKey())) {
                problems.add("MessageKeys/UTBackpack.US_en.properties: no " + e.messageKey());
            } else if (!english.getProperty(e.messageKey()).equals(e.name())) {
                problems.add("MessageKeys/UTBackpack.US_en.properties: " + e.messageKey() + " is not the catalog's \""
                        + e.name() + "\"");
            }
            if (!spanish.containsKey(e.messageKey())) {
                problems.add("MessageKeys/UTBackpack.US_es.properties: no " + e.messageKey());
            }
            String wanted = e.fields() ? "fields" : e.query();
            if (vmKeys.indexOf(k) != e.order() - 1 || !wanted.equals(vm.get(k))) {
                problems.add(ELEMENTS_VM + ": no entry {\"key\": \"" + k + "\", "
                        + (e.fields() ? "\"fields\": true" : "\"query\": \"" + e.query() + "\"") + "} at place " + e.order());
            }
            if (!BackpackExport.isCsvElement(k)) {
                problems.add(CSV + ": no CSV export of " + k);
            }
            String field = e.fields() ? "student" : k;
            if (!edfi.contains("document.path(\"" + field + "\")")) {
                problems.add(EDFI + ": does not map the document's " + field);
            }
            if (!simulator.contains((e.fields() ? "putObject(\"" : "putArray(\"") + field + "\")")) {
                problems.add(SIMULATOR + ": does not send " + field);
            }
        }
        Matcher column = Pattern.compile("\\[\"([a-z_]+)\", \"[a-z]+\"\\]")
                .matcher(Files.readString(root.resolve(ELEMENTS_VM)));
        TreeSet<String> headings = new TreeSet<>();
        while (column.find()) {
            headings.add("utbackpack.col." + column.group(1));
        }
        for (String heading : headings) {
            if (!english.containsKey(heading)) {
                problems.add("MessageKeys/UTBackpack.US_en.properties: no " + heading + " (a column of " + ELEMENTS_VM + ")");
            }
            if (!spanish.containsKey(heading)) {
                problems.add("MessageKeys/UTBackpack.US_es.properties: no " + heading + " (a column of " + ELEMENTS_VM + ")");
            }
        }
        TreeSet<String> stray = new TreeSet<>(vm.keySet());
        catalog.forEach(e -> stray.remove(e.key()));
        stray.forEach(k -> problems.add(ELEMENTS_VM + ": " + k + " is not in the catalog"));
        return problems;
    }

    /** The SQL of one student PowerQuery. */
    private static String query(String file, String name) {
        Matcher m = Pattern.compile("<query name=\"" + Pattern.quote(ElementCatalog.QUERY_PREFIX + name)
                + "\".*?</query>", Pattern.DOTALL).matcher(file);
        if (!m.find()) {
            throw new AssertionError(QUERIES + " has no query " + name);
        }
        return m.group();
    }

    /** True when a UNION arm selects {@code select} from {@code from} (the arm's text up to its next UNION). */
    private static boolean arm(String sql, String select, String from) {
        int at = sql.indexOf("SELECT " + select);
        if (at < 0) {
            return false;
        }
        int end = sql.indexOf("UNION", at);
        return sql.substring(at, end < 0 ? sql.length() : end).contains(from);
    }

    static Properties messages(Path root, String locale) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(root.resolve("MessageKeys/UTBackpack." + locale + ".properties"),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
