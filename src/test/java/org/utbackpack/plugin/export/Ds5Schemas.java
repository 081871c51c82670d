package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed-Fi's own Data Standard 5.0 resource schemas: the request body of {@code POST /ed-fi/<resource>} in the
 * Ed-Fi Resources API 5.0 and Descriptors API 5.0 (OpenAPI 3.0, published by the Ed-Fi Alliance; where to find
 * them: src/test/resources/edfi/README.md). Each body schema is checked as JSON Schema (draft 7; OpenAPI 3.0's
 * schema objects are a subset), made strict as a loader is: read-only members ({@code id}, {@code link},
 * {@code _etag}, {@code _lastModifiedDate}) and members the standard does not define are errors, except the
 * export's documented extension {@code studentSectionAssociations._ext.ut}.
 */
public final class Ds5Schemas {

    /** Files from Ed-Fi-Alliance-OSS/Ed-Fi-API-Specifications, api-specifications/. */
    static final String RESOURCES = "resources-ds-5.0.yaml";
    static final String DESCRIPTORS = "descriptor-api-5.0.yaml";
    /** The folder of Ed-Fi's descriptor values, from Ed-Fi-Alliance-OSS/Ed-Fi-Data-Standard. */
    static final String EDFI_DESCRIPTORS = "Descriptors";

    private static final Set<String> READ_ONLY = Set.of("id", "link", "_etag", "_lastModifiedDate");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonSchema> schemas = new HashMap<>();
    /** resource -> the members that make up its natural key. */
    private final Map<String, List<String>> identities = new HashMap<>();
    /** resource -> the body schema: a $ref into its specification's (strict) definitions. */
    private final Map<String, ObjectNode> components = new HashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    private Ds5Schemas() {
    }

    /** Ed-Fi's own descriptors in DS 5.0, "namespace#codeValue". */
    private final Set<String> edFiDescriptors = new HashSet<>();

    /**
     * Whether Ed-Fi's files are on this machine. They are Ed-Fi's to publish, not ours to commit: a checkout
     * without them still runs every check of the export that does not need them, and says so.
     */
    public static boolean present() {
        Path folder = folder();
        boolean present = Files.exists(folder.resolve(RESOURCES)) && Files.exists(folder.resolve(DESCRIPTORS))
                && Files.isDirectory(folder.resolve(EDFI_DESCRIPTORS));
        if (!present) {
            System.err.println("Ed-Fi's Data Standard 5.0 specification is not in " + folder.toAbsolutePath()
                    + ": the export is not checked against Ed-Fi's schemas in this run"
                    + " (src/test/resources/edfi/README.md says where to get it)");
        }
        return present;
    }

    /** Loads both specifications and Ed-Fi's descriptors, or fails saying where they are looked for. */
    public static Ds5Schemas load() throws IOException {
        Ds5Schemas s = new Ds5Schemas();
        s.read(RESOURCES);
        s.read(DESCRIPTORS);
        s.readDescriptors();
        return s;
    }

    /** Descriptors/*.xml of Ed-Fi-Alliance-OSS/Ed-Fi-Data-Standard v5.0.0: what every DS 5.0 ODS ships. */
    private void readDescriptors() throws IOException {
        Path dir = folder().resolve(EDFI_DESCRIPTORS);
        if (!Files.isDirectory(dir)) {
            throw new IOException("Ed-Fi's Data Standard 5.0 descriptors (" + EDFI_DESCRIPTORS + "/*.xml) were not found"
                    + " in " + folder().toAbsolutePath() + " (src/test/resources/edfi/README.md says where they come from)");
        }
        Pattern item = Pattern.compile("<CodeValue>(.*?)</CodeValue>.*?<Namespace>(.*?)</Namespace>", Pattern.DOTALL);
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
                Matcher m = item.matcher(Files.readString(file));
                while (m.find()) {
                    edFiDescriptors.add(unescape(m.group(2)) + "#" + unescape(m.group(1)));
                }
            }
        }
    }

    private static String unescape(String xml) {
        return xml.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }

    /** True for a descriptor of Ed-Fi's own namespace that DS 5.0 defines. */
    public boolean isEdFiDescriptor(String uri) {
        return edFiDescriptors.contains(uri);
    }

    private void read(String name) throws IOException {
        JsonNode spec;
        try (InputStream in = open(name)) {
            spec = new YAMLMapper().readTree(in);
        }
        JsonNode paths = spec.path("paths");
        JsonNode raw = spec.path("components").path("schemas");
        ObjectNode definitions = strict(((ObjectNode) raw).deepCopy());
        Iterator<String> names = paths.fieldNames();
        while (names.hasNext()) {
            String path = names.next();
            String ref = paths.path(path).path("post").path("requestBody").path("content").path("application/json")
                    .path("schema").path("$ref").asText("");
            if (path.startsWith("/ed-fi/") && path.indexOf('/', 7) < 0 && !ref.isEmpty()) {
                String resource = path.substring("/ed-fi/".length());
                ObjectNode schema = JSON.createObjectNode();
                schema.put("$schema", "http://json-schema.org/draft-07/schema#");
                schema.put("$ref", "#/definitions/" + ref.substring(ref.lastIndexOf('/') + 1));
                schema.set("definitions", definitions);
                components.put(resource, schema);
                identities.put(resource, identity(resource, raw.path(ref.substring(ref.lastIndexOf('/') + 1))));
            }
        }
    }

    /**
     * Where Ed-Fi's files are: the folder named by -Dedfi.ds5.dir, src/test/resources/edfi/ (on the test class
     * path), or ../shared/reference/edfi-ds5/ beside the checkout; the first that holds the resources specification.
     */
    private static Path folder() {
        List<Path> candidates = new ArrayList<>();
        String dir = System.getProperty("edfi.ds5.dir");
        if (dir != null) {
            candidates.add(Path.of(dir));
        }
        try {
            java.net.URL resource = Ds5Schemas.class.getResource("/edfi/");
            if (resource != null && resource.getProtocol().equals("file")) {
                candidates.add(Path.of(resource.toURI()));
            }
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        candidates.add(Path.of("..", "shared", "reference", "edfi-ds5"));
        for (Path candidate : candidates) {
            if (Files.exists(candidate.resolve(RESOURCES))) {
                return candidate;
            }
        }
        return candidates.get(candidates.size() - 1);
    }

    private static InputStream open(String name) throws IOException {
        Path file = folder().resolve(name);
        if (!Files.exists(file)) {
            throw new IOException("Ed-Fi's Data Standard 5.0 specification " + name + " was not found: put it in "
                    + "src/test/resources/edfi/, ../shared/reference/edfi-ds5/ or the folder named by -Dedfi.ds5.dir"
                    + " (src/test/resources/edfi/README.md says where it comes from)");
        }
        return Files.newInputStream(file);
    }

    /** Every object schema closed to the members it defines; OpenAPI's $refs pointed at the definitions. */
    private static ObjectNode strict(ObjectNode definitions) {
        withoutVendorKeywords(definitions);
        for (JsonNode schema : definitions) {
            ObjectNode object = (ObjectNode) schema;
            if (object.has("properties")) {
                ObjectNode properties = (ObjectNode) object.get("properties");
                properties.remove(READ_ONLY);
                properties.remove("_ext");
                object.put("additionalProperties", false);
            }
        }
        String text = definitions.toString().replace("#/components/schemas/", "#/definitions/");
        ObjectNode out;
        try {
            out = (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (out.has("edFi_studentSectionAssociation")) {
            ObjectNode ut = JSON.createObjectNode().put("type", "object").put("additionalProperties", false);
            ObjectNode fields = ut.putObject("properties");
            for (String f : List.of("membershipDays", "daysAttended", "excusedAbsences", "unexcusedAbsences",
                    "suspensionAbsences")) {
                fields.putObject(f).put("type", "integer").put("minimum", 0);
            }
            ObjectNode ext = JSON.createObjectNode().put("type", "object").put("additionalProperties", false);
            ext.putObject("properties").set("ut", ut);
            ((ObjectNode) out.get("edFi_studentSectionAssociation").get("properties")).set("_ext", ext);
        }
        return out;
    }

    /** Ed-Fi's x-... annotations say nothing a validator checks. */
    private static void withoutVendorKeywords(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> vendor = new ArrayList<>();
            object.fieldNames().forEachRemaining(f -> {
                if (f.startsWith("x-")) {
                    vendor.add(f);
                }
            });
            object.remove(vendor);
        }
        node.forEach(Ds5Schemas::withoutVendorKeywords);
    }

    /**
     * The members of a resource's natural key: those Ed-Fi marks as identity and the references it requires
     * (a descriptor is known by namespace and code value).
     */
    private static List<String> identity(String resource, JsonNode component) {
        if (resource.endsWith("Descriptors")) {
            return List.of("namespace", "codeValue");
        }
        List<String> required = new ArrayList<>();
        component.path("required").forEach(r -> required.add(r.asText()));
        List<String> out = new ArrayList<>();
        component.path("properties").fields().forEachRemaining(p -> {
            boolean reference = p.getKey().endsWith("Reference") && required.contains(p.getKey());
            if (!p.getKey().equals("id") && (reference || p.getValue().path("x-Ed-Fi-isIdentity").asBoolean())) {
                out.add(p.getKey());
            }
        });
        return out;
    }

    /** The members of the resource's natural key. */
    public List<String> identity(String resource) {
        return identities.getOrDefault(resource, List.of());
    }

    /** True when Ed-Fi's API has this resource. */
    public boolean knows(String resource) {
        return components.containsKey(resource);
    }

    /** The rules the item breaks, each as "path: message [rule]"; empty when it is valid. */
    public List<String> violations(String resource, JsonNode item) {
        JsonSchema schema = schemas.computeIfAbsent(resource, r -> {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return factory.getSchema(components.get(r), config);
        });
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(item)) {
            String at = m.getInstanceLocation().toString();
            out.add((at.isEmpty() ? "(the item)" : at) + ": " + m.getError() + " [" + m.getType() + "]");
        }
        return out;
    }
}
