package org.utbackpack.host.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * Wraps every request: once the host has answered, reads out (and drops) what is left of the request's
 * body, up to {@link Limits#MAX_REFUSED_BODY_BYTES}. A request refused before its body was read (no CSRF
 * token, signed out, a path or method refused, a PowerQuery's arguments past their limit) otherwise has its
 * connection closed while the client is still sending, and the client reads a broken connection instead of
 * the refusal. Past the bound the container closes the connection, so a huge body costs the host no more
 * than that.
 */
public final class ReadOutBodyFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.getContentLengthLong() != 0) {
                readOut(request);
            }
        }
    }

    private static void readOut(HttpServletRequest request) {
        try {
            InputStream in = request.getInputStream();
            byte[] sink = new byte[8192];
            long left = Limits.MAX_REFUSED_BODY_BYTES;
            int n;
            while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) >= 0) {
                left -= n;
            }
        } catch (IllegalStateException | IOException e) {
            // read through a reader already, or the client went away: nothing left to do
        }
    }
}
