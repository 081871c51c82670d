package org.utbackpack.plugin.web;

import jakarta.servlet.http.HttpServletRequest;
import org.utbackpack.plugin.audit.DisclosureLog;
import org.utbackpack.plugin.audit.ElementNames;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes the disclosure-log row for a read of Backpack data where the data is served: the SIS calls this
 * each time it returns results of one of our PowerQueries, whether a page's template ran it or a caller
 * posted to {@code /ws/schema/query/...}, so no spelling of an address can skip it. A page runs several
 * queries about the same student; one row per student and page view is written.
 */
final class QueryDisclosures implements BiConsumer<HttpServletRequest, Map<String, Object>> {

    /** Queries that read a student's Backpack data (or its requests and log), so returning them is a disclosure. */
    static final String STUDENT_QUERIES = "com.utbackpack.backpack.student.";
    private static final String LOGGED = QueryDisclosures.class.getName() + ".students";

    private final DisclosureLog log;

    QueryDisclosures(DisclosureLog log) {
        this.log = log;
    }

    @Override
    public void accept(HttpServletRequest request, Map<String, Object> served) {
        String query = String.valueOf(served.get("query"));
        if (!query.startsWith(STUDENT_QUERIES) || !(served.get("args") instanceof Map<?, ?> args)) {
            return;
        }
        Long student = number(args.get("studentsdcid"));
        if (student == null || !firstInRequest(request, student)) {
            return;
        }
        boolean page = served.get("page") != null;
        String what = page ? PageAccessFilter.describe(request)
                : "Read " + ElementNames.ofQuery(query.substring(STUDENT_QUERIES.length())) + " through the PowerQuery API";
        log.view(request, student, what, page ? retrieval(request) : null);
    }

    /** The earlier retrieval a page shows ({@code file=}), named in the log by its date; null for the latest. */
    private static Long retrieval(HttpServletRequest request) {
        String file = request.getParameter("file");
        return file != null && file.matches("[1-9]\\d{0,17}") ? Long.valueOf(file) : null;
    }

    @SuppressWarnings("unchecked")
    private static boolean firstInRequest(HttpServletRequest request, long student) {
        Object logged = request.getAttribute(LOGGED);
        Set<Long> students = logged instanceof Set<?> s ? (Set<Long>) s : new HashSet<>();
        request.setAttribute(LOGGED, students);
        return students.add(student);
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        String text = value == null ? "" : value.toString().trim();
        return text.matches("\\d{1,18}") ? Long.valueOf(text) : null;
    }
}
