package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a retrieval as Ed-Fi Data Standard 5 resources for a loader: the document mapped by {@link EdFiMapping},
 * then the zip and its manifest. docs/EXPORT.md describes both.
 */
final class EdFiZip {

    private final ObjectMapper json;
    private final Clock clock;

    EdFiZip(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /**
     * The retrieval's document as a zip of {@code manifest.json} and one {@code <resource>.jsonl} per resource
     * (one item a line, each ready to POST to {@code /data/ed-fi/<resource>}), listed in the manifest in load
     * order with what was derived and what was left out.
     */
    void write(StoredFile file, JsonNode document, OutputStream out) throws IOException {
        if (document == null || !document.isObject()) {
            throw new IllegalStateException("stored document of file " + file.id() + " is not an object");
        }
        EdFiSet set = new EdFiMapping(file.ssid()).map(document);
        Map<String, List<ObjectNode>> resources = set.closed();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.putNextEntry(new ZipEntry("manifest.json"));
        json.writerWithDefaultPrettyPrinter().writeValue(new NonClosing(zip), manifest(file, document, resources, set));
        zip.closeEntry();
        for (Map.Entry<String, List<ObjectNode>> resource : resources.entrySet()) {
            if (resource.getValue().isEmpty()) {
                continue;
            }
            zip.putNextEntry(new ZipEntry(resource.getKey() + ".jsonl"));
            for (ObjectNode item : resource.getValue()) {
                zip.write(json.writeValueAsBytes(item));
                zip.write('\n');
            }
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private ObjectNode manifest(StoredFile file, JsonNode document, Map<String, List<ObjectNode>> resources, EdFiSet set) {
        ObjectNode m = json.createObjectNode();
        m.put("description", "A Utah Student Achievement Backpack as Ed-Fi Data Standard 5 resources: load the files"
                + " in the order listed, POSTing each line to the API's /data/ed-fi/<resource> (docs/EXPORT.md of ut-backpack)");
        m.put("dataStandard", "5.0");
        m.put("source", "UTREx Student Achievement Backpack");
        m.put("studentUniqueId", file.ssid());
        m.put("fileId", file.id());
        if (file.requestId() != null) {
            m.put("requestId", file.requestId());
        }
        if (file.retrievedAt() != null) {
            m.put("retrievedAt", file.retrievedAt().toString());
        }
        if (file.generatedAt() != null) {
            m.put("generatedAt", file.generatedAt());
        }
        m.put("exportedAt", clock.instant().toString());
        ArrayNode files = m.putArray("files");
        resources.forEach((resource, items) -> {
            if (!items.isEmpty()) {
                files.addObject().put("resource", resource).put("file", resource + ".jsonl")
                        .put("endpoint", "/data/ed-fi/" + resource).put("items", items.size());
            }
        });
        ArrayNode assumed = m.putArray("assumedInTheOds");
        assumed.add("descriptors in the uri://ed-fi.org/ namespace (Ed-Fi's own, shipped with every ODS)");
        assumed.add("schoolYearTypes for every school year referred to");
        ObjectNode ext = m.putObject("extensions");
        ext.put("studentSectionAssociations._ext.ut", "a section's attendance totals as UTREx sends them (membershipDays,"
                + " daysAttended, excusedAbsences, unexcusedAbsences, suspensionAbsences): DS 5 records attendance as"
                + " dated events and the Backpack gives no dates. Remove _ext before loading into an ODS without the"
                + " extension");
        ArrayNode derived = m.putArray("derived");
        EdFiMapping.DERIVED.forEach(derived::add);
        ArrayNode leftOut = m.putArray("leftOut");
        for (EdFiSet.LeftOut l : set.leftOut()) {
            leftOut.addObject().put("resource", l.resource()).put("reason", l.reason()).put("items", l.items());
        }
        ArrayNode fields = m.putArray("fieldsNotExported");
        document.path("student").fieldNames().forEachRemaining(f -> {
            if (!EdFiMapping.STUDENT_FIELDS.contains(f)) {
                fields.add("student." + f);
            }
        });
        for (String f : List.of("enrollments.leaNumber", "enrollments.leaName", "courseGrades.creditsAttempted",
                "courseGrades.creditsEarned", "courseHistory.concurrentEnrollment",
                "teachers.licenses", "teachers.endorsements", "teachers.degrees", "assessments (fields other than"
                        + " testName, subject, gradeLevel, testDate, scaleScore, proficiencyLevel, proficiencyLabel)")) {
            fields.add(f);
        }
        return m;
    }

    /** Lets Jackson write one zip entry without closing the zip. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
