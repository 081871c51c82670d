package org.utbackpack.host.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulator's route table: which handler answers a method and path. A pattern's segments are literal,
 * {@code {name}} (one segment, not empty) or, last, {@code {name*}} (the rest of the path, slashes and all).
 * The first route whose method and pattern match wins.
 *
 * @param <H> what a route leads to, e.g. a method reference of the servlet
 */
public final class Routes<H> {

    /** The route found: its handler and the values of the pattern's names. */
    public record Match<H>(H handler, Map<String, String> params) {
        public String param(String name) {
            return params.get(name);
        }
    }

    private record Route<H>(String method, List<String> segments, H handler) {
    }

    private final List<Route<H>> routes = new ArrayList<>();

    /** Adds a route; returns this table, so the routes read as one list. */
    public Routes<H> add(String method, String pattern, H handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("A route's pattern starts with /: " + pattern);
        }
        routes.add(new Route<>(method, List.of(pattern.substring(1).split("/", -1)), handler));
        return this;
    }

    /** The route for this method and path, if any. */
    public Optional<Match<H>> find(String method, String path) {
        for (Route<H> route : routes) {
            if (route.method().equals(method)) {
                Map<String, String> params = match(route.segments(), path);
                if (params != null) {
                    return Optional.of(new Match<>(route.handler(), params));
                }
            }
        }
        return Optional.empty();
    }

    /** The methods some route answers on this path, in the order they were added (none: no such path). */
    public List<String> methods(String path) {
        return routes.stream().filter(r -> match(r.segments(), path) != null).map(Route::method).distinct().toList();
    }

    private static Map<String, String> match(List<String> pattern, String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        String[] parts = path.substring(1).split("/", -1);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String segment = pattern.get(i);
            if (segment.startsWith("{") && segment.endsWith("*}") && i == pattern.size() - 1) {
                if (parts.length <= i) {
                    return null;
                }
                params.put(segment.substring(1, segment.length() - 2),
                        String.join("/", List.of(parts).subList(i, parts.length)));
                return params;
            }
            if (i >= parts.length) {
                return null;
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                params.put(segment.substring(1, segment.length() - 1), parts[i]);
            } else if (!segment.equals(parts[i])) {
                return null;
            }
        }
        return parts.length == pattern.size() ? params : null;
    }
}
