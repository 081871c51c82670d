package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Ed-Fi resources one export writes, each item under its natural key and with the keys of the items it
 * refers to. An item whose key is already taken is not added but counted, so keys stay unique; {@link #closed()}
 * keeps, in load order, only the items whose references are all kept before them, so the set loads into an
 * empty ODS resource by resource. Whatever is left out is counted with the reason, for the export's manifest.
 */
final class EdFiSet {

    /**
     * Resources in the order an Ed-Fi API takes them: each refers only to resources above it (descriptors in
     * the {@code uri://ed-fi.org/} namespace and school years are the ODS's own and are not exported).
     */
    static final List<String> LOAD_ORDER = List.of(
            "academicSubjectDescriptors", "gradeLevelDescriptors", "gradingPeriodDescriptors", "languageDescriptors",
            "performanceLevelDescriptors", "raceDescriptors", "sexDescriptors",
            "schools", "gradingPeriods", "sessions", "courses", "courseOfferings", "sections",
            "students", "staffs", "studentSchoolAssociations", "studentEducationOrganizationAssociations",
            "studentSectionAssociations", "staffSectionAssociations", "learningStandards", "grades",
            "studentAcademicRecords", "courseTranscripts", "assessments", "studentAssessments");

    /** One resource item: its natural key and the keys (resource|key) of what it refers to. */
    record Item(String resource, String key, ObjectNode body, List<String> refs) {
    }

    /** A count of items left out of one resource, for one reason. */
    record LeftOut(String resource, String reason, int items) {
    }

    private final Map<String, Map<String, Item>> items = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> leftOut = new LinkedHashMap<>();
    private Map<String, List<ObjectNode>> closed;

    EdFiSet() {
        for (String resource : LOAD_ORDER) {
            items.put(resource, new LinkedHashMap<>());
        }
    }

    /** "schools|4410": how items name each other. */
    static String ref(String resource, Object... keyParts) {
        return resource + "|" + key(keyParts);
    }

    static String key(Object... parts) {
        StringBuilder key = new StringBuilder();
        for (Object part : parts) {
            if (!key.isEmpty()) {
                key.append('|');
            }
            key.append(part);
        }
        return key.toString();
    }

    boolean has(String resource, String key) {
        return resources(resource).containsKey(key);
    }

    java.util.Collection<Item> items(String resource) {
        return resources(resource).values();
    }

    Item get(String resource, String key) {
        return resources(resource).get(key);
    }

    /** Adds the item, or counts it as left out when another item has its natural key. */
    boolean add(Item item, String duplicateReason) {
        if (resources(item.resource()).putIfAbsent(item.key(), item) != null) {
            leaveOut(item.resource(), duplicateReason);
            return false;
        }
        return true;
    }

    void leaveOut(String resource, String reason) {
        leftOut.computeIfAbsent(resource, r -> new LinkedHashMap<>()).merge(reason, 1, Integer::sum);
    }

    private Map<String, Item> resources(String resource) {
        Map<String, Item> map = items.get(resource);
        if (map == null) {
            throw new IllegalArgumentException("not an exported resource: " + resource);
        }
        return map;
    }

    /**
     * The items whose references all resolve to items kept before them, per resource in load order; an item
     * referring to one that could not be exported is left out and counted, and so are the items referring to it.
     */
    Map<String, List<ObjectNode>> closed() {
        if (closed == null) {
            closed = close();
        }
        return closed;
    }

    private Map<String, List<ObjectNode>> close() {
        Set<String> kept = new HashSet<>();
        Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
        for (String resource : LOAD_ORDER) {
            List<ObjectNode> bodies = new ArrayList<>();
            for (Item item : items.get(resource).values()) {
                String missing = item.refs().stream().filter(r -> !kept.contains(r)).findFirst().orElse(null);
                if (missing == null) {
                    kept.add(resource + "|" + item.key());
                    bodies.add(item.body());
                } else {
                    leaveOut(resource, "refers to " + missing.substring(0, missing.indexOf('|'))
                            + " that could not be exported");
                }
            }
            out.put(resource, bodies);
        }
        return out;
    }

    /** What was left out, per resource and reason (complete once {@link #closed()} has run). */
    List<LeftOut> leftOut() {
        List<LeftOut> list = new ArrayList<>();
        leftOut.forEach((resource, reasons) -> reasons.forEach((reason, n) -> list.add(new LeftOut(resource, reason, n))));
        return list;
    }
}
