package org.utbackpack.plugin;

import org.junit.jupiter.api.Test;
import org.utbackpack.testing.TestPaths;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every text a page asks for exists in the plugin's MessageKeys, and every text is a valid pattern. */
class MessageKeysConsistencyTest {

    private static final Pattern KEY = Pattern.compile("\\$text\\.(?:get|format)\\(\\s*[\"']([A-Za-z0-9_.]+)[\"']");

    @Test
    void everyLiteralKeyInWebRootHasAnEnglishText() throws IOException {
        Properties english = load();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TestPaths.projectRoot().resolve("web_root"))) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".css")
                    && !f.toString().endsWith(".js")).toList()) {
                Matcher m = KEY.matcher(Files.readString(file));
                while (m.find()) {
                    if (!english.containsKey(m.group(1))) {
                        missing.add(file.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyEnglishTextHasASpanishTranslationAndNoMore() throws IOException {
        Properties english = load();
        Properties spanish = load("US_es");
        List<String> untranslated = english.stringPropertyNames().stream().filter(k -> !spanish.containsKey(k)).sorted().toList();
        List<String> stray = spanish.stringPropertyNames().stream().filter(k -> !english.containsKey(k)).sorted().toList();
        assertEquals(List.of(), untranslated, "keys without a Spanish text");
        assertEquals(List.of(), stray, "Spanish keys English does not have");
    }

    @Test
    void everyTextIsAMessageFormatPatternWithItsApostrophesDoubled() throws IOException {
        Properties english = load();
        english.putAll(load("US_es"));
        List<String> broken = new ArrayList<>();
        for (String key : english.stringPropertyNames()) {
            String text = english.getProperty(key);
            try {
                new MessageFormat(text);
            } catch (IllegalArgumentException e) {
                broken.add(key + ": " + e.getMessage());
            }
            if (text.replace("''", "").contains("'")) {
                broken.add(key + ": a single apostrophe would vanish; write ''");
            }
        }
        assertEquals(List.of(), broken);
    }

    private static Properties load() throws IOException {
        return load("US_en");
    }

    static Properties load(String locale) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(TestPaths.projectRoot().resolve("MessageKeys/UTBackpack." + locale + ".properties"),
                StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
