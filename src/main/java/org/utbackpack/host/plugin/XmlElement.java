package org.utbackpack.host.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small read-only XML tree that remembers where each element starts, so validation messages can
 * point at a line. Children are matched by local name: package files use one default namespace.
 */
final class XmlElement {

    private final String namespace;
    private final String name;
    private final int line;
    private final Map<String, String> attributes;
    private final List<XmlElement> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    XmlElement(String namespace, String name, int line, Map<String, String> attributes) {
        this.namespace = namespace;
        this.name = name;
        this.line = line;
        this.attributes = Map.copyOf(attributes);
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    int line() {
        return line;
    }

    /** The attribute's value, trimmed; null when absent or blank. */
    String attr(String attributeName) {
        String value = attributes.get(attributeName);
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.trim();
    }

    /** The attribute exactly as written (untrimmed), or null when absent. */
    String rawAttr(String attributeName) {
        return attributes.get(attributeName);
    }

    List<XmlElement> children(String childName) {
        List<XmlElement> matching = new ArrayList<>();
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                matching.add(child);
            }
        }
        return matching;
    }

    /** The first child with that name, or null. */
    XmlElement child(String childName) {
        for (XmlElement child : children) {
            if (child.name.equals(childName)) {
                return child;
            }
        }
        return null;
    }

    /** Text directly inside this element (CDATA included), trimmed. */
    /** The text as written, white space included, for locating lines inside it. */
    String rawText() {
        return text.toString();
    }

    String text() {
        return text.toString().trim();
    }

    void addChild(XmlElement child) {
        children.add(child);
    }

    void appendText(char[] chars, int start, int length) {
        text.append(chars, start, length);
    }
}
