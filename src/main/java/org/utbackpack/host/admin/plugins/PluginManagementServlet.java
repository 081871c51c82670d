package org.utbackpack.host.admin.plugins;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.Flash;
import org.utbackpack.host.web.Limits;
import org.utbackpack.host.web.Pages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * System > Plugin Management Configuration: the installed plugins with what they are and the data they
 * ask for; Install (zip upload), Update, Enable, Disable and Delete. Every post redirects back to the
 * list with its outcome (post-redirect-get). System administrators only (the admin filter checks).
 */
public final class PluginManagementServlet extends HttpServlet {

    public static final String LIST = "/admin/tech/plugins.html";
    /** Prefix of the actions and their confirmation pages: install, update(.html), enable, disable, delete(.html). */
    public static final String ACTIONS = "/admin/tech/plugins";
    /** Largest upload accepted ({@link Limits#MAX_PLUGIN_UPLOAD}). */
    public static final long MAX_UPLOAD = Limits.MAX_PLUGIN_UPLOAD;

    private final PluginManager manager;
    private final Pages pages;
    private final Path uploads;

    public PluginManagementServlet(PluginManager manager, Pages pages, Path uploads) {
        this.manager = manager;
        this.pages = pages;
        this.uploads = uploads;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String action = action(request);
        if (action.isEmpty()) {
            pages.host(request, response, "admin/plugins.vm", Map.of("title", "Plugin Management Configuration",
                    "plugins", manager.installed(), "maxUploadMb", MAX_UPLOAD / (1024 * 1024)));
            return;
        }
        Optional<PluginManager.Installed> plugin = Optional.ofNullable(request.getParameter("name"))
                .flatMap(manager::find);
        if (plugin.isEmpty() || !(action.equals("update.html") || action.equals("delete.html"))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND,
                    "There is no such plugin. Open System > Plugin Management Configuration.");
            return;
        }
        Map<String, Object> values = new HashMap<>();
        values.put("plugin", plugin.get());
        values.put("title", action.equals("update.html") ? "Update Plugin" : "Delete Plugin");
        values.put("maxUploadMb", MAX_UPLOAD / (1024 * 1024));
        pages.host(request, response, action.equals("update.html") ? "admin/plugin_update.vm" : "admin/plugin_delete.vm",
                values);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        Actor actor = Actor.of(request);
        String name = request.getParameter("name");
        PluginManager.Outcome outcome = switch (action(request)) {
            case "install" -> withUpload(request, zip -> manager.install(zip, actor));
            case "update" -> withUpload(request, zip -> manager.update(name, zip, actor));
            case "enable" -> manager.enable(name, actor);
            case "disable" -> manager.disable(name, actor);
            case "delete" -> manager.delete(name, actor);
            default -> null;
        };
        if (outcome == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "Page not found.");
            return;
        }
        List<Flash.Line> problems = outcome.problems().stream()
                .map(p -> new Flash.Line(p.file(), p.line(), p.message())).toList();
        new Flash(outcome.ok() ? "notice" : "error", outcome.message(), Map.of(), problems).keep(request);
        response.sendRedirect(request.getContextPath() + LIST);
    }

    private interface ZipAction {
        PluginManager.Outcome apply(Path zip);
    }

    /** Saves the uploaded file under its own (cleaned) name, so problems name the file the person chose. */
    private PluginManager.Outcome withUpload(HttpServletRequest request, ZipAction action)
            throws IOException, ServletException {
        Part part;
        try {
            part = request.getPart("plugin");
        } catch (IllegalStateException e) {
            return PluginManager.Outcome.refused("The file is larger than " + MAX_UPLOAD / (1024 * 1024)
                    + " MB; a plugin package is much smaller. Nothing changed.");
        }
        if (part == null || part.getSize() == 0) {
            return PluginManager.Outcome.refused("Choose the plugin's .zip file first. Nothing changed.");
        }
        Path folder = uploads.resolve(".upload-" + UUID.randomUUID());
        Files.createDirectories(folder);
        Path zip = folder.resolve(fileName(part.getSubmittedFileName()));
        try (InputStream in = part.getInputStream()) {
            Files.copy(in, zip);
            return action.apply(zip);
        } finally {
            Files.deleteIfExists(zip);
            Files.deleteIfExists(folder);
            part.delete();
        }
    }

    private static String fileName(String submitted) {
        String name = submitted == null ? "" : submitted.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty() || name.startsWith(".")) {
            name = "plugin" + name;
        }
        return name.length() > 100 ? name.substring(name.length() - 100) : name;
    }

    private static String action(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null || info.equals("/") ? "" : info.substring(1);
    }
}
