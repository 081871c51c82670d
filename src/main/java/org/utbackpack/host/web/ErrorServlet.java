package org.utbackpack.host.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.runtime.Messages;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Error pages in the SIS frame: a plain sentence, never a stack trace (the log keeps the detail). A guardian
 * reads it in the portal's language, with the way back to the portal.
 */
public final class ErrorServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Request attribute: the key of the host's messages for the sentence given to {@code sendError}, so the
     * page can say it in the reader's language.
     */
    public static final String MESSAGE_KEY = "host.error.key";
    /** Statuses with a sentence of their own ({@code host.error.<status>}); others say "host.error.other". */
    private static final Set<Integer> SENTENCES = Set.of(400, 401, 403, 404, 405, 413, 500);
    /** Statuses with a title of their own ({@code host.error.title.<status>}). */
    private static final Set<Integer> TITLES = Set.of(400, 403, 404, 413);
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
        // the host's own sentence for this error, when it has one: the page's language has it too
        String key = null;
        if (status == 413) {
            // an oversized form or upload: say what the limit is, whatever the container's reason was
            message = Limits.tooLarge(uri, Limits.MAX_PLUGIN_UPLOAD);
        } else if (failure != null || status >= 500) {
            LOG.error("Error {} on {}", status, uri, failure);
            key = "host.error.500";
        } else if (message == null || message.isBlank() || message.equals(defaultReason(status))) {
            key = "host.error." + (SENTENCES.contains(status) ? status : "other");
        } else if (request.getAttribute(MESSAGE_KEY) instanceof String sender) {
            key = sender;
        }
        SessionUser user = Pages.user(request);
        String lang = Pages.language(request, user);
        Messages text = Pages.hostMessages(lang);
        // signed out in the portal's language: the way back is the portal's sign-in page
        boolean portal = user == null ? Pages.signedOutPortalError(request) : user.guardian();
        if ("host.error.500".equals(key) && portal) {
            key = "host.error.500.portal"; // a parent has no SIS administrator to tell: the school
        }
        if (key != null) {
            message = text.get(key);
        } else if (!"en".equals(lang)) {
            // another part's sentence is written in English: a guardian reading Spanish gets the host's own
            message = text.get("host.error." + (SENTENCES.contains(status) ? status : "other"));
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
            JSON.writeValue(response.getWriter(), Map.of("error", Map.of("message", message)));
            return;
        }
        String title = text.get("host.error.title." + (TITLES.contains(status) ? status : "other"));
        pages.host(request, response, "error.vm", Map.of("title", title, "status", status, "message", message,
                "portal", portal));
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
