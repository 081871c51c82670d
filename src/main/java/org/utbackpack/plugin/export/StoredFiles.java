package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.plugin.db.Jdbc;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * What an export reads: a student's stored retrievals (U_UT_BP_FILE), the verbatim document of one, and the
 * records of one data element of one retrieval (the element's table), handed over a row at a time.
 */
final class StoredFiles {

    /** Receives one record of a data element: its columns' values in the element's order (null when empty). */
    interface Rows {
        void row(Object[] values) throws IOException;
    }

    private static final int FETCH = 500;

    private final Jdbc jdbc;
    private final ObjectMapper json;

    StoredFiles(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The student's file with this id, or their latest for 0; empty when the student has no such file. */
    Optional<StoredFile> find(long studentDcid, long fileId) {
        String sql = "SELECT f.ID, f.REQUESTID, f.SSID, f.RETRIEVEDAT, f.GENERATEDAT FROM U_UT_BP_FILE f"
                + " WHERE f.STUDENTSDCID = ? AND f.ID = " + (fileId == 0
                ? "(SELECT MAX(m.ID) FROM U_UT_BP_FILE m WHERE m.STUDENTSDCID = ?)" : "?");
        return jdbc.queryFirst(sql, rs -> new StoredFile(rs.getLong("ID"), studentDcid, Jdbc.nullableLong(rs, "REQUESTID"),
                        rs.getString("SSID"), Jdbc.instant(rs, "RETRIEVEDAT"), rs.getString("GENERATEDAT")),
                studentDcid, fileId == 0 ? studentDcid : fileId);
    }

    /** The retrieval's document as it was received. */
    JsonNode document(StoredFile file) throws IOException {
        try {
            return jdbc.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT DOCUMENT FROM U_UT_BP_FILE WHERE ID = ? AND STUDENTSDCID = ?")) {
                    Jdbc.bind(ps, file.id(), file.studentDcid());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("file " + file.id() + " is gone");
                        }
                        try (Reader text = rs.getCharacterStream(1)) {
                            return json.readTree(text);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Hands each record of the element in the retrieval to {@code rows}, in the document's order: text as a
     * String, numbers as they are stored, yes/no as a Boolean. Through a cursor inside a transaction, so
     * PostgreSQL too hands the rows over a few hundred at a time.
     */
    void eachRecord(StoredFile file, CsvElement element, Rows rows) throws IOException {
        List<CsvElement.Column> columns = element.columns();
        try {
            jdbc.inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(select(element))) {
                    ps.setFetchSize(FETCH);
                    Jdbc.bind(ps, file.studentDcid(), file.id());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.row(values(columns, rs));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The one statement that reads the element's records of one file; nothing in it comes from a request. */
    static String select(CsvElement element) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<CsvElement.Column> columns = element.columns();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(columns.get(i).name());
        }
        return sql.append(" FROM ").append(element.table()).append(" WHERE STUDENTSDCID = ? AND FILEID = ? ORDER BY SEQ")
                .toString();
    }

    private static Object[] values(List<CsvElement.Column> columns, ResultSet rs) throws SQLException {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            int column = i + 1;
            values[i] = switch (columns.get(i).kind()) {
                case TEXT -> rs.getString(column);
                case NUMBER -> rs.getObject(column);
                case YES_NO -> {
                    boolean value = rs.getBoolean(column);
                    yield rs.wasNull() ? null : value;
                }
            };
        }
        return values;
    }
}
