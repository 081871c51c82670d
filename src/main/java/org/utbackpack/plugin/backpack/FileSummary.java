package org.utbackpack.plugin.backpack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;

/**
 * What the Student Backpack tab shows of one stored file, written once into {@code U_UT_BP_FILESUMMARY}:
 * the records per data element (Student Demographics: the filled-in fields), each element's school years
 * (records and first {@link Element#SORT_KEY} of each year), and the two trend series (state test
 * proficiency by year and subject, attendance by year). A file never changes after it is stored, so the
 * tab's PowerQueries ({@code element_counts}, {@code school_years}, {@code element_years},
 * {@code proficiency_trend}, {@code attendance_trend}) read these rows by FILEID instead of counting and
 * grouping the records on every view.
 *
 * <p>The figures are computed by the database from the file's stored rows, with the expressions the
 * tab's queries used to evaluate at read time, so they are the same values on each database (grouping
 * included); the attendance rate is computed by {@code attendance_trend} from the one stored row of each
 * year, as before from the records, so its rounding and type stay each database's own. The counts have
 * one arm per entry of the {@link ElementCatalog}: a new element is counted without another list.
 */
public final class FileSummary {

    private static final Logger LOG = LoggerFactory.getLogger(FileSummary.class);

    static final String TABLE = "U_UT_BP_FILESUMMARY";
    static final String COUNTS = "counts";
    static final String YEARS = "years";

    private static final String PROFICIENCY = "INSERT INTO " + TABLE
            + " (STUDENTSDCID, FILEID, SERIES, SCHOOLYEAR, SUBJECT, PROFLEVEL, TESTNAME)"
            + " SELECT t.STUDENTSDCID, t.FILEID, 'proficiency', t.SCHOOLYEAR, t.SUBJECTGROUP, MAX(t.LEVELNUMBER),"
            + " MIN(t.TESTNAME)"
            + " FROM (SELECT x.STUDENTSDCID, x.FILEID, x.SCHOOLYEAR, x.TESTNAME, CAST(x.PROFLEVEL AS INTEGER) AS LEVELNUMBER,"
            + " CASE WHEN x.SUBJECT IN ('English Language Arts', 'English') THEN 'English Language Arts'"
            + " ELSE x.SUBJECT END AS SUBJECTGROUP"
            + " FROM U_UT_BP_ASSESSMENT x"
            + " WHERE x.FILEID = ? AND x.STUDENTSDCID = ?"
            + " AND x.TESTNAME IN ('RISE', 'Utah Aspire Plus')"
            + " AND x.SUBJECT IN ('English Language Arts', 'English', 'Mathematics', 'Science')"
            + " AND x.PROFLEVEL IN ('1', '2', '3', '4')) t"
            + " GROUP BY t.STUDENTSDCID, t.FILEID, t.SCHOOLYEAR, t.SUBJECTGROUP";

    private static final String ATTENDANCE = "INSERT INTO " + TABLE
            + " (STUDENTSDCID, FILEID, SERIES, SCHOOLYEAR, MEMBERSHIP, ATTENDED)"
            + " SELECT x.STUDENTSDCID, x.FILEID, 'attendance', x.SCHOOLYEAR, SUM(x.MEMBERSHIP), SUM(x.ATTENDED)"
            + " FROM U_UT_BP_ATTENDANCE x"
            + " WHERE x.FILEID = ? AND x.STUDENTSDCID = ?"
            + " AND (x.MEMBERSHIP IS NULL OR x.MEMBERSHIP BETWEEN 0 AND 366)"
            + " AND (x.ATTENDED IS NULL OR x.ATTENDED BETWEEN 0 AND 366)"
            + " GROUP BY x.STUDENTSDCID, x.FILEID, x.SCHOOLYEAR";

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

    private final List<ElementCatalog.Entry> catalog;
    private final String counts;
    private final String years;

    /** The summary of the {@link ElementCatalog}'s elements. */
    public FileSummary() {
        this(ElementCatalog.all());
    }

    FileSummary(List<ElementCatalog.Entry> catalog) {
        this.catalog = List.copyOf(catalog);
        this.counts = countsSql(this.catalog);
        this.years = yearsSql(this.catalog);
    }

    /** The statement that writes one count row per element of the catalog, zero included. */
    static String countsSql(List<ElementCatalog.Entry> catalog) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE
                + " (STUDENTSDCID, FILEID, SERIES, SORTORDER, ELEMENT, RECORDS)");
        String union = " ";
        for (ElementCatalog.Entry e : catalog) {
            // Student Demographics counts the student's filled-in fields, as the tab always has
            String filled = e.fields() ? " AND LENGTH(TRIM(x.FIELDVALUE)) > 0" : "";
            sql.append(union).append("SELECT f.STUDENTSDCID, f.ID, '").append(COUNTS).append("', ").append(e.order())
                    .append(", '").append(e.key()).append("', (SELECT COUNT(*) FROM ").append(e.table())
                    .append(" x WHERE x.FILEID = f.ID AND x.STUDENTSDCID = f.STUDENTSDCID").append(filled)
                    .append(") FROM U_UT_BP_FILE f WHERE f.ID = ?");
            union = " UNION ALL ";
        }
        return sql.toString();
    }

    /**
     * The statement that writes, for each element with school years, one row per school year of the file:
     * its records and the first of their keys. An element's records are in the pages' order newest school
     * year first ({@link Element#displayOrder()}), so a year's keys run from FIRSTKEY to FIRSTKEY + RECORDS - 1
     * and a page of one year is read as a range of keys.
     */
    static String yearsSql(List<ElementCatalog.Entry> catalog) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE
                + " (STUDENTSDCID, FILEID, SERIES, SORTORDER, ELEMENT, SCHOOLYEAR, RECORDS, FIRSTKEY)");
        String union = " ";
        for (ElementCatalog.Entry e : catalog) {
            if (e.fields()) {
                continue;
            }
            sql.append(union).append("SELECT x.STUDENTSDCID, x.FILEID, '").append(YEARS).append("', ").append(e.order())
                    .append(", '").append(e.key()).append("', x.SCHOOLYEAR, COUNT(*), MIN(x.SORTKEY) FROM ")
                    .append(e.table()).append(" x WHERE x.FILEID = ? AND x.STUDENTSDCID = ?")
                    .append(" GROUP BY x.STUDENTSDCID, x.FILEID, x.SCHOOLYEAR");
            union = " UNION ALL ";
        }
        return sql.toString();
    }

    private int yearTables() {
        return (int) catalog.stream().filter(e -> !e.fields()).count();
    }

    private void writeYears(Connection c, long studentDcid, long fileId) throws SQLException {
        Object[] args = new Object[2 * yearTables()];
        for (int i = 0; i < args.length; i += 2) {
            args[i] = fileId;
            args[i + 1] = studentDcid;
        }
        Jdbc.update(c, years, args);
    }

    /**
     * Writes the summary of a file whose rows are all stored, on the caller's connection, so that it is
     * committed or rolled back with them.
     */
    public void write(Connection c, long studentDcid, long fileId) throws SQLException {
        Jdbc.update(c, counts, Collections.nCopies(catalog.size(), fileId).toArray());
        writeYears(c, studentDcid, fileId);
        Jdbc.update(c, PROFICIENCY, fileId, studentDcid);
        Jdbc.update(c, ATTENDANCE, fileId, studentDcid);
    }

    /**
     * Summarises every stored file that has no summary yet: files stored by a version of the plugin from
     * before summaries were kept, and the school years of files summarised before those were kept. Each
     * file in its own transaction, holding its file row, so two servers starting at once summarise it once;
     * records are only read. The records' keys must be in place ({@link RecordKeys}). Returns how many
     * files it summarised.
     */
    public int summariseStoredFiles(Jdbc jdbc) {
        List<Long> files = jdbc.query(UNSUMMARISED, rs -> rs.getLong(1));
        int done = 0;
        for (long fileId : files) {
            boolean wrote = jdbc.inTransaction(c -> {
                List<Long> student = Jdbc.query(c, "SELECT STUDENTSDCID FROM U_UT_BP_FILE WHERE ID = ? FOR UPDATE",
                        rs -> rs.getLong(1), fileId);
                boolean missing = Jdbc.query(c, "SELECT COUNT(*) FROM " + TABLE + " WHERE FILEID = ? AND SERIES = '"
                        + COUNTS + "'", rs -> rs.getLong(1), fileId).get(0) == 0;
                if (student.isEmpty() || !missing) {
                    return false;
                }
                write(c, student.get(0), fileId);
                return true;
            });
            if (wrote) {
                done++;
            }
        }
        if (done > 0) {
            LOG.info("Summarised {} Backpack file(s) stored before summaries were kept", done);
        }
        int yearsDone = 0;
        String fields = catalog.stream().filter(ElementCatalog.Entry::fields).map(ElementCatalog.Entry::key)
                .findFirst().orElse("");
        for (long fileId : jdbc.query(YEARLESS, rs -> rs.getLong(1), fields)) {
            boolean wrote = jdbc.inTransaction(c -> {
                List<Long> student = Jdbc.query(c, "SELECT STUDENTSDCID FROM U_UT_BP_FILE WHERE ID = ? FOR UPDATE",
                        rs -> rs.getLong(1), fileId);
                boolean missing = Jdbc.query(c, "SELECT COUNT(*) FROM " + TABLE + " WHERE FILEID = ? AND SERIES = '"
                        + YEARS + "'", rs -> rs.getLong(1), fileId).get(0) == 0;
                if (student.isEmpty() || !missing) {
                    return false;
                }
                writeYears(c, student.get(0), fileId);
                return true;
            });
            if (wrote) {
                yearsDone++;
            }
        }
        if (yearsDone > 0) {
            LOG.info("Kept the school years of {} Backpack file(s) summarised before they were kept", yearsDone);
        }
        return done + yearsDone;
    }
}
