package org.utbackpack.host.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.utbackpack.host.runtime.PluginRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Serves what plugins put in web_root: {@code .html} pages rendered in the SIS frame, and their
 * scripts, styles and images as files. Also the host's own assets under /host-assets/.
 */
public final class PluginDispatchServlet extends HttpServlet {

    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css", "js", "text/javascript", "png", "image/png", "svg", "image/svg+xml",
            "ico", "image/x-icon", "json", "application/json", "gif", "image/gif", "jpg", "image/jpeg");

    private final Supplier<List<PluginRuntime>> plugins;
    private final Pages pages;

    public PluginDispatchServlet(Supplier<List<PluginRuntime>> plugins, Pages pages) {
        this.plugins = plugins;
        this.pages = pages;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = Pages.path(request);
        if (path.contains("..") || path.contains("\\") || path.contains("%")) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (path.startsWith("/host-assets/")) {
            serveClasspath(path.substring("/host-assets/".length()), response);
            return;
        }
        if (path.equals("/favicon.ico")) { // browsers that ask before reading the page's icon link
            serveClasspath("favicon.svg", response);
            return;
        }
        for (PluginRuntime plugin : plugins.get()) {
            if (plugin.hasPage(path)) {
                if (path.startsWith("/admin/students/") && pages.student(request).isEmpty()) {
                    response.sendError(HttpServletResponse.SC_NOT_FOUND,
                            "There is no such student. Search for the student on the Start Page.");
                    return;
                }
                pages.plugin(request, response, plugin, Map.of());
                return;
            }
            Path file = plugin.webRoot().resolve(path.substring(1)).normalize();
            String type = TYPES.get(extension(path));
            if (type != null && file.startsWith(plugin.webRoot().normalize()) && Files.isRegularFile(file)) {
                response.setContentType(type);
                response.setHeader("Cache-Control", "max-age=300");
                Files.copy(file, response.getOutputStream());
                return;
            }
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "Page not found.");
    }

    private static void serveClasspath(String name, HttpServletResponse response) throws IOException {
        String type = TYPES.get(extension(name));
        byte[] asset = type == null || !name.matches("[a-z0-9_.-]+") ? null : hostAsset(name);
        if (asset == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "Page not found.");
            return;
        }
        response.setContentType(type);
        response.setHeader("Cache-Control", "max-age=300");
        response.setContentLength(asset.length);
        response.getOutputStream().write(asset);
    }

    /**
     * The host's own assets, read from its jar once (they cannot change while it runs). Only assets that
     * exist are kept, so asking for made-up names cannot fill the map.
     */
    private static final Map<String, byte[]> HOST_ASSETS = new ConcurrentHashMap<>();

    private static byte[] hostAsset(String name) throws IOException {
        byte[] asset = HOST_ASSETS.get(name);
        if (asset == null) {
            try (InputStream in = PluginDispatchServlet.class.getResourceAsStream("/org/utbackpack/host/assets/" + name)) {
                if (in == null) {
                    return null;
                }
                asset = in.readAllBytes();
            }
            HOST_ASSETS.put(name, asset);
        }
        return asset;
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1).toLowerCase();
    }
}
