package org.utbackpack.plugin.utrex;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the plugin reaches UTREx. Read from the SIS's plugin settings (servlet context init parameters)
 * or the environment; validated at start so a wrong setting fails with its name, not on first use.
 */
public record UtrexConfig(URI baseUrl, String leaNumber, String clientId, String clientSecret,
                          Duration connectTimeout, Duration responseTimeout, long maxDocumentBytes) {

    public static final String BASE_URL = "utbackpack.utrex.baseUrl";
    public static final String LEA_NUMBER = "utbackpack.utrex.leaNumber";
    public static final String CLIENT_ID = "utbackpack.utrex.clientId";
    public static final String CLIENT_SECRET = "utbackpack.utrex.clientSecret";
    public static final String CONNECT_TIMEOUT_MS = "utbackpack.utrex.connectTimeoutMs";
    public static final String RESPONSE_TIMEOUT_MS = "utbackpack.utrex.responseTimeoutMs";
    public static final String MAX_DOCUMENT_BYTES = "utbackpack.utrex.maxDocumentBytes";

    /**
     * Reads each setting from {@code settings} first, then from the environment variable of the same
     * name in upper case with dots as underscores (UTBACKPACK_UTREX_BASEURL, ...).
     */
    public static UtrexConfig from(Function<String, String> settings, Function<String, String> environment) {
        Function<String, String> read = name -> {
            String value = settings.apply(name);
            if (value == null || value.isBlank()) {
                value = environment.apply(name.toUpperCase().replace('.', '_'));
            }
            return value == null || value.isBlank() ? null : value.trim();
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
        URI base = parseBase(read.apply(BASE_URL));
        return new UtrexConfig(base, read.apply(LEA_NUMBER), read.apply(CLIENT_ID), read.apply(CLIENT_SECRET),
                Duration.ofMillis(number(read, CONNECT_TIMEOUT_MS, 5_000)),
                Duration.ofMillis(number(read, RESPONSE_TIMEOUT_MS, 30_000)),
                number(read, MAX_DOCUMENT_BYTES, 50L * 1024 * 1024));
    }

    private static URI parseBase(String value) {
        try {
            URI uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException("scheme");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new UtrexConfigException(BASE_URL + " must be an http(s) address, not '" + value + "'");
        }
    }

    private static long number(Function<String, String> read, String name, long fallback) {
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
