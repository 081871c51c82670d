package org.utbackpack.host.render;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Velocity, set up once per template root: the host's own templates from the classpath, a plugin's
 * pages and fragments from its web_root. Output is HTML-escaped by default ({@link EscapeByDefault}).
 */
public final class Renderer {

    private final VelocityEngine engine;

    private Renderer(Properties properties) {
        properties.setProperty(RuntimeConstants.EVENTHANDLER_REFERENCEINSERTION, EscapeByDefault.class.getName());
        properties.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
        properties.setProperty("parser.space_gobbling", "lines");
        properties.setProperty("runtime.log.log_invalid_references", "false");
        this.engine = new VelocityEngine(properties);
        this.engine.init();
    }

    /** Templates from the classpath, under {@code prefix}. */
    public static Renderer classpath() {
        Properties p = new Properties();
        p.setProperty("resource.loaders", "class");
        p.setProperty("resource.loader.class.class", "org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader");
        p.setProperty("resource.loader.class.cache", "true");
        return new Renderer(p);
    }

    /** Templates from a directory (a plugin's web_root). */
    public static Renderer directory(Path root) {
        Properties p = new Properties();
        p.setProperty("resource.loaders", "file");
        p.setProperty("resource.loader.file.path", root.toAbsolutePath().toString());
        p.setProperty("resource.loader.file.cache", "true");
        p.setProperty("resource.loader.file.modification_check_interval", "2");
        return new Renderer(p);
    }

    public boolean exists(String name) {
        return engine.resourceExists(name);
    }

    /** Renders a template; the context's values are visible afterwards (a page may set its title). */
    public String render(String name, VelocityContext context) {
        Template template = engine.getTemplate(name, "UTF-8");
        StringWriter out = new StringWriter(32 * 1024); // a Backpack page is tens of kilobytes: grown once or twice, not a dozen times
        template.merge(context, out);
        return out.toString();
    }

    public static VelocityContext context(Map<String, Object> values) {
        return new VelocityContext(new java.util.HashMap<>(values));
    }
}
