package org.utbackpack.host.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** A plugin's MessageKeys for one locale; templates read them as {@code $text.get('key')}. */
public final class Messages {

    private final Properties properties;
    /** Each pattern parsed once (pages print dozens of texts a view); formatted through a copy, as MessageFormat is not thread-safe. */
    private final Map<String, MessageFormat> parsed = new ConcurrentHashMap<>();
    /** Texts without arguments, formatted once. */
    private final Map<String, String> plain = new ConcurrentHashMap<>();

    private Messages(Properties fallback) {
        this.properties = fallback == null ? new Properties() : new Properties(fallback);
    }

    private Messages() {
        this(null);
    }

    /** Loads every {@code MessageKeys/*.US_en.properties} file of the package. */
    public static Messages load(List<Path> files, String localeSuffix) {
        return load(files, localeSuffix, null);
    }

    /** Loads one locale's files; a key it lacks falls back to {@code fallback} (English). */
    public static Messages load(List<Path> files, String localeSuffix, Messages fallback) {
        Messages messages = new Messages(fallback == null ? null : fallback.properties);
        for (Path file : files) {
            if (!file.getFileName().toString().endsWith("." + localeSuffix + ".properties")) {
                continue;
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                messages.properties.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("Could not read " + file + ": " + e.getMessage(), e);
            }
        }
        return messages;
    }

    public static Messages empty() {
        return new Messages();
    }

    /**
     * The text for a key, or the key itself so a missing text shows up plainly rather than as a blank.
     * Texts are MessageFormat patterns, so {@code ''} in a properties file prints one apostrophe.
     */
    public String get(String key) {
        String text = plain.get(key);
        if (text == null) {
            text = format(key);
            plain.put(key, text);
        }
        return text;
    }

    public String format(String key, Object... args) {
        String pattern = properties.getProperty(key);
        if (pattern == null) {
            return key;
        }
        MessageFormat prototype = parsed.computeIfAbsent(key, k -> new MessageFormat(pattern, Locale.US));
        return ((MessageFormat) prototype.clone()).format(args);
    }

    public boolean has(String key) {
        return properties.getProperty(key) != null;
    }

    /** Loads a classpath properties file (the host's own texts). */
    public static Messages resource(String name, Messages fallback) {
        Messages messages = new Messages(fallback == null ? null : fallback.properties);
        try (var in = Messages.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + name);
            }
            messages.properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Could not read " + name + ": " + e.getMessage(), e);
        }
        return messages;
    }
}
