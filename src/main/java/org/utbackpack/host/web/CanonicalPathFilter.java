package org.utbackpack.host.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The first filter to decide on a request (after {@link ReadOutBodyFilter}, which only wraps it): refuses methods the SIS does not use (TRACE, PUT, DELETE, ...) and
 * paths that are ambiguous after decoding ({@link CanonicalPath}), each with the host's own error page, so
 * every later decision is made on the one path that is then served.
 */
public final class CanonicalPathFilter extends HttpFilter {

    /** The methods the SIS's pages, forms and PowerQueries use. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");

    private final CanonicalPath paths;

    public CanonicalPathFilter(CanonicalPath paths) {
        this.paths = paths;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", HostFilter.CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!METHODS.contains(request.getMethod())) {
            response.setHeader("Allow", "GET, HEAD, POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "The SIS does not accept " + request.getMethod() + " requests.");
            return;
        }
        Optional<String> problem = paths.problem(request);
        if (problem.isPresent()) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "This address is not one the SIS serves: "
                    + problem.get() + ". Follow the links on the pages instead of editing the address.");
            return;
        }
        chain.doFilter(request, response);
    }
}
