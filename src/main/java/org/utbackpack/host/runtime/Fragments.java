package org.utbackpack.host.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * A plugin's page fragments: {@code <dir>/<page>.<Name>.<insertion point>.txt} beside the page they
 * extend. A sidecar {@code .xml} with {@code <inject location="#id" how="append"/>} moves a fragment
 * into the element with that id; the host's pages name such slots (only {@code #id} locations are
 * supported).
 */
public final class Fragments {

    /** One fragment: the page it extends (e.g. /admin/students/state/USA_UT/home.html), where, and its template. */
    public record Fragment(String page, String name, String point, String slot, String template) {
    }

    private static final Pattern NAME = Pattern.compile("(.+)\\.([A-Za-z0-9_-]+)\\.(content\\.header|content\\.footer|leftnav\\.footer|page\\.header)\\.txt");

    private final List<Fragment> fragments;

    private Fragments(List<Fragment> fragments) {
        this.fragments = List.copyOf(fragments);
    }

    public static Fragments scan(Path webRoot) {
        List<Fragment> found = new ArrayList<>();
        if (webRoot == null || !Files.isDirectory(webRoot)) {
            return new Fragments(found);
        }
        try (Stream<Path> files = Files.walk(webRoot)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                Matcher m = NAME.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String dir = webRoot.relativize(file.getParent()).toString().replace('\\', '/');
                String page = "/" + (dir.isEmpty() ? "" : dir + "/") + m.group(1) + ".html";
                String template = webRoot.relativize(file).toString().replace('\\', '/');
                Path sidecar = file.resolveSibling(file.getFileName().toString().replaceAll("\\.txt$", ".xml"));
                found.add(new Fragment(page, m.group(2), m.group(3), slot(sidecar), template));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the plugin's web_root: " + e.getMessage(), e);
        }
        return new Fragments(found);
    }

    /** Fragments for a page at a standard insertion point, without a sidecar relocation. */
    public List<Fragment> at(String page, String point) {
        return fragments.stream().filter(f -> f.page().equals(page) && f.point().equals(point) && f.slot() == null).toList();
    }

    /** Fragments for a page that a sidecar moved into the element with this id. */
    public List<Fragment> inSlot(String page, String slotId) {
        return fragments.stream().filter(f -> f.page().equals(page) && slotId.equals(f.slot())).toList();
    }

    public List<Fragment> all() {
        return fragments;
    }

    private static String slot(Path sidecar) {
        if (!Files.isRegularFile(sidecar)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(sidecar)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var inject = factory.newDocumentBuilder().parse(in).getElementsByTagName("inject");
            if (inject.getLength() == 0) {
                return null;
            }
            String location = ((org.w3c.dom.Element) inject.item(0)).getAttribute("location").trim();
            return location.startsWith("#") ? location.substring(1) : null;
        } catch (Exception e) {
            return null; // the validator reports a broken sidecar; the fragment stays at its point
        }
    }
}
