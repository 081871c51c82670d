package org.utbackpack.host.render;

import org.apache.velocity.Template;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Velocity, set up once per template root: the host's own templates from the classpath, a plugin's
 * pages and fragments from its web_root. Output is HTML-escaped by default ({@link EscapeByDefault}).
 */
public final class Renderer {

    private final VelocityEngine engine;
    /** Each template's last output length, in characters. */
    private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

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
        return buffer(name, context).toString();
    }

    /**
     * Renders a template into a buffer sized by what the same template gave last time (a page is tens of
     * kilobytes, most fragments a few hundred characters or none), to be written out whole once it is done.
     */
    public PageBuffer buffer(String name, VelocityContext context) {
        Template template = engine.getTemplate(name, "UTF-8");
        Integer last = sizes.get(name);
        PageBuffer out = new PageBuffer(last == null ? 1024 : last + last / 8 + 64);
        template.merge(context, out);
        if (last == null || last != out.length()) {
            sizes.put(name, out.length());
        }
        return out;
    }

    public static VelocityContext context(Map<String, Object> values) {
        return new VelocityContext(new java.util.HashMap<>(values));
    }
}
