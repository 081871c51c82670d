package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.auth.Directory;

import java.io.IOException;
import java.util.Map;

/** The Parent Portal's home page, and choosing which of the guardian's students the portal shows. */
public final class GuardianPortalServlet extends HttpServlet {

    private final Directory directory;
    private final Pages pages;

    public GuardianPortalServlet(Directory directory, Pages pages) {
        this.directory = directory;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        pages.host(request, response, "guardian_home.vm", Map.of("title", "Parent Portal"));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (HostRoutes.GUARDIAN_LANGUAGE.equals(Pages.path(request))) {
            chooseLanguage(request, response);
        } else {
            selectStudent(request, response);
        }
    }

    /** POST /guardian/language with lang=en|es: the portal's language, kept across sign-out. */
    private void chooseLanguage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String lang = request.getParameter("lang");
        if (!"en".equals(lang) && !"es".equals(lang)) {
            request.setAttribute(ErrorServlet.MESSAGE_KEY, "host.error.chooseLanguage");
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Choose English or Español.");
            return;
        }
        Pages.rememberLanguage(request, response, lang);
        redirectBack(request, response);
    }

    /** POST /guardian/select with studentsdcid: only a student linked to this guardian with parent access. */
    private void selectStudent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SessionUser user = Pages.user(request);
        String given = request.getParameter("studentsdcid");
        if (user == null || given == null || !given.matches("\\d{1,18}")
                || !directory.guardianMaySee(user.id(), Long.parseLong(given))) {
            request.setAttribute(ErrorServlet.MESSAGE_KEY, "host.error.notYourStudent");
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "That student is not linked to your account.");
            return;
        }
        request.getSession().setAttribute(HostFilter.SELECTED_STUDENT, Long.parseLong(given));
        redirectBack(request, response);
    }

    private static void redirectBack(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String back = request.getParameter("back");
        boolean safe = back != null && back.matches("/guardian/[a-z_]+\\.html");
        response.sendRedirect(request.getContextPath() + (safe ? back : HostRoutes.GUARDIAN_HOME));
    }
}
