package org.utbackpack.host.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a form post, shown once on the page the post redirects to (post-redirect-get): a
 * notice or an error, what the person typed (so a refused form keeps it), and the problems found in a
 * refused plugin package. Kept in the session, never in the address, so entered values stay out of
 * logs and history. Templates read it as {@code $flash}.
 */
public record Flash(String kind, String message, Map<String, String> values, List<Line> problems)
        implements Serializable {

    /** One problem in a refused plugin package: file inside the package, line (0 = whole file), message. */
    public record Line(String file, int line, String message) implements Serializable {
    }

    static final String SESSION_ATTRIBUTE = "host.flash";
    /** Request attribute, and so the template variable {@code $flash}. */
    static final String REQUEST_ATTRIBUTE = "flash";

    public Flash {
        values = Map.copyOf(values);
        problems = List.copyOf(problems);
    }

    public static Flash notice(String message) {
        return new Flash("notice", message, Map.of(), List.of());
    }

    public static Flash error(String message) {
        return new Flash("error", message, Map.of(), List.of());
    }

    public static Flash error(String message, Map<String, String> values) {
        return new Flash("error", message, values, List.of());
    }

    public boolean isError() {
        return "error".equals(kind);
    }

    /** What the person typed into a field, or blank. */
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** Keeps this for the next page the session opens. */
    public void keep(HttpServletRequest request) {
        request.getSession().setAttribute(SESSION_ATTRIBUTE, this);
    }

    /** Moves a kept flash onto this request, so only the one page that follows a post shows it. */
    static void moveToRequest(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object flash = session == null ? null : session.getAttribute(SESSION_ATTRIBUTE);
        if (flash instanceof Flash f) {
            session.removeAttribute(SESSION_ATTRIBUTE);
            request.setAttribute(REQUEST_ATTRIBUTE, f);
        }
    }
}
