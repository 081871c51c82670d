package org.utbackpack.host.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks page fragments in web_root: {@code <page>.<FragmentName>.<insertion point>.txt}, and their
 * optional {@code .xml} sidecar (same name, {@code .xml} instead of {@code .txt}) that relocates them.
 */
final class WebRootChecker {

    static final String FOLDER = "web_root";
    static final List<String> INSERTION_POINTS = List.of("content.header", "content.footer", "leftnav.footer", "page.header");

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_\\-]+");

    private final SecureXml xml;
    private final Problems problems;

    WebRootChecker(SecureXml xml, Problems problems) {
        this.xml = xml;
        this.problems = problems;
    }

    void check(Path root) {
        for (Path path : PackageFiles.walk(root.resolve(FOLDER))) {
            String name = path.getFileName().toString();
            if (name.endsWith(".txt")) {
                checkFragment(root, path, name);
            }
        }
    }

    private void checkFragment(Path root, Path path, String name) {
        String file = PackageFiles.relative(root, path);
        String base = name.substring(0, name.length() - ".txt".length());
        String point = INSERTION_POINTS.stream().filter(p -> base.endsWith("." + p)).findFirst().orElse(null);
        if (point == null) {
            problems.add(file, 0, "fragment file names must be <page>.<FragmentName>.<insertion point>.txt, "
                    + "where the insertion point is one of " + String.join(", ", INSERTION_POINTS));
            return;
        }
        String pageAndFragment = base.substring(0, base.length() - point.length() - 1);
        int dot = pageAndFragment.lastIndexOf('.');
        if (dot <= 0 || !PART.matcher(pageAndFragment.substring(0, dot)).matches()
                || !PART.matcher(pageAndFragment.substring(dot + 1)).matches()) {
            problems.add(file, 0, "fragment name must be <page>.<FragmentName>." + point + ".txt");
            return;
        }
        checkSidecar(root, path.resolveSibling(base + ".xml"));
    }

    private void checkSidecar(Path root, Path sidecar) {
        if (!Files.isRegularFile(sidecar)) {
            return;
        }
        String file = PackageFiles.relative(root, sidecar);
        XmlElement metadata = xml.parse(sidecar, file, problems);
        if (metadata != null && !metadata.name().equals("insertionMetadata")) {
            problems.add(file, metadata.line(), "root element must be <insertionMetadata>, found <" + metadata.name() + ">");
        }
    }
}
