package org.utbackpack.host.plugin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads and checks {@code permissions_root/*.permission_mappings.xml}. */
final class PermissionReader {

    static final String FOLDER = "permissions_root";
    static final String SUFFIX = ".permission_mappings.xml";
    static final String QUERY_RESOURCE = "/ws/schema/query/";

    private static final Set<String> METHODS = Set.of("get", "post", "put", "delete");

    private final SecureXml xml;
    private final Problems problems;

    PermissionReader(SecureXml xml, Problems problems) {
        this.xml = xml;
        this.problems = problems;
    }

    /** @param queryNames the package's named queries, which query resources must refer to */
    List<PermissionMapping> read(Path root, Set<String> queryNames) {
        List<PermissionMapping> mappings = new ArrayList<>();
        for (Path path : PackageFiles.list(root.resolve(FOLDER), name -> name.toLowerCase(Locale.ROOT).endsWith(".xml"))) {
            String file = PackageFiles.relative(root, path);
            if (!path.getFileName().toString().endsWith(SUFFIX)) {
                problems.add(file, 0, "permission files must be named <unique>" + SUFFIX + "; the SIS would ignore this one");
                continue;
            }
            mappings.addAll(readFile(path, file, queryNames));
        }
        return List.copyOf(mappings);
    }

    private List<PermissionMapping> readFile(Path path, String file, Set<String> queryNames) {
        XmlElement root = xml.parse(path, file, problems);
        if (root == null) {
            return List.of();
        }
        if (!root.name().equals("permission_mappings")) {
            problems.add(file, root.line(), "root element must be <permission_mappings>, found <" + root.name() + ">");
            return List.of();
        }
        List<PermissionMapping> mappings = new ArrayList<>();
        for (XmlElement permission : root.children("permission")) {
            String page = permission.attr("name");
            if (page == null || !page.startsWith("/")) {
                problems.add(file, permission.line(), "<permission> needs name=\"/path/page.html\" starting with '/', found '" + page + "'");
                continue;
            }
            mappings.add(new PermissionMapping(file, page, implies(file, permission, page, queryNames)));
        }
        return mappings;
    }

    private List<Implied> implies(String file, XmlElement permission, String page, Set<String> queryNames) {
        List<Implied> implies = new ArrayList<>();
        for (XmlElement element : permission.children("implies")) {
            String resource = element.text();
            Set<String> allow = allow(file, element, page);
            if (resource.isEmpty() || !resource.startsWith("/")) {
                problems.add(file, element.line(), page + ": <implies> needs a resource path starting with '/', found '" + resource + "'");
                continue;
            }
            checkQueryResource(file, element.line(), page, resource, queryNames);
            implies.add(new Implied(resource, allow));
        }
        return implies;
    }

    private Set<String> allow(String file, XmlElement element, String page) {
        String value = element.attr("allow");
        Set<String> methods = new LinkedHashSet<>();
        if (value == null) {
            problems.add(file, element.line(), page + ": <implies> needs allow=\"get|post|put|delete\"");
            return methods;
        }
        for (String method : value.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
            if (METHODS.contains(method)) {
                methods.add(method);
            } else {
                problems.add(file, element.line(), page + ": allow '" + method + "' must be get, post, put or delete");
            }
        }
        return methods;
    }

    private void checkQueryResource(String file, int line, String page, String resource, Set<String> queryNames) {
        if (!resource.startsWith(QUERY_RESOURCE)) {
            return;
        }
        String query = resource.substring(QUERY_RESOURCE.length());
        if (!queryNames.contains(query)) {
            problems.add(file, line, page + ": " + resource + " names query '" + query + "', which this package does not define");
        }
    }
}
