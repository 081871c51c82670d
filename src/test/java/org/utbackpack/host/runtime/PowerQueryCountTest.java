package org.utbackpack.host.runtime;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Counting a PowerQuery's rows leaves out its final ORDER BY, and nothing else. */
class PowerQueryCountTest {

    @Test
    void theFinalOrderByIsLeftOut() {
        assertEquals("SELECT r.ID FROM R r WHERE r.STATE = 'PENDING'",
                PowerQueryRunner.withoutFinalOrderBy("SELECT r.ID FROM R r WHERE r.STATE = 'PENDING'\n  ORDER BY r.REQUESTDATE, r.ID"));
        assertEquals("SELECT 1 FROM A UNION ALL SELECT 2 FROM B",
                PowerQueryRunner.withoutFinalOrderBy("SELECT 1 FROM A UNION ALL SELECT 2 FROM B ORDER BY 1"));
    }

    @Test
    void anOrderByInsideParenthesesOrTextStays() {
        String inner = "SELECT * FROM (SELECT x FROM T ORDER BY x) q WHERE q.x <> 'ORDER BY'";
        assertEquals(inner, PowerQueryRunner.withoutFinalOrderBy(inner));
    }

    @Test
    void anOrderByThatChoosesRowsStays() {
        String limited = "SELECT x FROM T ORDER BY x FETCH FIRST 5 ROWS ONLY";
        assertEquals(limited, PowerQueryRunner.withoutFinalOrderBy(limited));
        String computed = "SELECT x FROM T ORDER BY CASE WHEN x = 'a' THEN 0 ELSE 1 END";
        assertEquals(computed, PowerQueryRunner.withoutFinalOrderBy(computed));
    }
}
