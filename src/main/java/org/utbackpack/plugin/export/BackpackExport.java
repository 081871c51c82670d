package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.plugin.audit.AuditLog;
import org.utbackpack.plugin.db.Jdbc;
import org.utbackpack.plugin.sis.Sis;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Optional;

/**
 * Exports one stored retrieval of a student's Backpack: which retrieval, its record in the disclosure log and the
 * download's name. The whole document goes out as Ed-Fi Data Standard 5 resources for a loader ({@link EdFiZip},
 * from the verbatim document), or one data element as CSV ({@link CsvExport}, from its table); both are written
 * straight to the caller's stream. docs/EXPORT.md describes the mapping.
 */
public final class BackpackExport {

    /** Where file dates (in file names and the log) are told: the SIS's Utah time. */

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final StoredFiles files;
    private final EdFiZip edFi;
    private final CsvExport csv;

    public BackpackExport(Jdbc jdbc, ObjectMapper json, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.files = new StoredFiles(jdbc, json);
        this.edFi = new EdFiZip(json, clock);
        this.csv = new CsvExport(files);
    }

    /** The student's file with this id, or their latest for 0; empty when the student has no such file. */
    public Optional<StoredFile> file(long studentDcid, long fileId) {
        return files.find(studentDcid, fileId);
    }

    /** True for a data element {@link #writeCsv} knows. */
    public static boolean isCsvElement(String key) {
        return key != null && CsvElement.byKey(key).isPresent();
    }

    /**
     * Records the export in the disclosure log before anything is sent, in its own transaction: a download
     * that could not be logged is not made.
     */
    public void recordExport(AuditLog.Actor actor, StoredFile file, String what) {
        jdbc.inTransaction(c -> {
            audit.record(c, actor, file.studentDcid(), "export", file.requestId(), null,
                    "Exported " + what + " of the Backpack file retrieved " + day(file) + " (file " + file.id() + ")");
            return null;
        });
    }

    /** "backpack-1234561-2026-11-29-courseGrades.csv": whose, which retrieval, what. */
    public static String filename(StoredFile file, String what, String extension) {
        String ssid = file.ssid() == null ? "" : file.ssid().replaceAll("[^A-Za-z0-9]", "");
        return "backpack-" + (ssid.isEmpty() ? "student" + file.studentDcid() : ssid) + "-" + day(file) + "-"
                + what.replaceAll("[^A-Za-z0-9]", "") + "." + extension;
    }

    private static String day(StoredFile file) {
        return file.retrievedAt() == null ? "undated" : file.retrievedAt().atZone(Sis.UTAH_TIME).toLocalDate().toString();
    }

    /** The whole retrieval as Ed-Fi Data Standard 5 resources, for a loader: a zip ({@link EdFiZip}). */
    public void writeEdFi(StoredFile file, OutputStream out) throws IOException {
        writeEdFi(file, files.document(file), out);
    }

    /** As {@link #writeEdFi(StoredFile, OutputStream)}, from the document already read. */
    void writeEdFi(StoredFile file, JsonNode document, OutputStream out) throws IOException {
        edFi.write(file, document, out);
    }

    /** One data element of the retrieval as CSV (UTF-8 with a byte order mark), a heading row first. */
    public void writeCsv(StoredFile file, String elementKey, OutputStream out) throws IOException {
        CsvElement element = CsvElement.byKey(elementKey)
                .orElseThrow(() -> new IllegalArgumentException("no data element " + elementKey));
        csv.write(file, element, out);
    }
}
