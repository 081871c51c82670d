package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlTextTest {

    @Test
    void findsBindsInOrderOnce() {
        SqlText text = SqlText.of("SELECT * FROM T WHERE A = :a AND B IN (:b_list) AND C = :a");

        assertEquals(List.of("a", "b_list"), List.copyOf(text.binds()));
    }

    @Test
    void ignoresCastsLiteralsIdentifiersAndComments() {
        SqlText text = SqlText.of("SELECT x::int, 'it''s :no', \"col:no\" FROM T -- :no\n"
                + "WHERE y = :yes /* :no */ AND z[1:2] = 1");

        assertEquals(List.of("yes"), List.copyOf(text.binds()));
    }

    @Test
    void codeLeavesOutLiterals() {
        assertFalse(SqlText.of("SELECT 'ORDER BY' FROM T").code().toUpperCase().contains("ORDER BY"));
        assertTrue(SqlText.of("SELECT 'x' FROM T ORDER BY 1").code().contains("ORDER BY"));
    }

    @Test
    void unterminatedLiteralEndsTheScan() {
        assertEquals(List.of(), List.copyOf(SqlText.of("SELECT ':a").binds()));
    }
}
