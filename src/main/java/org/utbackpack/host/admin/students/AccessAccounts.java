package org.utbackpack.host.admin.students;

import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.Transactions;
import org.utbackpack.host.admin.audit.AuditAction;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.db.Sql;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A student's Access Accounts: the guardians linked to the student (GUARDIANSTUDENT) and whether each
 * has parent access to this student in the portal (PARENTACCESS). A guardian left without parent access
 * to any student is signed out by the host at their next request.
 */
final class AccessAccounts {

    private final Sql sql;
    private final AuditTrail audit;

    AccessAccounts(Sql sql, AuditTrail audit) {
        this.sql = sql;
        this.audit = audit;
    }

    List<Map<String, Object>> guardians(long studentDcid) {
        return sql.query("SELECT g.GUARDIANID, g.FIRSTNAME, g.LASTNAME, g.ACCOUNTID, g.EMAIL, gs.RELATIONSHIP,"
                        + " gs.PARENTACCESS FROM GUARDIANSTUDENT gs JOIN GUARDIAN g ON g.GUARDIANID = gs.GUARDIANID"
                        + " WHERE gs.STUDENTSDCID = ? ORDER BY g.LASTNAME, g.FIRSTNAME, g.GUARDIANID",
                rs -> {
                    Map<String, Object> g = new LinkedHashMap<>();
                    g.put("id", rs.getLong(1));
                    g.put("name", rs.getString(2) + " " + rs.getString(3));
                    g.put("accountId", rs.getString(4));
                    g.put("email", rs.getString(5));
                    g.put("relationship", rs.getString(6));
                    g.put("parentAccess", rs.getBoolean(7));
                    return g;
                }, studentDcid);
    }

    /**
     * Sets parent access for each guardian listed on the page: on for those in {@code allowed}, off for the
     * rest. Only links of this student change; each change is audited with it.
     *
     * @return one sentence per guardian whose access changed
     */
    List<String> update(long studentDcid, String studentName, Set<Long> listed, Set<Long> allowed, Actor actor) {
        List<Map<String, Object>> linked = guardians(studentDcid);
        return Transactions.inTransaction(sql.dataSource(), c -> {
            List<String> changed = new ArrayList<>();
            for (Map<String, Object> g : linked) {
                long id = (Long) g.get("id");
                boolean on = allowed.contains(id);
                if (!listed.contains(id) || on == (Boolean) g.get("parentAccess")) {
                    continue; // not on the page the person saw (linked since), or unchanged
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE GUARDIANSTUDENT SET PARENTACCESS = ?"
                        + " WHERE GUARDIANID = ? AND STUDENTSDCID = ? AND PARENTACCESS = ?")) {
                    ps.setBoolean(1, on);
                    ps.setLong(2, id);
                    ps.setLong(3, studentDcid);
                    ps.setBoolean(4, !on);
                    if (ps.executeUpdate() == 0) {
                        continue; // someone else made the same change a moment ago; theirs is audited
                    }
                }
                audit.record(c, actor, AuditAction.PARENT_ACCESS_CHANGED, g.get("name") + " (" + g.get("accountId")
                        + ") for " + studentName, on ? "disabled → enabled" : "enabled → disabled");
                changed.add("Parent access " + (on ? "enabled" : "disabled") + " for " + g.get("name") + ".");
            }
            return changed;
        });
    }
}
