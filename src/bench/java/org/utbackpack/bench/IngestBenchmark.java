package org.utbackpack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.plugin.backpack.BackpackIngest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Storing one Backpack document, the plugin's way beside its floor, on the same database in the same run.
 *
 * <ul>
 *   <li>{@link #ingest}: {@link BackpackIngest#store(Connection, long, long, String, byte[], Instant)}, the
 *   forwarder's path: the structural check, then the verbatim document, the demographics and every record
 *   (with fingerprints and resolved school and teacher names), committed as one transaction;</li>
 *   <li>{@link #floor}: a plain Jackson tree parse of the same document plus a plain JDBC batch insert of
 *   the same rows (read back from one real ingest during setup, so they are exactly what the ingest
 *   stores, derived columns included), committed as one transaction.</li>
 * </ul>
 * The documents are the simulator's for Avery Jensen (typical) and Carlos Martinez (very large). Each
 * iteration's rows are deleted after it, so the database stays the size of the data set.
 */
@State(Scope.Benchmark)
public class IngestBenchmark {

    /** {@code typical} (Avery Jensen) or {@code large} (Carlos Martinez). */
    @Param({"typical", "large"})
    public String document;

    /** The district database (the URL carries the user). */
    @Param("")
    public String url;

    private static final String[] TABLES = {"U_UT_BP_DEMOGRAPHIC", "U_UT_BP_ENROLLMENT", "U_UT_BP_COURSEGRADE",
            "U_UT_BP_COURSEHIST", "U_UT_BP_ATTENDANCE", "U_UT_BP_TEACHER", "U_UT_BP_ASSESSMENT",
            "U_UT_BP_FILESUMMARY"};
    private static final Set<String> NOT_COPIED = Set.of("ID", "STUDENTSDCID", "FILEID", "WHOCREATED",
            "WHENCREATED", "WHOMODIFIED", "WHENMODIFIED");
    private static final Instant RETRIEVED = Instant.parse("2025-09-15T18:00:00Z");

    /** One table's rows as the ingest stored them: the insert statement and each row's values. */
    private record TableRows(String sql, int[] types, List<Object[]> rows) {
    }

    private HikariDataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();
    private BackpackIngest ingest;
    private byte[] bytes;
    private String ssid;
    private long dcid;
    private String generatedAt;
    private long lastFileId;
    private final List<TableRows> floorRows = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(2);
        dataSource = new HikariDataSource(config);
        ingest = new BackpackIngest(json);
        boolean large = "large".equals(document);
        ssid = large ? "1234563" : "1234561";
        SimulatedStudent student = large
                ? new SimulatedStudent(ssid, DemoData.LEA_NUMBER, DemoData.LEA_NAME, "Carlos", "Andres", "Martinez",
                LocalDate.of(2008, 1, 27), "M", 12, SimulatedStudent.Size.VERY_LARGE)
                : new SimulatedStudent(ssid, DemoData.LEA_NUMBER, DemoData.LEA_NAME, "Avery", "Lynn", "Jensen",
                LocalDate.of(2009, 4, 12), "F", 11, SimulatedStudent.Size.TYPICAL);
        bytes = json.writeValueAsBytes(BackpackGenerator.generate(student, DistrictData.TODAY, RETRIEVED));
        generatedAt = json.readTree(bytes).path("generatedAt").asText();
        try (Connection c = dataSource.getConnection()) {
            dcid = single(c, "SELECT DCID FROM STUDENTS WHERE STATE_STUDENTNUMBER = '" + ssid + "'");
            lastFileId = single(c, "SELECT MAX(ID) FROM U_UT_BP_FILE");
            // one real ingest, read back and rolled back: the floor inserts exactly these rows
            c.setAutoCommit(false);
            long fileId = ingest.store(c, dcid, 0, ssid, bytes, RETRIEVED).fileId();
            for (String table : TABLES) {
                floorRows.add(readBack(c, table, fileId));
            }
            c.rollback();
        }
    }

    private static TableRows readBack(Connection c, String table, long fileId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE FILEID = ? ORDER BY ID")) {
            ps.setLong(1, fileId);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<Integer> copied = new ArrayList<>();
                StringBuilder names = new StringBuilder("STUDENTSDCID, FILEID");
                StringBuilder marks = new StringBuilder("?, ?");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String name = meta.getColumnName(i).toUpperCase(Locale.ROOT);
                    if (!NOT_COPIED.contains(name)) {
                        copied.add(i);
                        names.append(", ").append(name);
                        marks.append(", ?");
                    }
                }
                int[] types = new int[copied.size()];
                for (int i = 0; i < types.length; i++) {
                    types[i] = meta.getColumnType(copied.get(i));
                }
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[copied.size()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(copied.get(i));
                    }
                    rows.add(row);
                }
                return new TableRows("INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")", types, rows);
            }
        }
    }

    /** The plugin's ingest, as the forwarder calls it, in its own transaction. */
    @Benchmark
    public long ingest() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long fileId = ingest.store(c, dcid, 0, ssid, bytes, RETRIEVED).fileId();
            c.commit();
            c.setAutoCommit(true);
            return fileId;
        }
    }

    /** Tree parse plus batch insert of the same rows, in its own transaction. */
    @Benchmark
    public long floor(Blackhole hole) throws Exception {
        JsonNode tree = json.readTree(bytes);
        hole.consume(tree);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long fileId;
            String idColumn = c.getMetaData().storesLowerCaseIdentifiers() ? "id" : "ID";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO U_UT_BP_FILE (STUDENTSDCID, REQUESTID, SSID,"
                    + " RETRIEVEDAT, GENERATEDAT, DOCBYTES, DOCUMENT) VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {idColumn})) {
                ps.setLong(1, dcid);
                ps.setLong(2, 0);
                ps.setString(3, ssid);
                ps.setTimestamp(4, Timestamp.from(RETRIEVED));
                ps.setString(5, generatedAt);
                ps.setLong(6, bytes.length);
                ps.setString(7, new String(bytes, StandardCharsets.UTF_8));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    fileId = keys.getLong(1);
                }
            }
            for (TableRows table : floorRows) {
                try (PreparedStatement ps = c.prepareStatement(table.sql())) {
                    for (Object[] row : table.rows()) {
                        ps.setLong(1, dcid);
                        ps.setLong(2, fileId);
                        for (int i = 0; i < row.length; i++) {
                            if (row[i] == null) {
                                ps.setNull(i + 3, table.types()[i]);
                            } else {
                                ps.setObject(i + 3, row[i]);
                            }
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            return fileId;
        }
    }

    /** Takes out what the iteration stored, outside the measurement. */
    @TearDown(Level.Iteration)
    public void removeStored() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.executeUpdate("DELETE FROM " + table + " WHERE FILEID > " + lastFileId);
            }
            s.executeUpdate("DELETE FROM U_UT_BP_FILE WHERE ID > " + lastFileId);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        dataSource.close();
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
