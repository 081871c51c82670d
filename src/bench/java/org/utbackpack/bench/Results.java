package org.utbackpack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run, one {@code name: value unit} line each: printed on standard output as each is
 * measured and written to the results file as it grows, so an interrupted run keeps what it measured.
 */
final class Results {

    private final Path file;
    private final List<String> lines = new ArrayList<>();

    Results(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
        Files.writeString(file, "", StandardCharsets.UTF_8);
    }

    void add(String name, double value, String unit) {
        String formatted = Double.isNaN(value) ? "NaN"
                : Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : Math.abs(value) >= 10 ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.2f", value);
        String line = name + ": " + formatted + " " + unit;
        System.out.println(line);
        System.out.flush();
        lines.add(line);
        try {
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
