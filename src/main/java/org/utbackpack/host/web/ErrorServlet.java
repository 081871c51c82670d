package org.utbackpack.host.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;

/** Error pages in the SIS frame: a plain sentence, never a stack trace (the log keeps the detail). */
public final class ErrorServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorServlet.class);
    private final Pages pages;

    public ErrorServlet(Pages pages) {
        this.pages = pages;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String uri = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        if (tooLarge(failure)) {
            status = 413;
        }
        if (status == 413) {
            // an oversized form or upload: say what the limit is, whatever the container's reason was
            message = Limits.tooLarge(uri, org.utbackpack.host.admin.plugins.PluginManagementServlet.MAX_UPLOAD);
        } else if (failure != null || status >= 500) {
            LOG.error("Error {} on {}", status, uri, failure);
            message = "Something went wrong on the server. Try again; if it keeps happening, tell your SIS administrator.";
        } else if (message == null || message.isBlank() || message.equals(defaultReason(status))) {
            message = switch (status) {
                case 404 -> "Page not found.";
                case 403 -> "You do not have access to this page.";
                case 401 -> "Sign in first.";
                case 405 -> "The SIS does not accept this kind of request here.";
                case 400 -> "The request is not written correctly. Follow the links on the pages.";
                default -> "The request could not be completed.";
            };
        }
        response.setStatus(status);
        // an exception reset the response, headers and all: the error page sets the policy again
        response.setHeader("Content-Security-Policy", HostFilter.CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        if (uri.startsWith("/ws/") && !wantsPage(request)) {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"error\":{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}");
            return;
        }
        pages.host(request, response, "error.vm", Map.of("title", status == 403 ? "Access Denied"
                : status == 404 ? "Not Found" : status == 400 ? "Bad Request" : status == 413 ? "Too Large" : "Error",
                "status", status, "message", message));
    }

    /** The container wraps "form too large" (413) in a 400 "cannot parse form": the cause says which. */
    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException http && http.getCode() == 413) {
                return true;
            }
        }
        return false;
    }

    /**
     * A form posted from a page (Approve, Make a Request) wants a page back, not the JSON a script reads: a
     * browser's navigation asks for text/html, a script's fetch and API clients do not.
     */
    private static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static String defaultReason(int status) {
        return org.eclipse.jetty.http.HttpStatus.getMessage(status);
    }
}
