package org.utbackpack.plugin.edfi;

import org.utbackpack.plugin.utrex.UtrexConfig;
import org.utbackpack.plugin.utrex.UtrexConfigException;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How the plugin reaches USIMS over the Ed-Fi API: the data exchange URL (the API root; resources are
 * under {@code /data/v3/ed-fi/}), the authentication URL (an OAuth 2.0 client-credentials token endpoint,
 * Azure AD B2C for USIMS), the LEA's state number, the key and secret the LEA made in the USIMS LEA Client
 * Manager, and the school years the district enabled (Ed-Fi school years: 2025 is 2024-2025). Read like
 * {@link UtrexConfig}: plugin settings first, then the environment; validated at start.
 *
 * @param schoolYears enabled school years, ascending
 * @param callDeadline how long reading one student's records may take in all (every page, every wait)
 */
public record UsimsConfig(URI dataUrl, URI authUrl, String leaNumber, String clientKey, String clientSecret,
                          String scope, List<Integer> schoolYears, Duration connectTimeout, Duration responseTimeout,
                          Duration callDeadline, int pageSize, long maxDocumentBytes,
                          Map<String, UtrexConfig.Origin> origins) {

    public static final String DATA_URL = "utbackpack.usims.dataUrl";
    public static final String AUTH_URL = "utbackpack.usims.authUrl";
    public static final String LEA_NUMBER = "utbackpack.usims.leaNumber";
    public static final String CLIENT_KEY = "utbackpack.usims.clientKey";
    public static final String CLIENT_SECRET = "utbackpack.usims.clientSecret";
    public static final String SCOPE = "utbackpack.usims.scope";
    public static final String SCHOOL_YEARS = "utbackpack.usims.schoolYears";
    public static final String CONNECT_TIMEOUT_MS = "utbackpack.usims.connectTimeoutMs";
    public static final String RESPONSE_TIMEOUT_MS = "utbackpack.usims.responseTimeoutMs";
    public static final String CALL_DEADLINE_MS = "utbackpack.usims.callDeadlineMs";
    public static final String PAGE_SIZE = "utbackpack.usims.pageSize";

    /** The Ed-Fi API's largest page. */
    static final int MAX_PAGE_SIZE = 500;

    public UsimsConfig {
        schoolYears = List.copyOf(schoolYears);
        origins = Map.copyOf(origins);
    }

    public static UsimsConfig from(Function<String, String> settings, Function<String, String> environment) {
        Map<String, UtrexConfig.Origin> origins = new LinkedHashMap<>();
        Function<String, String> read = name -> {
            String value = settings.apply(name);
            UtrexConfig.Origin origin = UtrexConfig.Origin.PLUGIN_SETTING;
            if (value == null || value.isBlank()) {
                value = environment.apply(UtrexConfig.environmentName(name));
                origin = UtrexConfig.Origin.ENVIRONMENT;
            }
            if (value == null || value.isBlank()) {
                origins.put(name, UtrexConfig.Origin.DEFAULT);
                return null;
            }
            origins.put(name, origin);
            return value.trim();
        };
        List<String> missing = new ArrayList<>();
        for (String name : List.of(DATA_URL, AUTH_URL, LEA_NUMBER, CLIENT_KEY, CLIENT_SECRET, SCHOOL_YEARS)) {
            if (read.apply(name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new UtrexConfigException("USIMS is not configured: set " + String.join(", ", missing));
        }
        long page = UtrexConfig.number(read, PAGE_SIZE, MAX_PAGE_SIZE);
        if (page > MAX_PAGE_SIZE) {
            throw new UtrexConfigException(PAGE_SIZE + " must be at most " + MAX_PAGE_SIZE + " (the Ed-Fi API's limit)");
        }
        return new UsimsConfig(UtrexConfig.httpAddress(read.apply(DATA_URL), DATA_URL),
                UtrexConfig.httpAddress(read.apply(AUTH_URL), AUTH_URL),
                read.apply(LEA_NUMBER), read.apply(CLIENT_KEY), read.apply(CLIENT_SECRET), read.apply(SCOPE),
                years(read.apply(SCHOOL_YEARS)),
                Duration.ofMillis(UtrexConfig.number(read, CONNECT_TIMEOUT_MS, 5_000)),
                Duration.ofMillis(UtrexConfig.number(read, RESPONSE_TIMEOUT_MS, 30_000)),
                Duration.ofMillis(UtrexConfig.number(read, CALL_DEADLINE_MS, 300_000)), (int) page,
                UtrexConfig.DEFAULT_MAX_DOCUMENT_BYTES, origins);
    }

    /** Where this setting's value came from. */
    public UtrexConfig.Origin origin(String setting) {
        return origins.getOrDefault(setting, UtrexConfig.Origin.DEFAULT);
    }

    /** "2015-2026" or "2025, 2026": Ed-Fi school years, each named by the calendar year it ends in. */
    static List<Integer> years(String value) {
        TreeSet<Integer> years = new TreeSet<>();
        try {
            for (String part : value.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int dash = p.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? p : p.substring(0, dash).trim());
                int to = dash < 0 ? from : Integer.parseInt(p.substring(dash + 1).trim());
                if (from < 1990 || to > LocalDate.now().getYear() + 2 || to < from) {
                    throw new NumberFormatException();
                }
                for (int y = from; y <= to; y++) {
                    years.add(y);
                }
            }
        } catch (NumberFormatException e) {
            years.clear();
        }
        if (years.isEmpty()) {
            throw new UtrexConfigException(SCHOOL_YEARS + " must list school years such as '2024-2026' or"
                    + " '2025, 2026' (the year each school year ends in), not '" + value + "'");
        }
        return List.copyOf(years);
    }

    /** "2024-2025" for 2025. */
    public static String label(int schoolYear) {
        return (schoolYear - 1) + "-" + schoolYear;
    }

    /** The enabled years as a person reads them: "2014-2015 to 2025-2026". */
    public String schoolYearsText() {
        int first = schoolYears.get(0);
        int last = schoolYears.get(schoolYears.size() - 1);
        if (last - first + 1 == schoolYears.size()) {
            return first == last ? label(first) : label(first) + " to " + label(last);
        }
        return String.join(", ", schoolYears.stream().map(UsimsConfig::label).toList());
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "UsimsConfig[dataUrl=" + dataUrl + ", authUrl=" + authUrl + ", leaNumber=" + leaNumber
                + ", clientKey=" + clientKey + ", clientSecret=****, schoolYears=" + schoolYears + "]";
    }
}
