package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * An Ed-Fi export as a loader reads it (the zip's manifest and one JSON Lines file per resource), and what a
 * loader into an empty ODS would trip on: items invalid against Ed-Fi's DS 5 schemas, natural keys used twice,
 * references to items that are not in the export or come later in the load order, and descriptors that are
 * neither Ed-Fi's own nor exported. Each problem names the resource, the item (file line) and the rule.
 */
public final class Ds5Export {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ED_FI = "uri://ed-fi.org/";

    public final JsonNode manifest;
    /** resource -> its items, in load order. */
    public final Map<String, List<JsonNode>> resources = new LinkedHashMap<>();

    private Ds5Export(JsonNode manifest) {
        this.manifest = manifest;
    }

    public static Ds5Export read(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (entries.put(e.getName(), in.readAllBytes()) != null) {
                    throw new AssertionError("the zip holds " + e.getName() + " twice");
                }
            }
        }
        byte[] manifest = entries.remove("manifest.json");
        if (manifest == null) {
            throw new AssertionError("the zip has no manifest.json: " + entries.keySet());
        }
        Ds5Export export = new Ds5Export(JSON.readTree(manifest));
        for (JsonNode file : export.manifest.path("files")) {
            String resource = file.path("resource").asText();
            byte[] data = entries.remove(file.path("file").asText());
            if (data == null || !file.path("file").asText().equals(resource + ".jsonl")
                    || !file.path("endpoint").asText().equals("/data/ed-fi/" + resource)) {
                throw new AssertionError("manifest entry " + file + " does not name a file " + resource + ".jsonl in the zip");
            }
            List<JsonNode> items = new ArrayList<>();
            int line = 0;
            for (String text : new String(data, StandardCharsets.UTF_8).split("\n", -1)) {
                line++;
                if (text.isEmpty() && line > 1) {
                    continue;
                }
                JsonNode item = JSON.readTree(text);
                if (item == null || !item.isObject()) {
                    throw new AssertionError(resource + ".jsonl line " + line + " is not one JSON object");
                }
                items.add(item);
            }
            if (items.size() != file.path("items").asInt()) {
                throw new AssertionError(resource + ": the manifest says " + file.path("items") + " items, the file has "
                        + items.size());
            }
            export.resources.put(resource, items);
        }
        if (!entries.isEmpty()) {
            throw new AssertionError("files the manifest does not list: " + entries.keySet());
        }
        return export;
    }

    public int size(String resource) {
        return resources.getOrDefault(resource, List.of()).size();
    }

    /** Items left out per "resource: reason", from the manifest. */
    public Map<String, Integer> leftOut() {
        Map<String, Integer> out = new TreeMap<>();
        manifest.path("leftOut").forEach(l -> out.merge(l.path("resource").asText() + ": " + l.path("reason").asText(),
                l.path("items").asInt(), Integer::sum));
        return out;
    }

    /** Everything a loader into an empty ODS would trip on; empty when the export loads as it is. */
    public List<String> problems(Ds5Schemas schemas) {
        List<String> problems = new ArrayList<>();
        Set<String> loaded = new HashSet<>();
        Set<String> descriptors = new HashSet<>();
        Map<String, Map<String, Set<String>>> indexes = new HashMap<>();
        for (Map.Entry<String, List<JsonNode>> resource : resources.entrySet()) {
            String name = resource.getKey();
            if (!schemas.knows(name)) {
                problems.add(name + ": not a resource of Ed-Fi's DS 5 API");
                continue;
            }
            Set<String> keys = new HashSet<>();
            int line = 0;
            for (JsonNode item : resource.getValue()) {
                line++;
                String where = name + " item " + line;
                for (String v : schemas.violations(name, item)) {
                    problems.add(where + ": " + v);
                }
                String key = key(item, schemas.identity(name));
                if (!keys.add(key)) {
                    problems.add(where + ": natural key " + key + " is used by an earlier item [unique key]");
                }
                references(item, where, loaded, indexes, problems);
                descriptorValues(item, where, descriptors, schemas, problems);
                if (name.endsWith("Descriptors")) {
                    descriptors.add(item.path("namespace").asText() + "#" + item.path("codeValue").asText());
                }
            }
            loaded.add(name);
        }
        return problems;
    }

    private static String key(JsonNode item, List<String> identity) {
        Map<String, JsonNode> parts = new TreeMap<>();
        for (String member : identity) {
            parts.put(member, item.get(member));
        }
        return parts.toString();
    }

    /** Every {@code ...Reference} must match an item loaded before this one on every member it gives. */
    private void references(JsonNode node, String where, Set<String> loaded, Map<String, Map<String, Set<String>>> indexes,
                            List<String> problems) {
        node.fields().forEachRemaining(f -> {
            if (f.getKey().endsWith("Reference") && f.getValue().isObject()) {
                String target = target(f.getKey());
                if (target == null) {
                    return; // school years are the ODS's own
                }
                if (!loaded.contains(target)) {
                    problems.add(where + ": " + f.getKey() + " refers to " + target + ", which is not loaded before it"
                            + " [reference in load order]");
                    return;
                }
                Map<String, String> wanted = new TreeMap<>();
                f.getValue().fields().forEachRemaining(m -> wanted.put(
                        target.equals("schools") && m.getKey().equals("educationOrganizationId") ? "schoolId" : m.getKey(),
                        m.getValue().asText()));
                Set<String> index = indexes.computeIfAbsent(target, t -> new HashMap<>())
                        .computeIfAbsent(String.join(",", wanted.keySet()), k -> index(target, wanted.keySet()));
                if (!index.contains(wanted.toString())) {
                    problems.add(where + ": " + f.getKey() + " " + f.getValue() + " matches no item of " + target
                            + " [reference closes]");
                }
            } else if (f.getValue().isContainerNode()) {
                if (f.getValue().isArray()) {
                    f.getValue().forEach(e -> references(e, where, loaded, indexes, problems));
                } else {
                    references(f.getValue(), where, loaded, indexes, problems);
                }
            }
        });
    }

    private static String target(String reference) {
        String entity = reference.substring(0, reference.length() - "Reference".length());
        return switch (entity) {
            case "schoolYearType" -> null;
            case "educationOrganization" -> "schools";
            case "staff" -> "staffs";
            default -> entity + "s";
        };
    }

    /** The items of a resource as their values of these members (found at the top or in a top-level reference). */
    private Set<String> index(String resource, Set<String> members) {
        Set<String> index = new HashSet<>();
        for (JsonNode item : resources.getOrDefault(resource, List.of())) {
            Map<String, String> flat = new HashMap<>();
            item.fields().forEachRemaining(f -> {
                if (f.getValue().isValueNode()) {
                    flat.put(f.getKey(), f.getValue().asText());
                } else if (f.getKey().endsWith("Reference")) {
                    f.getValue().fields().forEachRemaining(m -> flat.putIfAbsent(m.getKey(), m.getValue().asText()));
                }
            });
            Map<String, String> values = new TreeMap<>();
            for (String m : members) {
                values.put(m, flat.get(m));
            }
            index.add(values.toString());
        }
        return index;
    }

    private static void descriptorValues(JsonNode node, String where, Set<String> exported, Ds5Schemas schemas,
                                         List<String> problems) {
        node.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (f.getKey().endsWith("Descriptor") && v.isTextual()) {
                String uri = v.asText();
                if (!uri.matches("uri://[^#]+#.+")) {
                    problems.add(where + ": " + f.getKey() + " " + uri + " is not a namespace#codeValue URI [descriptor]");
                } else if (uri.startsWith(ED_FI) ? !schemas.isEdFiDescriptor(uri) : !exported.contains(uri)) {
                    problems.add(where + ": " + f.getKey() + " " + uri + (uri.startsWith(ED_FI)
                            ? " is not one of Ed-Fi's DS 5.0 descriptors [Ed-Fi descriptor]"
                            : " is not exported before it [descriptor]"));
                }
            } else if (v.isArray()) {
                v.forEach(e -> descriptorValues(e, where, exported, schemas, problems));
            } else if (v.isObject()) {
                descriptorValues(v, where, exported, schemas, problems);
            }
        });
    }
}
