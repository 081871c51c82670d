package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.db.HostDatabase;
import org.utbackpack.host.plugin.ExtensionSchemaMigrator;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.runtime.PowerQueryRunner;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.testing.Databases;
import org.utbackpack.testing.Fixtures;
import org.utbackpack.testing.TestPaths;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages' order of every data element, now kept with each record (SORTKEY), is the order the pages
 * always had: the order each element's PowerQuery used to compute when it was read, with and without the
 * school-year filter, for the demo students' documents and the fixtures (missing years and dates, names
 * with accents). A large element read a page at a time gives every record once, in that order; files stored
 * without keys get the same order when the plugin keys them.
 */
class RecordOrderTest {

    /** Each element query's ORDER BY before the order was kept with the records. */
    private static final Map<String, String> ORDER_BEFORE = Map.of(
            "enrollments", "x.SCHOOLYEAR DESC, x.ENTRYDATE DESC, x.SEQ",
            "course_grades", "x.SCHOOLYEAR DESC, x.SEQ",
            "course_history", "x.SCHOOLYEAR DESC, x.SEQ",
            "section_attendance", "x.SCHOOLYEAR DESC, x.SEQ",
            "teachers", "x.SCHOOLYEAR DESC, x.LASTNAME, x.FIRSTNAME, x.SEQ",
            "assessments", "x.SCHOOLYEAR DESC, x.TESTDATE DESC, x.SEQ");

    private static final String KEY_ORDER = "ORDER BY x.FILEID, x.SORTKEY";

    private record File(long student, long id) {
    }

    /**
     * One element of a records table in one stored file, with its PowerQuery as it reads now (by key) and as
     * it read before (by {@link #ORDER_BEFORE}).
     */
    private record Case(File file, ElementCatalog.Entry element, NamedQuery query, NamedQuery before) {

        /** Where a failure is: the element, the file and what was read of it. */
        String where(String what) {
            return element.key() + " of file " + file.id() + ", " + what;
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyElementIsReadInTheOrderThePagesAlwaysShowedWithAndWithoutTheSchoolYear(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            List<File> files = storeDocuments(jdbc);
            PowerQueryRunner runner = new PowerQueryRunner(ds);
            int compared = 0;
            for (Case c : cases(files)) {
                ElementCatalog.Entry e = c.element();
                long fileId = c.file().id();
                List<String> years = new ArrayList<>(List.of("all"));
                years.addAll(jdbc.query("SELECT DISTINCT SCHOOLYEAR FROM " + e.table() + " WHERE FILEID = ?"
                        + " AND SCHOOLYEAR IS NOT NULL", rs -> rs.getString(1), fileId));
                for (String year : years) {
                    Map<String, Object> args = Map.of("studentsdcid", c.file().student(), "fileid", fileId, "schoolyear", year);
                    assertEquals(runner.rows(c.before(), args, 1, 0), runner.rows(c.query(), args, 1, 0), c.where(year));
                    // the same records, not only the same values shown
                    String filter = " WHERE x.FILEID = ?" + (year.equals("all") ? "" : " AND x.SCHOOLYEAR = '" + year + "'");
                    assertEquals(jdbc.query("SELECT x.SEQ FROM " + e.table() + " x" + filter + " ORDER BY "
                                    + ORDER_BEFORE.get(e.query()), rs -> rs.getInt(1), fileId),
                            jdbc.query("SELECT x.SEQ FROM " + e.table() + " x" + filter + " ORDER BY x.SORTKEY",
                                    rs -> rs.getInt(1), fileId), c.where(year));
                    compared++;
                }
                // the keys are 1, 2, ... n: page n of all years starts after key (n - 1) x page size
                List<Integer> keys = jdbc.query("SELECT SORTKEY FROM " + e.table() + " WHERE FILEID = ? ORDER BY SORTKEY",
                        rs -> rs.getInt(1), fileId);
                for (int i = 0; i < keys.size(); i++) {
                    assertEquals(i + 1, keys.get(i), e.key() + " of file " + fileId);
                }
            }
            assertTrue(compared > 100, "every element of every file, each school year: " + compared);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void aLargeElementReadAPageAtATimeGivesEveryRecordOnceInOrder(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            File carlos = store(jdbc, 1003, "1234563", generated("1234563", "Carlos", "Martinez", SimulatedStudent.Size.VERY_LARGE));
            PowerQueryRunner runner = new PowerQueryRunner(ds);
            NamedQuery grades = queries().get(ElementCatalog.QUERY_PREFIX + "course_grades");
            NamedQuery before = withOrder(grades, ORDER_BEFORE.get("course_grades"));
            Map<String, Object> all = Map.of("studentsdcid", carlos.student(), "fileid", carlos.id());
            List<Map<String, Object>> expected = runner.rows(before, all, 1, 0);
            assertTrue(expected.size() > 3000, "Carlos Martinez has thousands of course grades: " + expected.size());

            // as the drill-down reads them: from the key after the page before
            List<Map<String, Object>> paged = new ArrayList<>();
            int pages = 0;
            while (true) {
                Map<String, Object> args = new LinkedHashMap<>(all);
                args.put("after", (long) pages * 100);
                List<Map<String, Object>> page = runner.rows(grades, args, 1, 100);
                if (page.isEmpty()) {
                    break;
                }
                assertTrue(page.size() == 100 || paged.size() + page.size() == expected.size());
                paged.addAll(page);
                pages++;
            }
            assertEquals((expected.size() + 99) / 100, pages);
            assertEquals(expected, paged);
            assertEquals(expected.size(), runner.count(grades, all));

            // one school year, by page number (the HTTP API's and the drill-down's year pages)
            String year = jdbc.queryFirst("SELECT MIN(SCHOOLYEAR) FROM U_UT_BP_COURSEGRADE WHERE FILEID = ?",
                    rs -> rs.getString(1), carlos.id()).orElseThrow();
            Map<String, Object> oneYear = Map.of("studentsdcid", carlos.student(), "fileid", carlos.id(), "schoolyear", year);
            List<Map<String, Object>> inYear = runner.rows(before, oneYear, 1, 0);
            List<Map<String, Object>> yearPaged = new ArrayList<>();
            for (int page = 1; page <= (inYear.size() + 99) / 100 + 1; page++) {
                yearPaged.addAll(runner.rows(grades, oneYear, page, 100));
            }
            assertEquals(inYear, yearPaged);
        }
    }

    /**
     * The drill-down's pages, each read as the range of keys it holds (all years: from key 0; one year: from
     * the key before the year's first, which the file's summary keeps with the year's records), show page by
     * page the rows the page numbers showed in the order before, and the counts from the summary are the
     * rows the query has.
     */
    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void everyDrillDownPageReadAsARangeOfKeysShowsTheRowsItAlwaysShowed(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            List<File> files = storeDocuments(jdbc);
            PowerQueryRunner runner = new PowerQueryRunner(ds);
            Map<String, NamedQuery> queries = queries();
            NamedQuery counts = queries.get(ElementCatalog.QUERY_PREFIX + "element_counts");
            NamedQuery yearsQuery = queries.get(ElementCatalog.QUERY_PREFIX + "element_years");
            int pages = 0;
            for (Case c : cases(files)) {
                String key = c.element().key();
                Map<String, Object> file = Map.of("studentsdcid", c.file().student(), "fileid", c.file().id());
                // the range before each school year's keys, and the records shown, as the drill-down reads them
                Map<String, long[]> ranges = new LinkedHashMap<>();
                long all = runner.rows(counts, file, 1, 0).stream().filter(row -> key.equals(row.get("element")))
                        .mapToLong(row -> ((Number) row.get("records")).longValue()).findFirst().orElseThrow();
                ranges.put("all", new long[] {0, all});
                Map<String, Object> yearArgs = new LinkedHashMap<>(file);
                yearArgs.put("element", key);
                for (Map<String, Object> y : runner.rows(yearsQuery, yearArgs, 1, 0)) {
                    ranges.put((String) y.get("school_year"), new long[] {((Number) y.get("first_key")).longValue() - 1,
                            ((Number) y.get("records")).longValue()});
                }
                for (Map.Entry<String, long[]> r : ranges.entrySet()) {
                    Map<String, Object> args = new LinkedHashMap<>(file);
                    args.put("schoolyear", r.getKey());
                    String where = c.where(r.getKey());
                    assertEquals(runner.count(c.before(), args), r.getValue()[1], where + ": the count");
                    long lastPage = Math.max(1, (r.getValue()[1] + 9) / 10);
                    for (int page = 1; page <= lastPage; page++) {
                        Map<String, Object> range = new LinkedHashMap<>(args);
                        long after = r.getValue()[0] + (page - 1) * 10L;
                        range.put("after", after);
                        range.put("upto", after + 10);
                        assertEquals(runner.rows(c.before(), args, page, 10), runner.rows(c.query(), range, 1, 10),
                                where + ", page " + page);
                        pages++;
                    }
                }
            }
            assertTrue(pages > 900, "every page of every element of every file, all years and each: " + pages);
        }
    }

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void filesStoredWithoutKeysAreKeyedInTheSameOrderWithoutLosingARow(Databases.Kind kind) throws Exception {
        try (HikariDataSource ds = schema(kind)) {
            Jdbc jdbc = new Jdbc(ds);
            List<File> files = storeDocuments(jdbc);
            Map<String, List<List<Object>>> keyed = allRows(jdbc);
            // as an earlier version stored them: no keys
            for (ElementCatalog.Entry e : recordElements()) {
                jdbc.update("UPDATE " + e.table() + " SET SORTKEY = NULL");
            }
            jdbc.update("UPDATE U_UT_BP_FILE SET SORTKEYS = NULL");

            assertEquals(files.size(), new RecordKeys(jdbc).keyStoredFiles());
            assertEquals(keyed, allRows(jdbc), "every row kept, each with the key the ingest gives it");
            assertEquals(0, new RecordKeys(jdbc).keyStoredFiles(), "nothing left to key");
        }
    }

    /** Every record row (ID, FILEID, SEQ, SORTKEY) of every element table. */
    private static Map<String, List<List<Object>>> allRows(Jdbc jdbc) {
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        for (ElementCatalog.Entry e : recordElements()) {
            rows.put(e.table(), jdbc.query("SELECT ID, FILEID, SEQ, SORTKEY FROM " + e.table() + " ORDER BY ID",
                    rs -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))));
        }
        return rows;
    }

    /** The demo students' documents (a typical and a very large one) and the fixtures, each for its own student. */
    private static List<File> storeDocuments(Jdbc jdbc) {
        List<File> files = new ArrayList<>();
        files.add(store(jdbc, 1001, "1234561", generated("1234561", "Avery", "Jensen", SimulatedStudent.Size.TYPICAL)));
        files.add(store(jdbc, 1003, "1234563", generated("1234563", "Carlos", "Martinez", SimulatedStudent.Size.VERY_LARGE)));
        files.add(store(jdbc, 2001, "1234567", Fixtures.text("backpack-document.json")));
        long student = 2002;
        for (String fixture : List.of("retrieval-earlier.json", "retrieval-later.json", "odd-stored-values.json")) {
            files.add(store(jdbc, student++, "1234561", Fixtures.text(fixture)));
        }
        Set<Long> distinct = new HashSet<>();
        files.forEach(f -> distinct.add(f.id()));
        assertEquals(files.size(), distinct.size());
        return files;
    }

    private static String generated(String ssid, String first, String last, SimulatedStudent.Size size) {
        SimulatedStudent s = new SimulatedStudent(ssid, "01", "Wasatch Valley School District", first, null, last,
                LocalDate.of(2008, 3, 14), "F", 11, size);
        return BackpackGenerator.generate(s, LocalDate.of(2026, 11, 1), Instant.parse("2026-11-01T12:00:00Z")).toString();
    }

    private static File store(Jdbc jdbc, long student, String ssid, String document) {
        long id = jdbc.inTransaction(c -> new BackpackIngest(new ObjectMapper()).store(c, student, 1L, ssid,
                document.getBytes(StandardCharsets.UTF_8), Instant.now())).fileId();
        return new File(student, id);
    }

    /** The elements kept as records in a table of their own: every element but Student Demographics. */
    private static List<ElementCatalog.Entry> recordElements() {
        return ElementCatalog.all().stream().filter(e -> !e.fields()).toList();
    }

    /** Every record element of every file, file by file, in the catalog's order. */
    private static List<Case> cases(List<File> files) {
        Map<String, NamedQuery> queries = queries();
        List<Case> cases = new ArrayList<>();
        for (File f : files) {
            for (ElementCatalog.Entry e : recordElements()) {
                NamedQuery query = queries.get(e.queryName());
                cases.add(new Case(f, e, query, withOrder(query, ORDER_BEFORE.get(e.query()))));
            }
        }
        return cases;
    }

    private static NamedQuery withOrder(NamedQuery query, String order) {
        assertTrue(query.sql().contains(KEY_ORDER), query.name() + " reads in key order");
        return new NamedQuery(query.file(), query.name(), query.coreTable(), query.args(), query.columns(),
                query.sql().replace(KEY_ORDER, "ORDER BY " + order), query.line(), query.sqlLine());
    }

    private static Map<String, NamedQuery> queries() {
        Map<String, NamedQuery> byName = new LinkedHashMap<>();
        for (NamedQuery q : PluginPackage.fromDirectory(TestPaths.projectRoot()).namedQueries()) {
            byName.put(q.name(), q);
        }
        return byName;
    }

    private static HikariDataSource schema(Databases.Kind kind) {
        HikariDataSource ds = Databases.newDataSource(kind);
        HostDatabase.migrateCore(ds);
        new ExtensionSchemaMigrator().migrate(ds, PluginPackage.fromDirectory(TestPaths.projectRoot()).extensionTables());
        return ds;
    }
}
