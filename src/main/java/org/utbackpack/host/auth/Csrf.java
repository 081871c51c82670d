package org.utbackpack.host.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The CSRF token every state-changing request must carry, as the form field {@code _csrf} in the request body
 * or the header {@code X-CSRF-Token}; a token in the address (query string) is refused, since addresses end
 * up in logs, histories and Referer headers.
 *
 * <p>Signed in, the token is the session's own, replaced at sign-in. Signed out there is no session (a
 * session for every visitor would let anyone fill the server's memory): the browser holds a random value in
 * a cookie, and the token is that value signed with the server's secret (HMAC-SHA256). A page from another
 * site can neither read the cookie nor compute the token, and a token is worth nothing with another cookie.
 */
public final class Csrf {

    public static final String FIELD = "_csrf";
    public static final String HEADER = "X-CSRF-Token";
    /** The environment variable that gives every node of a host the same secret for signed-out forms. */
    public static final String SECRET_SETTING = "UTBACKPACK_CSRF_SECRET";
    /** The signed-out visitor's cookie; over HTTPS with the {@code __Host-} prefix (Secure, this host only). */
    static final String COOKIE = "sis_form";
    static final String SECURE_COOKIE = "__Host-sis_form";
    private static final String SESSION_ATTRIBUTE = "host.csrf";
    private static final Pattern COOKIE_VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int MIN_SECRET_CHARACTERS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec secret;

    private Csrf(byte[] secret) {
        this.secret = new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * The host's tokens for signed-out forms, signed with {@code setting} (the value of
     * {@link #SECRET_SETTING}, at least 32 characters) or, when there is none, a random secret made now.
     */
    public static Csrf withSecret(String setting) {
        if (setting == null || setting.isBlank()) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return new Csrf(bytes);
        }
        if (setting.length() < MIN_SECRET_CHARACTERS) {
            throw new IllegalArgumentException(SECRET_SETTING + " must be at least " + MIN_SECRET_CHARACTERS
                    + " characters long (a random value, the same on every node of the host)");
        }
        return new Csrf(setting.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The token for this request's forms: the session's when there is one, else the one bound to the visitor's
     * cookie, which is set now when the request did not carry one. Never creates a session.
     */
    public String token(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            return token(session);
        }
        String value = cookieValue(request);
        if (value == null) {
            value = random();
            Cookie cookie = new Cookie(request.isSecure() ? SECURE_COOKIE : COOKIE, value);
            cookie.setPath("/");
            cookie.setHttpOnly(true);
            cookie.setSecure(request.isSecure());
            cookie.setAttribute("SameSite", "Lax");
            response.addCookie(cookie);
        }
        return sign(value);
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
        String token = random();
        session.setAttribute(SESSION_ATTRIBUTE, token);
        return token;
    }

    /**
     * True when the request carries its token in its header or its form body: the session's when it has a
     * session, else the one bound to its cookie.
     */
    public boolean valid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        String expected;
        if (session != null) {
            expected = session.getAttribute(SESSION_ATTRIBUTE) instanceof String token ? token : null;
        } else {
            String value = cookieValue(request);
            expected = value == null ? null : sign(value);
        }
        String given = request.getHeader(HEADER);
        if (given == null) {
            if (inQueryString(request.getQueryString())) {
                return false; // the servlet API merges address and body fields: one in the address is refused
            }
            given = request.getParameter(FIELD);
        }
        return expected != null && given != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** The signed-out visitor's random value, when the request carries a well-formed one in its cookie. */
    private static String cookieValue(HttpServletRequest request) {
        String name = request.isSecure() ? SECURE_COOKIE : COOKIE;
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (name.equals(cookie.getName()) && COOKIE_VALUE.matcher(cookie.getValue()).matches()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    private String sign(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            byte[] signature = mac.doFinal(("signed-out form\n" + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
