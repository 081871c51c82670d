package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.velocity.VelocityContext;
import org.utbackpack.host.auth.Csrf;
import org.utbackpack.host.auth.Directory;
import org.utbackpack.host.auth.SessionUser;
import org.utbackpack.host.render.PageBuffer;
import org.utbackpack.host.render.Renderer;
import org.utbackpack.host.render.SafeHtml;
import org.utbackpack.host.runtime.Fragments;
import org.utbackpack.host.runtime.Messages;
import org.utbackpack.host.runtime.PluginRuntime;
import org.utbackpack.host.runtime.PowerQueryRunner;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Renders every page in the SIS's frame: the host's own pages from its templates, a plugin's pages from
 * its web_root, each with the same model ($user, $csrf, $student, $params, $fmt) and the fragments
 * plugins add to it.
 */
public final class Pages {

    private static final String LAYOUT = "org/utbackpack/host/templates/layout.vm";
    /** Session attribute: the language a guardian chose in the portal ("en" or "es"). */
    public static final String LANGUAGE = "host.language";
    /** Session attribute: the school a staff member chose with the School link ({id, name}); none = district office. */
    public static final String SCHOOL = "host.school";
    /** The district office: not a school of its own, it sees every school's students. */
    public static final Map<String, Object> DISTRICT_OFFICE = Map.of("id", 0L, "name", "District Office");
    /** Cookie that keeps a guardian's language across sign-out, for the sign-in page and the next session. */
    static final String LANGUAGE_COOKIE = "sis_lang";
    private static final int LANGUAGE_COOKIE_SECONDS = 400 * 24 * 60 * 60;
    private static final Messages HOST_ENGLISH = Messages.resource("org/utbackpack/host/messages_en.properties", null);
    private static final Messages HOST_SPANISH = Messages.resource("org/utbackpack/host/messages_es.properties", HOST_ENGLISH);

    /** A request attribute a template sees by its name. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z]+");
    private static final Pattern FRN = Pattern.compile("001\\d{1,18}");

    private final Renderer host;
    private final Supplier<List<PluginRuntime>> plugins;
    private final Directory directory;
    private final PowerQueryRunner runner;
    private final Formats formats;
    private final Csrf csrf;

    public Pages(Renderer host, Supplier<List<PluginRuntime>> plugins, Directory directory, PowerQueryRunner runner,
                 Formats formats, Csrf csrf) {
        this.csrf = csrf;
        this.host = host;
        this.plugins = plugins;
        this.directory = directory;
        this.runner = runner;
        this.formats = formats;
    }

    /**
     * The student a staff page's {@code frn} names, if it names one that exists: read once per request (the
     * dispatch's check that the student exists and the page's model ask the same question).
     */
    public Optional<Map<String, Object>> student(HttpServletRequest request) {
        String frn = request.getParameter("frn");
        if (frn == null || !FRN.matcher(frn).matches()) {
            return Optional.empty();
        }
        if (request.getAttribute(STUDENT_READ) instanceof StudentRead read && read.frn().equals(frn)) {
            return read.student();
        }
        Optional<Map<String, Object>> student = directory.student(Long.parseLong(frn.substring(3)));
        request.setAttribute(STUDENT_READ, new StudentRead(frn, student));
        return student;
    }

    /** The student a request's frn named, as read from the database (request attribute). */
    private record StudentRead(String frn, Optional<Map<String, Object>> student) {
    }

    private static final String STUDENT_READ = Pages.class.getName() + ".student";

    /** Renders one of the host's own pages (templates under org/utbackpack/host/templates). */
    public void host(HttpServletRequest request, HttpServletResponse response, String template,
                     Map<String, Object> values) throws IOException {
        String path = path(request);
        // a GET's own parameter: reading parameters of a POST would parse (or fail on) its body
        String chosen = "GET".equals(request.getMethod()) ? request.getParameter("lang") : null;
        if (HostRoutes.GUARDIAN_SIGN_IN.equals(path) && ("en".equals(chosen) || "es".equals(chosen))) {
            rememberLanguage(request, response, chosen); // Español / English on the Parent Portal's sign-in page
        }
        Map<String, Object> model = base(request, response, path);
        model.putAll(values);
        VelocityContext context = Renderer.context(model);
        String body = host.render("org/utbackpack/host/templates/" + template, context);
        write(response, frame(context, body));
    }

    /** Renders a plugin's page from its web_root. */
    public void plugin(HttpServletRequest request, HttpServletResponse response, PluginRuntime plugin,
                       Map<String, Object> values) throws IOException {
        String path = path(request);
        Map<String, Object> model = base(request, response, path);
        model.putAll(values);
        model.put("text", plugin.messages((String) model.get("lang")));
        model.put("query", new QueryTool(plugin, runner.readingFor(plugin), path, rowRestriction(request), request));
        VelocityContext context = Renderer.context(model);
        String body = plugin.pages().render(path.substring(1), context);
        write(response, frame(context, body));
    }

    /** A guardian's template queries may only name their own students. */
    private QueryTool.RowRestriction rowRestriction(HttpServletRequest request) {
        SessionUser user = user(request);
        if (user == null || user.staff()) {
            return QueryTool.RowRestriction.NONE;
        }
        return args -> {
            Object student = args.get("studentsdcid");
            if (student == null || !student.toString().matches("\\d{1,18}")
                    || !directory.guardianMaySee(user.id(), Long.parseLong(student.toString()))) {
                throw new SecurityException("A guardian may only query their own students");
            }
            Object guardian = args.get("guardianid");
            if (guardian != null && !guardian.toString().equals(Long.toString(user.id()))) {
                throw new SecurityException("A guardian may only query their own requests");
            }
        };
    }

    private Map<String, Object> base(HttpServletRequest request, HttpServletResponse response, String path) {
        Map<String, Object> model = new HashMap<>();
        SessionUser user = user(request);
        if (user != null) {
            model.put("user", Map.of("id", user.id(), "name", user.name(), "staff", user.staff(),
                    "guardian", user.guardian(), "loginId", user.loginId()));
        }
        model.put("csrf", csrf.token(request, response)); // signed out: bound to a cookie, no session made
        String lang = language(request, user);
        model.put("lang", lang);
        model.put("t", hostMessages(lang));
        model.put("path", path);
        model.put("params", PageModel.params(request));
        model.put("fmt", formats.in(lang));
        if (user != null && user.staff()) {
            model.put("currentSchool", currentSchool(request));
        }
        if (path.startsWith("/admin/students/")) {
            student(request).ifPresent(s -> model.put("student", s));
        }
        if (user != null && user.guardian()) {
            List<Map<String, Object>> students = directory.portalStudents(user.id());
            model.put("students", students);
            Object selected = request.getAttribute("ps.student.dcid");
            students.stream().filter(s -> s.get("dcid").equals(selected)).findFirst()
                    .ifPresent(s -> model.put("student", s));
        }
        for (String name : java.util.Collections.list(request.getAttributeNames())) {
            if (ATTRIBUTE_NAME.matcher(name).matches()) {
                model.put(name, request.getAttribute(name));
            }
        }
        model.put("fragments", new FragmentTool(path, model));
        return model;
    }

    /** The whole page, written only once it is rendered (a page that fails still gets the error page). */
    private PageBuffer frame(VelocityContext context, String body) {
        context.put("body", new SafeHtml(body));
        return host.buffer(LAYOUT, context);
    }

    private static void write(HttpServletResponse response, PageBuffer html) throws IOException {
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        html.writeTo(response.getWriter());
    }

    /**
     * The portal (and its sign-in page) follows the guardian's choice, kept in the session (signed in) and a
     * cookie, then the browser's Accept-Language; staff pages are in English. Never creates a session.
     */
    static String language(HttpServletRequest request, SessionUser user) {
        boolean portal = user == null ? portalPath(path(request)) || signedOutPortalError(request) : user.guardian();
        if (!portal) {
            return "en";
        }
        Object chosen = request.getAttribute(LANGUAGE);
        var session = request.getSession(false);
        if (chosen == null && session != null) {
            chosen = session.getAttribute(LANGUAGE);
        }
        if (chosen instanceof String lang) {
            return lang;
        }
        String cookie = languageCookie(request);
        if (cookie != null) {
            return cookie;
        }
        for (java.util.Locale locale : java.util.Collections.list(request.getLocales())) {
            if (locale.getLanguage().equals("es") || locale.getLanguage().equals("en")) {
                return locale.getLanguage();
            }
        }
        return "en";
    }

    /**
     * An error page for someone signed out is the portal's when the page that failed is a portal page, or
     * when the browser carries the portal's language cookie (a guardian whose session ended, on a form of
     * the portal's).
     */
    static boolean signedOutPortalError(HttpServletRequest request) {
        Object failed = request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI);
        return HostRoutes.ERROR.equals(path(request))
                && ((failed instanceof String uri && portalPath(uri)) || languageCookie(request) != null);
    }

    private static String languageCookie(HttpServletRequest request) {
        if (request.getCookies() != null) {
            for (jakarta.servlet.http.Cookie cookie : request.getCookies()) {
                if (LANGUAGE_COOKIE.equals(cookie.getName())
                        && ("en".equals(cookie.getValue()) || "es".equals(cookie.getValue()))) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** The Parent Portal's addresses: its sign-in pages and the guardian pages. */
    static boolean portalPath(String path) {
        return path.startsWith("/public/") || path.startsWith("/guardian/");
    }

    /** The host's own texts in a page's language ("en" or "es"). */
    static Messages hostMessages(String lang) {
        return "es".equals(lang) ? HOST_SPANISH : HOST_ENGLISH;
    }

    /** The school a staff member works in: the one chosen with the School link, else the district office. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> currentSchool(HttpServletRequest request) {
        var session = request.getSession(false);
        Object chosen = session == null ? null : session.getAttribute(SCHOOL);
        return chosen instanceof Map<?, ?> school ? (Map<String, Object>) school : DISTRICT_OFFICE;
    }

    /**
     * The portal's language for this request, the session when there is one (signed out there is none, and
     * none is made) and, by a long-lived cookie, the next.
     */
    static void rememberLanguage(HttpServletRequest request, HttpServletResponse response, String lang) {
        request.setAttribute(LANGUAGE, lang);
        var session = request.getSession(false);
        if (session != null) {
            session.setAttribute(LANGUAGE, lang);
        }
        jakarta.servlet.http.Cookie cookie = new jakarta.servlet.http.Cookie(LANGUAGE_COOKIE, lang);
        cookie.setPath("/");
        cookie.setMaxAge(LANGUAGE_COOKIE_SECONDS);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    /** The request's path as decoded by the container, which {@link CanonicalPathFilter} made the only one. */
    static String path(HttpServletRequest request) {
        return CanonicalPath.of(request);
    }

    static SessionUser user(HttpServletRequest request) {
        var session = request.getSession(false);
        return session == null ? null : (SessionUser) session.getAttribute(SessionUser.SESSION_ATTRIBUTE);
    }

    /** $fragments in templates: what plugins add to the current page, rendered with the page's model. */
    public final class FragmentTool {
        private final String page;
        private final Map<String, Object> model;

        FragmentTool(String page, Map<String, Object> model) {
            this.page = page;
            this.model = model;
        }

        /** Fragments a sidecar moved into the element with this id. */
        public SafeHtml slot(String id) {
            return render(p -> p.fragments().inSlot(page, id));
        }

        /** Fragments at a standard insertion point (content.header, content.footer, leftnav.footer). */
        public SafeHtml at(String point) {
            return render(p -> p.fragments().at(page, point));
        }

        /** Fragments written for another page (e.g. the student pages' more2.html left navigation). */
        public SafeHtml of(String otherPage, String point) {
            return render(p -> p.fragments().at(otherPage, point));
        }

        private SafeHtml render(java.util.function.Function<PluginRuntime, List<Fragments.Fragment>> which) {
            StringBuilder html = new StringBuilder();
            for (PluginRuntime plugin : plugins.get()) {
                for (Fragments.Fragment fragment : which.apply(plugin)) {
                    Map<String, Object> values = new HashMap<>(model);
                    values.put("text", plugin.messages((String) model.get("lang")));
                    html.append(plugin.pages().render(fragment.template(), Renderer.context(values)));
                }
            }
            return new SafeHtml(html.toString());
        }
    }
}
