package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place that decides which path a request is for. Every access decision (the host's filters,
 * a plugin's filters, the PowerQuery route, page dispatch) reads the path the container decoded; this
 * class makes sure that decoded path is the only reading there is. A path is accepted only when it is
 * written exactly as the SIS writes its own addresses: plain letters, digits and {@code / . _ ~ -}, no
 * percent-encoding, no {@code ;} parameters, no empty, {@code .} or {@code ..} segments, and not a
 * different-case spelling of an address the SIS knows. Anything else is ambiguous after decoding and is
 * refused before any filter runs ({@link CanonicalPathFilter}).
 */
public final class CanonicalPath {

    private final Supplier<Map<String, String>> knownByLowerCase;
    private final Supplier<List<String>> mappings;

    /**
     * @param knownByLowerCase the addresses plugins serve (pages, files, PowerQuery routes), keyed by
     *                         their lower-case form, so a case variant can be told from the real one
     * @param mappings         the servlet mappings in service ({@code /exact.html}, {@code /prefix/*})
     */
    public CanonicalPath(Supplier<Map<String, String>> knownByLowerCase, Supplier<List<String>> mappings) {
        this.knownByLowerCase = knownByLowerCase;
        this.mappings = mappings;
    }

    /** The path of a request inside the context, as the container decoded it (servlet path + path info). */
    public static String of(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String info = request.getPathInfo() == null ? "" : request.getPathInfo();
        String path = servletPath + info;
        return path.isEmpty() ? "/" : path;
    }

    /** Why the request's path is ambiguous, or empty when it is canonical. */
    public Optional<String> problem(HttpServletRequest request) {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        Optional<String> spelling = problem(raw);
        if (spelling.isPresent()) {
            return spelling;
        }
        if (!raw.isEmpty() && !raw.equals(of(request))) {
            return Optional.of("the address reads differently once decoded");
        }
        String known = knownByLowerCase.get().get(raw.toLowerCase(Locale.ROOT));
        if (known != null && !known.equals(raw)) {
            return Optional.of("the address differs only in upper and lower case from " + known);
        }
        for (String mapping : mappings.get()) {
            if (caseVariant(raw, mapping)) {
                return Optional.of("the address differs only in upper and lower case from " + mapping);
            }
        }
        return Optional.empty();
    }

    /** True when the path matches the servlet mapping only if case is ignored. */
    static boolean caseVariant(String raw, String mapping) {
        if (mapping.endsWith("/*")) {
            String prefix = mapping.substring(0, mapping.length() - 1);
            return prefix.length() > 1 && raw.regionMatches(true, 0, prefix, 0, prefix.length())
                    && !raw.startsWith(prefix);
        }
        return mapping.startsWith("/") && mapping.length() > 1 && raw.equalsIgnoreCase(mapping) && !raw.equals(mapping);
    }

    /** Why a raw (still encoded) path is ambiguous, or empty when it is written canonically. */
    static Optional<String> problem(String raw) {
        if (raw.isEmpty() || raw.equals("/")) {
            return Optional.empty();
        }
        if (raw.charAt(0) != '/') {
            return Optional.of("the address does not start with /");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '/' || c == '.' || c == '_' || c == '-' || c == '~';
            if (!plain) {
                return Optional.of(c == '%' ? "the address contains percent-encoded characters"
                        : c == ';' ? "the address contains ; parameters"
                        : "the address contains a character the SIS never uses in its addresses");
            }
        }
        String[] segments = raw.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() && i < segments.length - 1) {
                return Optional.of("the address contains //");
            }
            if (segment.equals(".") || segment.equals("..")) {
                return Optional.of("the address contains ./ or ../");
            }
        }
        return Optional.empty();
    }
}
