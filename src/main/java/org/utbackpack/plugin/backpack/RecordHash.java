package org.utbackpack.plugin.backpack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The fingerprint of one record: SHA-256, in lower-case hex, of the record's canonical JSON. Two
 * retrievals are compared record by record through it, so it depends on the content only: members are
 * written sorted by name, without whitespace; a member that is null counts as absent; a number is written
 * in one form whatever way UTREx spelled it (12, 12.0 and 1.2E1 are the same number).
 */
final class RecordHash {

    private static final JsonFactory JSON = new JsonFactory();

    private RecordHash() {
    }

    static String of(JsonNode record) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (JsonGenerator out = JSON.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
            write(out, record);
        } catch (IOException e) {
            throw new UncheckedIOException("hashing a record in memory", e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The canonical text itself, for tests and for anyone checking a stored fingerprint by hand. */
    static String canonical(JsonNode record) {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            write(out, record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static void write(JsonGenerator out, JsonNode node) throws IOException {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.writeNull();
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (Map.Entry<String, JsonNode> member : node.properties()) {
                if (!member.getValue().isNull()) {
                    names.add(member.getKey());
                }
            }
            names.sort(null); // by UTF-16 code units, as RFC 8785 orders members
            out.writeStartObject();
            for (String name : names) {
                out.writeFieldName(name);
                write(out, node.get(name));
            }
            out.writeEndObject();
        } else if (node.isArray()) {
            out.writeStartArray();
            for (JsonNode item : node) {
                write(out, item);
            }
            out.writeEndArray();
        } else if (node.isNumber()) {
            out.writeNumber(number(node));
        } else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        } else {
            out.writeString(node.asText());
        }
    }

    /** One spelling per number: no trailing zeros, an exponent only where the plain form would need one. */
    private static String number(JsonNode node) {
        BigDecimal value = node.isIntegralNumber() ? new BigDecimal(node.bigIntegerValue()) : node.decimalValue();
        value = value.stripTrailingZeros();
        return value.scale() <= 0 && value.precision() - value.scale() <= 30 ? value.toBigInteger().toString()
                : value.toString();
    }
}
