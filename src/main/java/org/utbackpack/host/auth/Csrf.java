package org.utbackpack.host.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One CSRF token per session, replaced at sign-in. Every state-changing request must carry it, as the
 * form field {@code _csrf} in the request body or the header {@code X-CSRF-Token}; a token in the address
 * (query string) is refused, since addresses end up in logs, histories and Referer headers.
 */
public final class Csrf {

    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTRIBUTE = "host.csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {
    }

    /** The session's token, made on first use. */
    public static String token(HttpSession session) {
        Object token = session.getAttribute(SESSION_ATTRIBUTE);
        if (token == null) {
            token = renew(session);
        }
        return (String) token;
    }

    /** Replaces the session's token (at sign-in): a token known before is worthless after. */
    public static String renew(HttpSession session) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(SESSION_ATTRIBUTE, token);
        return token;
    }

    /** True when the request carries the session's token in its header or its form body. */
    public static boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(SESSION_ATTRIBUTE);
        String given = request.getHeader(HEADER);
        if (given == null) {
            if (inQueryString(request.getQueryString())) {
                return false; // the servlet API merges address and body fields: one in the address is refused
            }
            given = request.getParameter(FIELD);
        }
        return expected != null && given != null && MessageDigest.isEqual(
                expected.toString().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    static boolean inQueryString(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            try {
                if (FIELD.equals(URLDecoder.decode(name, StandardCharsets.UTF_8).trim())) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return true; // a name that does not decode is not worth the doubt
            }
        }
        return false;
    }
}
