package org.utbackpack.plugin.edfi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.plugin.utrex.UtrexApi;
import org.utbackpack.plugin.utrex.UtrexException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * USIMS as the forwarder's state: the same three steps as UTREx, but a USIMS "request" is synchronous.
 * The submit checks that USIMS knows the student (an unknown SSID ends the request at once) and names the
 * request after the SSID and correlation id; the status is at once Complete; the download reads every
 * resource of the student in the enabled school years and writes the Backpack document they make. A
 * student the state knows without records in those years is an answer, not a fault: the request ends with
 * {@link EdFiReader#NO_DATA}. Thread-safe.
 */
public final class UsimsSource implements UtrexApi {

    private static final String PREFIX = "usims.";

    /** What Test connection found, in one sentence. */
    public record Outcome(boolean ok, String sentence) {
    }

    private final EdFiClient client;
    private final EdFiReader reader;
    private final ObjectMapper json;
    private final Clock clock;

    public UsimsSource(UsimsConfig config, ObjectMapper json, Clock clock) {
        this.client = new EdFiClient(config, json, clock);
        this.reader = new EdFiReader(client);
        this.json = json;
        this.clock = clock;
    }

    public UsimsConfig config() {
        return client.config();
    }

    @Override
    public Submission submit(String ssid, String requestType, String correlationId) {
        reader.student(ssid, client.deadline());
        return new Submission(PREFIX + ssid + "." + correlationId, Duration.ZERO);
    }

    @Override
    public Status status(String requestId) {
        ssidOf(requestId);
        return new Status("Complete", null, Duration.ZERO);
    }

    @Override
    public long download(String requestId, Path target) {
        String ssid = ssidOf(requestId);
        ObjectNode document = document(ssid);
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] bytes = json.writeValueAsBytes(document);
            if (bytes.length > client.config().maxDocumentBytes()) {
                throw UtrexException.permanent("The Backpack document from USIMS is larger than the "
                        + maxDocumentSize() + " limit set for this district, so it was not stored.");
            }
            out.write(bytes);
            return bytes.length;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the Backpack document from USIMS", e);
        }
    }

    /** The student's Backpack document from the Ed-Fi records in the enabled school years. */
    public ObjectNode document(String ssid) {
        StudentRecords records = reader.read(ssid, client.deadline());
        if (records.empty()) {
            throw UtrexException.permanent(EdFiReader.NO_DATA + ".");
        }
        return BackpackMapper.map(ssid, records, clock.instant());
    }

    @Override
    public String stateName() {
        return "USIMS";
    }

    @Override
    public String sourceCode() {
        return "USIMS_EDFI";
    }

    @Override
    public String maxDocumentSize() {
        long mb = client.config().maxDocumentBytes() / (1024 * 1024);
        return mb + " MB";
    }

    /**
     * Test connection: a new token, the LEA, and the enabled school years, each checked in turn; the outcome
     * says what worked and what did not.
     */
    public Outcome testConnection() {
        UsimsConfig config = client.config();
        EdFiClient.Deadline deadline = client.deadline();
        try {
            client.freshToken(deadline);
        } catch (UtrexException e) {
            return new Outcome(false, "USIMS could not be used: " + e.getMessage());
        }
        String tokenOk = "USIMS issued an access token for key " + config.clientKey();
        try {
            List<JsonNode> leas = leaId(config.leaNumber()) == null ? List.of()
                    : client.readAll("localEducationAgencies",
                    Map.of("localEducationAgencyId", leaId(config.leaNumber())), deadline);
            if (leas.isEmpty()) {
                return new Outcome(false, tokenOk + ", but USIMS does not know LEA " + config.leaNumber()
                        + " (or this key may not read it); check the LEA state number.");
            }
            String leaName = leas.get(0).path("nameOfInstitution").asText(config.leaNumber());
            Set<Integer> known = new TreeSet<>();
            for (JsonNode y : client.readAll("schoolYearTypes", Map.of(), deadline)) {
                known.add(y.path("schoolYear").asInt());
            }
            List<String> missing = new ArrayList<>();
            for (int year : config.schoolYears()) {
                if (!known.contains(year)) {
                    missing.add(UsimsConfig.label(year));
                }
            }
            if (!missing.isEmpty()) {
                return new Outcome(false, tokenOk + " and knows LEA " + config.leaNumber() + " (" + leaName
                        + "), but the school years " + String.join(", ", missing)
                        + " are not enabled in USIMS; enable only years USIMS holds.");
            }
            return new Outcome(true, tokenOk + ", knows LEA " + config.leaNumber() + " (" + leaName
                    + ") and holds the enabled school years " + config.schoolYearsText() + ".");
        } catch (UtrexException e) {
            return new Outcome(false, tokenOk + ", but reading from it failed: " + e.getMessage());
        }
    }

    private static String leaId(String leaNumber) {
        try {
            return Long.toString(Long.parseLong(leaNumber.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String ssidOf(String requestId) {
        if (requestId == null || !requestId.startsWith(PREFIX) || requestId.indexOf('.', PREFIX.length()) < 0) {
            throw UtrexException.permanent("This request was not made through USIMS (" + requestId
                    + "); retry it to send it to USIMS.");
        }
        return requestId.substring(PREFIX.length(), requestId.indexOf('.', PREFIX.length()));
    }
}
