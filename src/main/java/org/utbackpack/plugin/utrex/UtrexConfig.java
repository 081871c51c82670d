package org.utbackpack.plugin.utrex;

import java.net.URI;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How the plugin reaches UTREx. Read from the SIS's plugin settings (servlet context init parameters,
 * which the host fills from its plugin configuration file) or the environment; validated at start so a
 * wrong setting fails with its name, not on first use. {@link #origins()} records where each value came
 * from, for the administrators' settings page.
 */
public record UtrexConfig(URI baseUrl, String leaNumber, String clientId, String clientSecret,
                          Duration connectTimeout, Duration responseTimeout, long maxDocumentBytes,
                          Duration callDeadline, Map<String, Origin> origins) {

    public static final String BASE_URL = "utbackpack.utrex.baseUrl";
    public static final String LEA_NUMBER = "utbackpack.utrex.leaNumber";
    public static final String CLIENT_ID = "utbackpack.utrex.clientId";
    public static final String CLIENT_SECRET = "utbackpack.utrex.clientSecret";
    public static final String CONNECT_TIMEOUT_MS = "utbackpack.utrex.connectTimeoutMs";
    public static final String RESPONSE_TIMEOUT_MS = "utbackpack.utrex.responseTimeoutMs";
    public static final String MAX_DOCUMENT_BYTES = "utbackpack.utrex.maxDocumentBytes";
    /** The most one UTREx call may take in all: connecting, waiting, and reading the whole answer. */
    public static final String CALL_DEADLINE_MS = "utbackpack.utrex.callDeadlineMs";

    public static final long DEFAULT_MAX_DOCUMENT_BYTES = 50L * 1024 * 1024;

    /** Where a setting's value came from. */
    public enum Origin { PLUGIN_SETTING, ENVIRONMENT, DEFAULT }

    public UtrexConfig {
        origins = Map.copyOf(origins);
    }

    /**
     * Reads each setting from {@code settings} first, then from the environment variable of the same
     * name in upper case with dots as underscores (UTBACKPACK_UTREX_BASEURL, ...).
     */
    public static UtrexConfig from(Function<String, String> settings, Function<String, String> environment) {
        Map<String, Origin> origins = new LinkedHashMap<>();
        Function<String, String> read = name -> {
            String value = settings.apply(name);
            Origin origin = Origin.PLUGIN_SETTING;
            if (value == null || value.isBlank()) {
                value = environment.apply(environmentName(name));
                origin = Origin.ENVIRONMENT;
            }
            if (value == null || value.isBlank()) {
                origins.put(name, Origin.DEFAULT);
                return null;
            }
            origins.put(name, origin);
            return value.trim();
        };
        List<String> missing = new ArrayList<>();
        for (String name : List.of(BASE_URL, LEA_NUMBER, CLIENT_ID, CLIENT_SECRET)) {
            if (read.apply(name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new UtrexConfigException("UTREx is not configured: set " + String.join(", ", missing));
        }
        URI base = httpAddress(read.apply(BASE_URL), BASE_URL);
        return new UtrexConfig(base, read.apply(LEA_NUMBER), read.apply(CLIENT_ID), read.apply(CLIENT_SECRET),
                Duration.ofMillis(number(read, CONNECT_TIMEOUT_MS, 5_000)),
                Duration.ofMillis(number(read, RESPONSE_TIMEOUT_MS, 30_000)),
                number(read, MAX_DOCUMENT_BYTES, DEFAULT_MAX_DOCUMENT_BYTES),
                Duration.ofMillis(number(read, CALL_DEADLINE_MS, 60_000)), origins);
    }

    /** The environment variable that can carry a setting: UTBACKPACK_UTREX_BASEURL for utbackpack.utrex.baseUrl. */
    public static String environmentName(String setting) {
        return setting.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Where this setting's value came from. */
    public Origin origin(String setting) {
        return origins.getOrDefault(setting, Origin.DEFAULT);
    }

    /** The document size limit as a person reads it: "50 MB", "512 KB" or "120,000 bytes". */
    public String maxDocumentSize() {
        return describeBytes(maxDocumentBytes);
    }

    static String describeBytes(long bytes) {
        long mb = 1024L * 1024;
        if (bytes >= mb && bytes % mb == 0) {
            return NumberFormat.getIntegerInstance(Locale.US).format(bytes / mb) + " MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return NumberFormat.getIntegerInstance(Locale.US).format(bytes / 1024) + " KB";
        }
        return NumberFormat.getIntegerInstance(Locale.US).format(bytes) + " bytes";
    }

    /** A setting that must be an http(s) address, without a trailing slash; refused with a sentence. */
    public static URI httpAddress(String value, String name) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("scheme");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UtrexConfigException(name + " must be an http(s) address, not '" + value + "'");
        }
    }

    /** A setting that must be a positive whole number, or {@code fallback} when it is not set. */
    public static long number(Function<String, String> read, String name, long fallback) {
        String value = read.apply(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UtrexConfigException(name + " must be a positive whole number, not '" + value + "'");
        }
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "UtrexConfig[baseUrl=" + baseUrl + ", leaNumber=" + leaNumber + ", clientId=" + clientId
                + ", clientSecret=****]";
    }
}
