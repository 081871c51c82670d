package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.host.auth.Authenticator;
import org.utbackpack.host.auth.Csrf;
import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.auth.SignInThrottle;
import org.utbackpack.host.auth.Directory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in for staff ({@code /admin/pw.html}) or guardians ({@code /public/home.html}). Unknown and known
 * usernames get the same work and the same answer; failures are throttled per address and per username
 * from that address ({@link SignInThrottle}); a sign-in gets a new session id and a new CSRF token. The session
 * starts at sign-in: the sign-in page and a failed sign-in make none.
 */
public final class SignInServlet extends HttpServlet {

    private static final int TOO_MANY_REQUESTS = 429;

    private final SessionUser.Type type;
    private final Authenticator authenticator;
    private final SignInThrottle throttle;
    private final Pages pages;

    public SignInServlet(SessionUser.Type type, Authenticator authenticator, SignInThrottle throttle, Pages pages) {
        this.type = type;
        this.authenticator = authenticator;
        this.throttle = throttle;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        show(request, response, 0, null, "");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String username = request.getParameter("username") == null ? "" : request.getParameter("username").trim();
        String address = request.getRemoteAddr();
        Optional<SignInThrottle.Wait> wait = throttle.check(username, address);
        if (wait.isPresent()) {
            response.setHeader("Retry-After", Long.toString(wait.get().seconds()));
            show(request, response, TOO_MANY_REQUESTS, wait.get().perAccount() ? "tooManyForUsername"
                    : "tooManyFromNetwork", username, wait.get().seconds());
            return;
        }
        Optional<Directory.Account> account = authenticator.authenticate(username, request.getParameter("password"));
        if (account.isEmpty()) {
            throttle.failed(username, address);
            show(request, response, HttpServletResponse.SC_UNAUTHORIZED, "invalid", username);
            return;
        }
        throttle.succeeded(username, address);
        if (!account.get().portalAllowed()) {
            show(request, response, HttpServletResponse.SC_UNAUTHORIZED, "noParentAccess", username);
            return;
        }
        // the first session of this browser is made here (none exists signed out); one still open (someone
        // signing in again) gets a new id: a session id known before sign-in is worthless after it
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession();
        Csrf.renew(session); // and so is a form token handed out before it
        session.setAttribute(SessionUser.SESSION_ATTRIBUTE, account.get().user());
        response.sendRedirect(request.getContextPath()
                + (type == SessionUser.Type.STAFF ? HostRoutes.START : HostRoutes.GUARDIAN_HOME));
    }

    /** The sign-in page; {@code error} names its sentence, host.signin.error.{error} in the page's language. */
    private void show(HttpServletRequest request, HttpServletResponse response, int status, String error,
                      String username, Object... errorArgs) throws IOException {
        if (status != 0) {
            response.setStatus(status);
        }
        pages.host(request, response, "signin.vm", Map.of(
                "title", type == SessionUser.Type.STAFF ? "Staff Sign In" : "Parent Sign In",
                "audience", type == SessionUser.Type.STAFF ? "staff" : "guardian",
                "error", error == null ? "" : "host.signin.error." + error,
                "errorArgs", errorArgs,
                "username", username));
    }
}
