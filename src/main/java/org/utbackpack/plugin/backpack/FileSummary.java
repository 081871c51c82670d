package org.utbackpack.plugin.backpack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Student Backpack tab shows of one stored file, written once into {@code U_UT_BP_FILESUMMARY}:
 * the records per data element (Student Demographics: the filled-in fields), each element's school years
 * (records and first {@link Element#SORT_KEY} of each year), and the two trend series (state test
 * proficiency by year and subject, attendance by year). A file never changes after it is stored, so the
 * tab's PowerQueries ({@code element_counts}, {@code element_years}, {@code proficiency_trend},
 * {@code attendance_trend}) read these rows by FILEID instead of counting and grouping the records on every
 * view.
 *
 * <p>The figures are gathered record by record in a {@link Tally}: the ingest feeds it the records it writes,
 * and the summary of a file stored by an earlier version is gathered the same way from its stored rows
 * ({@link #summariseStoredFiles}), so there is one rule for both. The rule is what the tab's queries
 * computed from the records at read time (FileSummaryTest compares the two on each database); the attendance
 * rate is still computed by {@code attendance_trend} from the one stored row of each year, so its rounding
 * and type stay each database's own. The rows are written in one JDBC batch. The counts have one row per
 * entry of the {@link ElementCatalog}: a new element is counted without another list.
 */
public final class FileSummary {

    private static final Logger LOG = LoggerFactory.getLogger(FileSummary.class);

    static final String TABLE = "U_UT_BP_FILESUMMARY";
    static final String COUNTS = "counts";
    static final String YEARS = "years";
    static final String PROFICIENCY = "proficiency";
    static final String ATTENDANCE = "attendance";

    private static final String INSERT = "INSERT INTO " + TABLE + " (STUDENTSDCID, FILEID, SERIES, SORTORDER, ELEMENT,"
            + " RECORDS, SCHOOLYEAR, SUBJECT, PROFLEVEL, TESTNAME, MEMBERSHIP, ATTENDED, FIRSTKEY)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String UNSUMMARISED = "SELECT f.ID FROM U_UT_BP_FILE f WHERE NOT EXISTS"
            + " (SELECT 1 FROM " + TABLE + " s WHERE s.FILEID = f.ID AND s.SERIES = '" + COUNTS + "') ORDER BY f.ID";

    /*
     * Files summarised before the school years were kept: they have records of an element with school years
     * (every element but Student Demographics) and no 'years' row. Every such record gives its file a 'years'
     * row (records without a school year one with SCHOOLYEAR empty, which no page lists), so a file is found
     * here only until it is done.
     */
    private static final String YEARLESS = "SELECT f.ID FROM U_UT_BP_FILE f WHERE EXISTS"
            + " (SELECT 1 FROM " + TABLE + " s WHERE s.FILEID = f.ID AND s.SERIES = '" + COUNTS + "'"
            + " AND s.RECORDS > 0 AND s.ELEMENT <> ?)"
            + " AND NOT EXISTS (SELECT 1 FROM " + TABLE + " s WHERE s.FILEID = f.ID AND s.SERIES = '" + YEARS + "')"
            + " ORDER BY f.ID";

    /** The state tests of the proficiency chart, and its subjects (English and English Language Arts as one). */
    private static final Set<String> STATE_TESTS = Set.of("RISE", "Utah Aspire Plus");
    private static final String ELA = "English Language Arts";
    private static final Set<String> SUBJECTS = Set.of(ELA, "English", "Mathematics", "Science");
    /** The levels the chart draws, exactly as stored (" 3", "3.0" or "5" are not one of them). */
    private static final Set<String> LEVELS = Set.of("1", "2", "3", "4");
    /** Days of a school year: a value outside (as an earlier version could store) leaves its record out. */
    private static final double MOST_DAYS = 366;

    private static final Map<Element, Integer> YEAR = new EnumMap<>(Element.class);

    static {
        for (Element e : Element.values()) {
            YEAR.put(e, e.index("SCHOOLYEAR"));
        }
    }

    private static final int TESTNAME = Element.ASSESSMENTS.index("TESTNAME");
    private static final int SUBJECT = Element.ASSESSMENTS.index("SUBJECT");
    private static final int LEVEL = Element.ASSESSMENTS.index("PROFLEVEL");
    private static final int MEMBERSHIP = Element.SECTION_ATTENDANCE.index("MEMBERSHIP");
    private static final int ATTENDED = Element.SECTION_ATTENDANCE.index("ATTENDED");

    private final List<ElementCatalog.Entry> catalog;

    /** The summary of the {@link ElementCatalog}'s elements. */
    public FileSummary() {
        this(ElementCatalog.all());
    }

    FileSummary(List<ElementCatalog.Entry> catalog) {
        this.catalog = List.copyOf(catalog);
    }

    /**
     * The figures of one file, gathered from its records one at a time in the document's order (SEQ), so
     * nothing of the file is kept but the figures. Not thread-safe: one file, one thread.
     */
    static final class Tally {
        private int filledFields;
        private final Map<String, Integer> records = new HashMap<>();
        /** Per element, per school year (null: none): its records and the least key. */
        private final Map<String, Map<String, int[]>> years = new HashMap<>();
        /** Per school year and subject, in the order first seen. */
        private final Map<List<String>, Proficiency> proficiency = new LinkedHashMap<>();
        /** Per school year, in the order first seen. */
        private final Map<String, Attendance> attendance = new LinkedHashMap<>();

        /** One of the student's fields (Student Demographics) as stored: counted when it has more than spaces. */
        void field(String value) {
            if (value != null && !value.replace(" ", "").isEmpty()) {
                filledFields++; // SQL's LENGTH(TRIM(value)) > 0: TRIM takes spaces only
            }
        }

        /**
         * One record of an element as stored: {@code values} in the order of {@link Element#columns()} (names
         * resolved; the columns {@link #columnsRead} names are enough), {@code sortKey} its key.
         */
        void record(Element element, Object[] values, int sortKey) {
            records.merge(element.field(), 1, Integer::sum);
            String year = text(values[YEAR.get(element)]);
            int[] y = years.computeIfAbsent(element.field(), e -> new HashMap<>())
                    .computeIfAbsent(year, k -> new int[] {0, sortKey});
            y[0]++;
            y[1] = Math.min(y[1], sortKey);
            if (element == Element.ASSESSMENTS) {
                assessment(year, values);
            } else if (element == Element.SECTION_ATTENDANCE) {
                attendance(year, values);
            }
        }

        private void assessment(String year, Object[] values) {
            String test = text(values[TESTNAME]);
            String subject = text(values[SUBJECT]);
            String level = text(values[LEVEL]);
            if (test == null || subject == null || level == null || !STATE_TESTS.contains(test)
                    || !SUBJECTS.contains(subject) || !LEVELS.contains(level)) {
                return;
            }
            String group = subject.equals("English") ? ELA : subject;
            proficiency.computeIfAbsent(Arrays.asList(year, group), k -> new Proficiency())
                    .add(Integer.parseInt(level), test);
        }

        private void attendance(String year, Object[] values) {
            Double membership = number(values[MEMBERSHIP]);
            Double attended = number(values[ATTENDED]);
            if (outOfYear(membership) || outOfYear(attended)) {
                return;
            }
            attendance.computeIfAbsent(year, k -> new Attendance()).add(membership, attended);
        }

        /** SQL's NOT (value IS NULL OR value BETWEEN 0 AND 366); NaN is outside, as the databases order it last. */
        private static boolean outOfYear(Double days) {
            return days != null && !(days >= 0 && days <= MOST_DAYS);
        }

        /** The stored columns {@link #record} reads of an element's records. */
        static List<String> columnsRead(Element element) {
            return switch (element) {
                case ASSESSMENTS -> List.of("SCHOOLYEAR", "TESTNAME", "SUBJECT", "PROFLEVEL");
                case SECTION_ATTENDANCE -> List.of("SCHOOLYEAR", "MEMBERSHIP", "ATTENDED");
                default -> List.of("SCHOOLYEAR");
            };
        }

        private static String text(Object value) {
            return value instanceof String s ? s : null;
        }

        private static Double number(Object value) {
            return value instanceof Number n ? n.doubleValue() : null;
        }
    }

    /** MAX(level) and MIN(test name) of one school year and subject. */
    private static final class Proficiency {
        int level = Integer.MIN_VALUE;
        String test;

        void add(int level, String test) {
            this.level = Math.max(this.level, level);
            // the only names are RISE and Utah Aspire Plus, which every collation orders alike
            this.test = this.test == null || test.compareTo(this.test) < 0 ? test : this.test;
        }
    }

    /** SUM(membership) and SUM(attended) of one school year: null while every value was null, as SQL's SUM. */
    private static final class Attendance {
        Double membership;
        Double attended;

        void add(Double membership, Double attended) {
            this.membership = sum(this.membership, membership);
            this.attended = sum(this.attended, attended);
        }

        private static Double sum(Double total, Double value) {
            if (value == null || total == null) {
                return value == null ? total : value;
            }
            return total + value;
        }
    }

    /** One row of the summary table; the columns a series does not use are null. */
    record Row(String series, Integer sortOrder, String element, Integer records, String schoolYear, String subject,
               Integer profLevel, String testName, Double membership, Double attended, Integer firstKey) {
    }

    /** A new tally, for the ingest to feed the records it writes. */
    Tally tally() {
        return new Tally();
    }

    /** The rows of one file's summary, of the series named. */
    List<Row> rows(Tally t, Set<String> series) {
        List<Row> rows = new ArrayList<>();
        for (ElementCatalog.Entry e : catalog) {
            if (series.contains(COUNTS)) {
                rows.add(new Row(COUNTS, e.order(), e.key(), e.fields() ? t.filledFields
                        : t.records.getOrDefault(e.key(), 0), null, null, null, null, null, null, null));
            }
            if (series.contains(YEARS) && !e.fields()) {
                for (Map.Entry<String, int[]> y : t.years.getOrDefault(e.key(), Map.of()).entrySet()) {
                    rows.add(new Row(YEARS, e.order(), e.key(), y.getValue()[0], y.getKey(), null, null, null, null,
                            null, y.getValue()[1]));
                }
            }
        }
        if (series.contains(PROFICIENCY)) {
            t.proficiency.forEach((k, p) -> rows.add(new Row(PROFICIENCY, null, null, null, k.get(0), k.get(1),
                    p.level, p.test, null, null, null)));
        }
        if (series.contains(ATTENDANCE)) {
            t.attendance.forEach((year, a) -> rows.add(new Row(ATTENDANCE, null, null, null, year, null, null, null,
                    a.membership, a.attended, null)));
        }
        return rows;
    }

    /**
     * Writes the summary of a file whose records the tally was fed, in one batch on the caller's connection,
     * so that it is committed or rolled back with them.
     */
    void write(Connection c, long studentDcid, long fileId, Tally tally) throws SQLException {
        write(c, studentDcid, fileId, rows(tally, Set.of(COUNTS, YEARS, PROFICIENCY, ATTENDANCE)));
    }

    private static void write(Connection c, long studentDcid, long fileId, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (Row r : rows) {
                ps.setLong(1, studentDcid);
                ps.setLong(2, fileId);
                ps.setString(3, r.series());
                integer(ps, 4, r.sortOrder());
                text(ps, 5, r.element());
                integer(ps, 6, r.records());
                text(ps, 7, r.schoolYear());
                text(ps, 8, r.subject());
                integer(ps, 9, r.profLevel());
                text(ps, 10, r.testName());
                number(ps, 11, r.membership());
                number(ps, 12, r.attended());
                integer(ps, 13, r.firstKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    // one SQL type per column, null or not, so that PostgreSQL's driver sends the batch as one statement
    private static void integer(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static void text(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static void number(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    /** Feeds a tally a stored file's rows: what the ingest fed it when it wrote them. */
    private Tally read(Connection c, long studentDcid, long fileId) throws SQLException {
        Tally t = new Tally();
        for (String value : Jdbc.query(c, "SELECT FIELDVALUE FROM U_UT_BP_DEMOGRAPHIC WHERE FILEID = ?"
                + " AND STUDENTSDCID = ? ORDER BY SEQ, ID", rs -> rs.getString(1), fileId, studentDcid)) {
            t.field(value);
        }
        for (Element e : Element.values()) {
            List<String> columns = Tally.columnsRead(e);
            int width = e.columns().size();
            // the document's order: SEQ, as stored (ID breaks ties a damaged row could leave)
            String sql = "SELECT " + Element.SORT_KEY + ", " + String.join(", ", columns) + " FROM " + e.table()
                    + " WHERE FILEID = ? AND STUDENTSDCID = ? ORDER BY SEQ, ID";
            for (Object[] record : Jdbc.query(c, sql, rs -> row(rs, e, columns, width), fileId, studentDcid)) {
                t.record(e, (Object[]) record[1], (Integer) record[0]);
            }
        }
        return t;
    }

    /** One stored record: its key, and its values where {@link Tally#record} reads them. */
    private static Object[] row(ResultSet rs, Element e, List<String> columns, int width) throws SQLException {
        Object[] values = new Object[width];
        for (int i = 0; i < columns.size(); i++) {
            int at = e.index(columns.get(i));
            if (e.columns().get(at).kind() == Column.Kind.NUMBER) {
                double d = rs.getDouble(i + 2);
                values[at] = rs.wasNull() ? null : d;
            } else {
                values[at] = rs.getString(i + 2);
            }
        }
        return new Object[] {rs.getInt(1), values};
    }

    /**
     * Summarises every stored file that has no summary yet: files stored by a version of the plugin from
     * before summaries were kept, and the school years of files summarised before those were kept. Each
     * file in its own transaction, holding its file row, so two servers starting at once summarise it once;
     * records are only read, summary rows only added. The records' keys must be in place
     * ({@link RecordKeys}). Returns how many files it summarised.
     */
    public int summariseStoredFiles(Jdbc jdbc) {
        int done = summarise(jdbc, jdbc.query(UNSUMMARISED, rs -> rs.getLong(1)), COUNTS,
                Set.of(COUNTS, YEARS, PROFICIENCY, ATTENDANCE));
        if (done > 0) {
            LOG.info("Summarised {} Backpack file(s) stored before summaries were kept", done);
        }
        String fields = catalog.stream().filter(ElementCatalog.Entry::fields).map(ElementCatalog.Entry::key)
                .findFirst().orElse("");
        int yearsDone = summarise(jdbc, jdbc.query(YEARLESS, rs -> rs.getLong(1), fields), YEARS, Set.of(YEARS));
        if (yearsDone > 0) {
            LOG.info("Kept the school years of {} Backpack file(s) summarised before they were kept", yearsDone);
        }
        return done + yearsDone;
    }

    /** Writes the series named of each file that has no row of {@code missing} yet; returns how many it did. */
    private int summarise(Jdbc jdbc, List<Long> files, String missing, Set<String> series) {
        int done = 0;
        for (long fileId : files) {
            boolean wrote = jdbc.inTransaction(c -> {
                List<Long> student = Jdbc.query(c, "SELECT STUDENTSDCID FROM U_UT_BP_FILE WHERE ID = ? FOR UPDATE",
                        rs -> rs.getLong(1), fileId);
                boolean absent = Jdbc.query(c, "SELECT COUNT(*) FROM " + TABLE + " WHERE FILEID = ? AND SERIES = ?",
                        rs -> rs.getLong(1), fileId, missing).get(0) == 0;
                if (student.isEmpty() || !absent) {
                    return false;
                }
                write(c, student.get(0), fileId, rows(read(c, student.get(0), fileId), series));
                return true;
            });
            if (wrote) {
                done++;
            }
        }
        return done;
    }
}
