package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.utbackpack.host.auth.SessionUser;

import java.io.IOException;

/** Ends the session (POST, with the CSRF token) and returns to the matching sign-in page. */
public final class SignOutServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SessionUser user = Pages.user(request);
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        boolean guardian = user != null && user.guardian();
        response.sendRedirect(request.getContextPath() + (guardian ? HostRoutes.GUARDIAN_SIGN_IN : HostRoutes.STAFF_SIGN_IN));
    }
}
