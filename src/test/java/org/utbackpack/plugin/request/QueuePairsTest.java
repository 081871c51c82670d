package org.utbackpack.plugin.request;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcNamedParameter;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import org.junit.jupiter.api.Test;
import org.utbackpack.host.plugin.NamedQuery;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.testing.TestPaths;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guardian request queue's lists come in pairs, the district's ({@code requests.pending}) and one
 * school's ({@code requests.school_pending}), so that a school's list is read through its own index. This
 * keeps each pair one list: the school's query, parsed, is the district's with only
 * {@code r.SCHOOLID = :schoolid} added to a WHERE and {@code r.SCHOOLID} added to an ORDER BY, and the
 * arguments and columns are the same but for {@code schoolid}. An edit to one query and not the other fails
 * here, not on a school's page.
 */
class QueuePairsTest {

    private static final String PREFIX = "com.utbackpack.backpack.requests.";
    private static final List<String> LISTS = List.of("pending", "pending_count", "decided", "decided_count");

    @Test
    void eachSchoolsListIsTheDistrictsWithOnlyTheSchoolAdded() throws Exception {
        Map<String, NamedQuery> queries = new LinkedHashMap<>();
        for (NamedQuery q : PluginPackage.fromDirectory(TestPaths.projectRoot()).namedQueries()) {
            queries.put(q.name(), q);
        }
        for (String list : LISTS) {
            NamedQuery district = queries.get(PREFIX + list);
            NamedQuery school = queries.get(PREFIX + "school_" + list);
            assertNotNull(district, list);
            assertNotNull(school, "school_" + list);

            Select schoolSelect = (Select) CCJSqlParserUtil.parse(school.sql());
            int[] removed = new int[2];
            strip(schoolSelect, removed);
            assertEquals(1, removed[0], school.name() + " filters by r.SCHOOLID = :schoolid once");
            Select districtSelect = (Select) CCJSqlParserUtil.parse(district.sql());
            assertEquals(districtSelect.toString(), schoolSelect.toString(),
                    school.name() + " is " + district.name() + " with only the school added");
            // a list, and a count's first rows, are read in the index's order, SCHOOLID included
            assertEquals(1, removed[1], school.name() + " orders by r.SCHOOLID");

            List<String> schoolArgs = new ArrayList<>();
            school.args().forEach(a -> schoolArgs.add(a.name() + " " + a.column() + " " + a.type() + " " + a.required()));
            assertTrue(schoolArgs.remove("schoolid SCHOOLS.ID primitive true"), school.name() + " takes the school");
            List<String> districtArgs = new ArrayList<>();
            district.args().forEach(a -> districtArgs.add(a.name() + " " + a.column() + " " + a.type() + " " + a.required()));
            assertEquals(districtArgs, schoolArgs, school.name() + "'s other arguments");
            assertEquals(columns(district), columns(school), school.name() + "'s columns");
            assertEquals(district.coreTable(), school.coreTable());
        }
    }

    private static List<String> columns(NamedQuery query) {
        return query.columns().stream().map(c -> c.column() + " " + c.alias()).toList();
    }

    /** Takes {@code r.SCHOOLID = :schoolid} out of every WHERE and {@code r.SCHOOLID} out of every ORDER BY. */
    private static void strip(Select select, int[] removed) {
        if (select instanceof ParenthesedSelect parenthesed) {
            strip(parenthesed.getSelect(), removed);
            return;
        }
        if (!(select instanceof PlainSelect plain)) {
            return;
        }
        if (plain.getFromItem() instanceof ParenthesedSelect inner) {
            strip(inner.getSelect(), removed);
        }
        Expression where = plain.getWhere();
        if (where != null) {
            plain.setWhere(withoutSchool(where, removed));
        }
        if (plain.getOrderByElements() != null) {
            List<OrderByElement> kept = new ArrayList<>();
            for (OrderByElement e : plain.getOrderByElements()) {
                if (isSchoolColumn(e.getExpression())) {
                    removed[1]++;
                } else {
                    kept.add(e);
                }
            }
            plain.setOrderByElements(kept);
        }
    }

    private static Expression withoutSchool(Expression e, int[] removed) {
        if (e instanceof AndExpression and) {
            Expression left = withoutSchool(and.getLeftExpression(), removed);
            Expression right = withoutSchool(and.getRightExpression(), removed);
            if (left == null) {
                return right;
            }
            if (right == null) {
                return left;
            }
            and.setLeftExpression(left);
            and.setRightExpression(right);
            return and;
        }
        if (e instanceof EqualsTo eq && isSchoolColumn(eq.getLeftExpression())
                && eq.getRightExpression() instanceof JdbcNamedParameter p && p.getName().equals("schoolid")) {
            removed[0]++;
            return null;
        }
        return e;
    }

    private static boolean isSchoolColumn(Expression e) {
        return e instanceof Column c && c.getColumnName().equalsIgnoreCase("SCHOOLID") && c.getTable() != null
                && c.getTable().getName().equalsIgnoreCase("r");
    }
}
