package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.host.auth.Passwords;
import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.auth.SignInThrottle;
import org.utbackpack.host.db.Directory;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** Sign-in for staff ({@code /admin/pw.html}) or guardians ({@code /public/home.html}). */
public final class SignInServlet extends HttpServlet {

    private static final String INVALID = "Invalid Username or Password.";

    private final SessionUser.Type type;
    private final Directory directory;
    private final SignInThrottle throttle;
    private final Pages pages;

    public SignInServlet(SessionUser.Type type, Directory directory, SignInThrottle throttle, Pages pages) {
        this.type = type;
        this.directory = directory;
        this.throttle = throttle;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        show(request, response, null, "");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String username = request.getParameter("username") == null ? "" : request.getParameter("username").trim();
        String password = request.getParameter("password");
        if (throttle.locked(username)) {
            show(request, response, "Too many failed sign-ins for this username. Wait a few minutes and try again.",
                    username);
            return;
        }
        Optional<Directory.Account> account = username.isEmpty() ? Optional.empty()
                : type == SessionUser.Type.STAFF ? directory.staffAccount(username) : directory.guardianAccount(username);
        if (account.isEmpty() || !Passwords.matches(password, account.get().passwordHash())) {
            throttle.failed(username);
            show(request, response, INVALID, username);
            return;
        }
        if (!account.get().portalAllowed()) {
            show(request, response, "Parent access is not enabled for this account. Contact your student's school.",
                    username);
            return;
        }
        throttle.succeeded(username);
        request.changeSessionId(); // a session id known before sign-in is worthless after it
        HttpSession session = request.getSession();
        session.setAttribute(SessionUser.SESSION_ATTRIBUTE, account.get().user());
        response.sendRedirect(request.getContextPath()
                + (type == SessionUser.Type.STAFF ? HostRoutes.START : HostRoutes.GUARDIAN_HOME));
    }

    private void show(HttpServletRequest request, HttpServletResponse response, String error, String username)
            throws IOException {
        if (error != null) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        }
        pages.host(request, response, "signin.vm", Map.of(
                "title", type == SessionUser.Type.STAFF ? "Staff Sign In" : "Parent Sign In",
                "audience", type == SessionUser.Type.STAFF ? "staff" : "guardian",
                "error", error == null ? "" : error,
                "username", username));
    }
}
