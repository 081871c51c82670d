package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.Map;

/** Read access to request parameters from templates: {@code $params.get('notice')} is never null. */
public final class PageModel {

    /** Request parameters, each its first value. */
    public static final class Params {
        private final Map<String, String[]> values;

        Params(HttpServletRequest request) {
            this.values = Collections.unmodifiableMap(readable(request));
        }

        /** The error page of a form the container refused to read (too large, malformed) has no parameters. */
        private static Map<String, String[]> readable(HttpServletRequest request) {
            try {
                return request.getParameterMap();
            } catch (RuntimeException e) {
                return Map.of();
            }
        }

        public String get(String name) {
            String[] v = values.get(name);
            return v == null || v.length == 0 ? "" : v[0];
        }

        /** Every value of a repeated parameter (checkboxes). */
        public java.util.List<String> all(String name) {
            String[] v = values.get(name);
            return v == null ? java.util.List.of() : java.util.List.of(v);
        }

        public boolean has(String name) {
            return !get(name).isEmpty();
        }

        /**
         * A positive whole number, or the fallback. Only one spelling of a number counts (ASCII digits, no sign,
         * no leading zero), the one the plugin reads too (the disclosure log names the retrieval a page shows from
         * {@code file}): Integer.parseInt would also take {@code +2}, {@code 02} and other scripts' digits.
         */
        public int number(String name, int fallback) {
            String value = get(name);
            return value.matches("[1-9][0-9]{0,8}") ? Integer.parseInt(value) : fallback;
        }
    }

    private PageModel() {
    }

    public static Params params(HttpServletRequest request) {
        return new Params(request);
    }
}
