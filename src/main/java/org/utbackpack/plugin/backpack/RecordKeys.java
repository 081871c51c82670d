package org.utbackpack.plugin.backpack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.utbackpack.plugin.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the records of files stored before the pages' order was kept with them (U_UT_BP_FILE.SORTKEYS
 * empty) their {@link Element#SORT_KEY}, by the same rule the ingest follows ({@link Element#displayOrder()}),
 * from the values stored: the plugin does this when it starts, so after an update (Plugin Management ›
 * Update) every file pages in the same order as before, before any page is served. Each file is keyed in
 * its own transaction (its records' keys and its SORTKEYS together), so a start that stops half-way keeps
 * what it did and the next start goes on; no row is added or removed.
 */
public final class RecordKeys {

    private static final Logger LOG = LoggerFactory.getLogger(RecordKeys.class);

    private static final int BATCH = 500;

    private final Jdbc jdbc;

    public RecordKeys(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Keys every file that has no keys yet; returns how many files it keyed. */
    public int keyStoredFiles() {
        List<Long> files = jdbc.query("SELECT ID FROM U_UT_BP_FILE WHERE SORTKEYS IS NULL ORDER BY ID",
                rs -> rs.getLong(1));
        if (files.isEmpty()) {
            return 0;
        }
        LOG.info("Backpack files stored without their records' page order: {}; keying them", files.size());
        long start = System.nanoTime();
        for (long file : files) {
            jdbc.inTransaction(c -> {
                for (Element e : Element.values()) {
                    key(c, e, file);
                }
                Jdbc.update(c, "UPDATE U_UT_BP_FILE SET SORTKEYS = 1 WHERE ID = ?", file);
                return null;
            });
        }
        LOG.info("Backpack files keyed: {}, in {} ms", files.size(), (System.nanoTime() - start) / 1_000_000);
        return files.size();
    }

    private static void key(Connection c, Element element, long file) throws SQLException {
        List<Element.Sort> order = element.displayOrder();
        StringBuilder sql = new StringBuilder("SELECT ID");
        for (Element.Sort s : order) {
            sql.append(", ").append(s.column());
        }
        // the document's order: SEQ, as stored (ID breaks ties a damaged row could leave)
        sql.append(" FROM ").append(element.table()).append(" WHERE FILEID = ? ORDER BY SEQ, ID");
        int width = element.columns().size();
        List<Long> ids = new ArrayList<>();
        List<Object[]> values = Jdbc.query(c, sql.toString(), rs -> {
            ids.add(rs.getLong(1));
            Object[] v = new Object[width];
            for (int i = 0; i < order.size(); i++) {
                v[element.index(order.get(i).column())] = rs.getString(i + 2);
            }
            return v;
        }, file);
        int[] keys = element.sortKeys(values);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + element.table() + " SET " + Element.SORT_KEY
                + " = ? WHERE ID = ?")) {
            for (int i = 0; i < keys.length; i++) {
                Jdbc.bind(ps, keys[i], ids.get(i));
                ps.addBatch();
                if ((i + 1) % BATCH == 0) {
                    ps.executeBatch();
                }
            }
            if (keys.length % BATCH != 0) {
                ps.executeBatch();
            }
        }
    }
}
