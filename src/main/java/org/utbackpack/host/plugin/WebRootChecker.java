package org.utbackpack.host.plugin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks web_root as the SIS reads it:
 * <ul>
 *   <li>page fragments {@code <page>.<FragmentName>.<insertion point>.txt} and their optional {@code .xml}
 *       placement file (same name, {@code .xml} instead of {@code .txt});</li>
 *   <li>wildcards: {@code web_root/wildcards/<name>.txt}, included by pages with {@code ~[wc:name]}, and
 *       fragments of wildcards ({@code wildcards/guardian_header.<Name>.leftnav.footer.txt});</li>
 *   <li>{@code pagecataloging/*.json} (Enhanced Navigation), at the package root or in web_root;</li>
 *   <li>the SIS's page tags in pages ({@code ~[wc:name]}, {@code ~[text:key]}, {@code ~(field)},
 *       {@code ~[if...]}): a page that includes a wildcard neither the package nor the SIS has is warned.</li>
 * </ul>
 * Only a placement file that is not XML is an error: any other text file the SIS serves as it is, so a
 * name that is not a fragment's is a warning.
 */
final class WebRootChecker {

    static final String FOLDER = "web_root";
    static final String WILDCARDS = "wildcards";
    static final String PAGE_CATALOGING = "pagecataloging";
    static final List<String> INSERTION_POINTS = List.of("content.header", "content.footer", "leftnav.footer", "page.header");

    /** Wildcards every SIS has (the frames of admin, teacher and portal pages). */
    static final Set<String> SIS_WILDCARDS = Set.of(
            "commonscripts", "admin_header_css", "admin_header_frame_css", "admin_navigation_css",
            "admin_navigation_frame_css", "admin_footer_css", "admin_footer_frame_css", "admin_header_frame",
            "admin_footer_frame", "title_student_begin_css", "title_student_end_css", "title_student_begin",
            "title_student_end", "guardian_header", "guardian_footer", "guardian_header_yui", "guardian_footer_yui",
            "teachers_header_css", "teachers_header_fr_css", "teachers_footer_css", "teachers_footer_fr_css",
            "teachers_nav_css", "teachers_nav_fr_css", "subs_navigation_css", "subs_header_css", "subs_footer_css");

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_\\-]+");
    private static final Pattern WILDCARD_TAG = Pattern.compile("~\\[wc:([^\\]\\s;]+)");

    private final SecureXml xml;
    private final Problems problems;
    private final ObjectMapper json = new ObjectMapper();

    WebRootChecker(SecureXml xml, Problems problems) {
        this.xml = xml;
        this.problems = problems;
    }

    void check(Path root) {
        Path webRoot = root.resolve(FOLDER);
        List<Path> files = PackageFiles.walk(webRoot);
        Set<String> wildcards = new HashSet<>(SIS_WILDCARDS);
        for (Path path : files) {
            String name = path.getFileName().toString();
            if (isWildcard(webRoot, path)) {
                wildcards.add(name.substring(0, name.length() - ".txt".length()));
            }
        }
        for (Path path : files) {
            String name = path.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".txt") && !isWildcard(webRoot, path)) {
                checkFragment(root, path, name);
            } else if (lower.endsWith(".html")) {
                checkPageTags(root, path, wildcards);
            } else if (lower.endsWith(".json") && inPageCataloging(webRoot, path)) {
                checkJson(root, path);
            }
        }
        for (Path path : PackageFiles.list(root.resolve(PAGE_CATALOGING), n -> n.toLowerCase(Locale.ROOT).endsWith(".json"))) {
            checkJson(root, path);
        }
    }

    /** {@code web_root/wildcards/<name>.txt} with no dot in the name: a wildcard, not a fragment. */
    private static boolean isWildcard(Path webRoot, Path path) {
        String name = path.getFileName().toString();
        return path.getParent().equals(webRoot.resolve(WILDCARDS)) && name.endsWith(".txt")
                && name.indexOf('.') == name.length() - ".txt".length();
    }

    private static boolean inPageCataloging(Path webRoot, Path path) {
        Path relative = webRoot.relativize(path);
        return relative.getNameCount() > 1 && relative.getName(0).toString().equals(PAGE_CATALOGING);
    }

    private void checkFragment(Path root, Path path, String name) {
        String file = PackageFiles.relative(root, path);
        String base = name.substring(0, name.length() - ".txt".length());
        String point = INSERTION_POINTS.stream().filter(p -> base.endsWith("." + p)).findFirst().orElse(null);
        if (point == null) {
            problems.warn(file, 0, "not a page fragment, so the SIS serves it as a plain file: fragment names are"
                    + " <page>.<FragmentName>.<insertion point>.txt, where the insertion point is one of "
                    + String.join(", ", INSERTION_POINTS));
            return;
        }
        String pageAndFragment = base.substring(0, base.length() - point.length() - 1);
        int dot = pageAndFragment.lastIndexOf('.');
        if (dot <= 0 || !PART.matcher(pageAndFragment.substring(0, dot)).matches()
                || !PART.matcher(pageAndFragment.substring(dot + 1)).matches()) {
            problems.warn(file, 0, "not a page fragment, so the SIS serves it as a plain file: a fragment is named"
                    + " <page>.<FragmentName>." + point + ".txt");
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

    /** {@code ~[wc:name]} must name a wildcard of the package or of the SIS. */
    private void checkPageTags(Path root, Path path, Set<String> wildcards) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(PackageFiles.relative(root, path), 0, "cannot be read as UTF-8 text: " + e.getMessage());
            return;
        }
        Matcher tag = WILDCARD_TAG.matcher(text);
        while (tag.find()) {
            if (!wildcards.contains(tag.group(1))) {
                problems.warn(PackageFiles.relative(root, path), lineAt(text, tag.start()), "includes the wildcard ~[wc:"
                        + tag.group(1) + "], which neither this package (web_root/wildcards/" + tag.group(1)
                        + ".txt) nor the SIS has; the SIS shows nothing there");
            }
        }
    }

    private void checkJson(Path root, Path path) {
        try {
            json.readTree(path.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            problems.warn(PackageFiles.relative(root, path), at == null ? 0 : at.getLineNr(),
                    "Enhanced Navigation ignores this file: it is not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            problems.add(PackageFiles.relative(root, path), 0, "cannot be read: " + e.getMessage());
        }
    }

    private static int lineAt(String text, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
