package org.utbackpack.plugin.source;

import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Which state a stored Backpack file came from ({@code U_UT_BP_FILE.SOURCE}: UTREX or USIMS_EDFI), written in
 * the transaction that stores the file. Files stored before the column existed have none and came from UTREx.
 */
public final class StoredFileSource {

    private StoredFileSource() {
    }

    public static void record(Connection c, long fileId, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE U_UT_BP_FILE SET SOURCE = ? WHERE ID = ?")) {
            Jdbc.bind(ps, source, fileId);
            ps.executeUpdate();
        }
    }
}
