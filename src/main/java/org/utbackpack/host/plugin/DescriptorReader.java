package org.utbackpack.host.plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks plugin.xml against the PowerSchool plugin descriptor rules. */
final class DescriptorReader {

    static final String FILE = "plugin.xml";
    static final String NAMESPACE = "http://plugin.powerschool.pearson.com";

    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> ACCESS_LEVELS = Set.of("ViewOnly", "FullAccess");

    private final SecureXml xml;
    private final Problems problems;

    DescriptorReader(SecureXml xml, Problems problems) {
        this.xml = xml;
        this.problems = problems;
    }

    /** The descriptor, or null when plugin.xml is missing, malformed or not a plugin descriptor. */
    PluginDescriptor read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            problems.add(FILE, 0, "plugin.xml is missing; it must sit at the root of the package");
            return null;
        }
        XmlElement plugin = xml.parse(file, FILE, problems);
        if (plugin == null) {
            return null;
        }
        if (!plugin.name().equals("plugin") || !NAMESPACE.equals(plugin.namespace())) {
            problems.add(FILE, plugin.line(), "root element must be <plugin xmlns=\"" + NAMESPACE
                    + "\">, found <" + plugin.name() + "> in namespace '" + plugin.namespace() + "'");
            return null;
        }
        String name = plugin.attr("name");
        String version = plugin.attr("version");
        String description = plugin.attr("description");
        checkName(plugin, name);
        checkVersion(plugin, version);
        maxLength(plugin, "description", description, 256);
        XmlElement publisher = plugin.child("publisher");
        String publisherName = publisher == null ? null : publisher.attr("name");
        String email = checkPublisher(plugin, publisher);
        return new PluginDescriptor(name, version, description, publisherName, email, accessRequests(plugin));
    }

    private void checkName(XmlElement plugin, String name) {
        if (name == null) {
            problems.add(FILE, plugin.line(), "<plugin> needs a name attribute");
        } else {
            maxLength(plugin, "name", name, 40);
        }
    }

    private void checkVersion(XmlElement plugin, String version) {
        if (version == null) {
            problems.add(FILE, plugin.line(), "<plugin> needs a version attribute of digits and dots, e.g. 1.2.3");
        } else if (!VERSION.matcher(version).matches()) {
            problems.add(FILE, plugin.line(), "version '" + version + "' must be digits and dots, e.g. 1.2.3");
        } else {
            maxLength(plugin, "version", version, 20);
        }
    }

    /** Checks {@code <publisher name><contact email/></publisher>} and returns the email (may be null). */
    private String checkPublisher(XmlElement plugin, XmlElement publisher) {
        if (publisher == null) {
            problems.add(FILE, plugin.line(), "<plugin> needs a <publisher name=\"...\"> with a <contact email=\"...\"/>");
            return null;
        }
        String name = publisher.attr("name");
        if (name == null) {
            problems.add(FILE, publisher.line(), "<publisher> needs a name attribute");
        } else {
            maxLength(publisher, "publisher name", name, 100);
        }
        XmlElement contact = publisher.child("contact");
        String email = contact == null ? null : contact.attr("email");
        if (contact == null || email == null) {
            int line = contact == null ? publisher.line() : contact.line();
            problems.add(FILE, line, "<publisher> needs a <contact email=\"...\"/>");
            return email;
        }
        if (!EMAIL.matcher(email).matches()) {
            problems.add(FILE, contact.line(), "contact email '" + email + "' does not look like an email address");
        }
        maxLength(contact, "contact email", email, 40);
        maxLength(contact, "contact phone", contact.attr("phone"), 20);
        return email;
    }

    private List<AccessRequest> accessRequests(XmlElement plugin) {
        List<AccessRequest> requests = new ArrayList<>();
        for (XmlElement block : plugin.children("access_request")) {
            for (XmlElement field : block.children("field")) {
                AccessRequest request = accessRequest(field);
                if (request != null) {
                    requests.add(request);
                }
            }
        }
        return requests;
    }

    private AccessRequest accessRequest(XmlElement field) {
        String table = field.attr("table");
        String column = field.attr("field");
        String access = field.attr("access");
        if (table == null || column == null) {
            problems.add(FILE, field.line(), "<field> in <access_request> needs table and field attributes");
            return null;
        }
        maxLength(field, "access_request table", table, 30);
        maxLength(field, "access_request field", column, 30);
        if (AccessRequest.neverGranted(table, column)) {
            problems.add(FILE, field.line(), "access_request asks for " + table + "." + column
                    + ", which the SIS never grants to a plugin (credentials and the SIS's own tables)");
        }
        if (access == null || !ACCESS_LEVELS.contains(access)) {
            problems.add(FILE, field.line(), "access for " + table + "." + column + " must be ViewOnly or FullAccess");
        }
        return new AccessRequest(Names.upper(table), Names.upper(column), access);
    }

    private void maxLength(XmlElement element, String what, String value, int max) {
        if (value != null && value.length() > max) {
            problems.add(FILE, element.line(), what + " is " + value.length() + " characters; at most " + max + " allowed");
        }
    }
}
