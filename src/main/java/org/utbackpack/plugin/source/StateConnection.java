package org.utbackpack.plugin.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.utbackpack.plugin.edfi.UsimsConfig;
import org.utbackpack.plugin.edfi.UsimsSource;
import org.utbackpack.plugin.utrex.UtrexApi;
import org.utbackpack.plugin.utrex.UtrexClient;
import org.utbackpack.plugin.utrex.UtrexConfig;
import org.utbackpack.plugin.utrex.UtrexConfigException;
import org.utbackpack.plugin.utrex.UtrexException;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The district's state connection, chosen by the plugin setting {@code utbackpack.source}: {@code UTREX}
 * (the default: our UTREx contract, DESIGN §6) or {@code USIMS_EDFI} (USIMS over the Ed-Fi API). It hands
 * the forwarder the one {@link UtrexApi} it speaks to, runs Test connection, and describes its settings for
 * the State Connection page (the secrets only as "set"). Only the chosen source must be configured.
 */
public final class StateConnection implements AutoCloseable {

    public static final String SOURCE = "utbackpack.source";

    /** The two states a district can get Backpacks from. */
    public enum Source { UTREX, USIMS_EDFI }

    /** Test connection's outcome: whether it worked, and a sentence saying what worked and what did not. */
    public record Outcome(boolean ok, String sentence) {
    }

    /** One setting as the page shows it. */
    public record Row(String key, String setting, String value, UtrexConfig.Origin origin, boolean masked) {
    }

    private final Source source;
    private final UtrexClient utrex;
    private final UsimsSource usims;
    private final UtrexConfig.Origin sourceOrigin;

    private StateConnection(Source source, UtrexConfig.Origin sourceOrigin, UtrexClient utrex, UsimsSource usims) {
        this.source = source;
        this.sourceOrigin = sourceOrigin;
        this.utrex = utrex;
        this.usims = usims;
    }

    /** Reads {@code utbackpack.source} and the chosen source's settings; fails naming a bad or missing setting. */
    public static StateConnection from(Function<String, String> settings, Function<String, String> environment,
                                       ObjectMapper json, Clock clock) {
        String value = settings.apply(SOURCE);
        UtrexConfig.Origin origin = UtrexConfig.Origin.PLUGIN_SETTING;
        if (value == null || value.isBlank()) {
            value = environment.apply(UtrexConfig.environmentName(SOURCE));
            origin = UtrexConfig.Origin.ENVIRONMENT;
        }
        if (value == null || value.isBlank()) {
            value = Source.UTREX.name();
            origin = UtrexConfig.Origin.DEFAULT;
        }
        Source source;
        try {
            source = Source.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UtrexConfigException(SOURCE + " must be UTREX or USIMS_EDFI, not '" + value + "'");
        }
        if (source == Source.UTREX) {
            return new StateConnection(source, origin,
                    new UtrexClient(UtrexConfig.from(settings, environment), json, clock), null);
        }
        return new StateConnection(source, origin, null,
                new UsimsSource(UsimsConfig.from(settings, environment), json, clock));
    }

    public Source source() {
        return source;
    }

    /** What the forwarder calls: submit, status, document. */
    public UtrexApi api() {
        return utrex != null ? utrex : usims;
    }

    /** "UTREx at https://..." or "USIMS at https://...", for the log. */
    public String describe() {
        return utrex != null ? "UTREx at " + utrex.config().baseUrl() : "USIMS (Ed-Fi) at " + usims.config().dataUrl();
    }

    public Outcome testConnection() {
        if (usims != null) {
            UsimsSource.Outcome o = usims.testConnection();
            return new Outcome(o.ok(), o.sentence());
        }
        try {
            utrex.testConnection();
            return new Outcome(true, "Connected: UTREx at " + utrex.config().baseUrl()
                    + " accepted this district's client ID and secret.");
        } catch (UtrexException e) {
            return new Outcome(false, "The connection test failed. " + e.getMessage());
        }
    }

    /** The settings of the chosen source, in the order the page lists them. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("source", SOURCE, source.name(), sourceOrigin, false));
        if (utrex != null) {
            UtrexConfig c = utrex.config();
            rows.add(new Row("baseUrl", UtrexConfig.BASE_URL, c.baseUrl().toString(), c.origin(UtrexConfig.BASE_URL), false));
            rows.add(new Row("leaNumber", UtrexConfig.LEA_NUMBER, c.leaNumber(), c.origin(UtrexConfig.LEA_NUMBER), false));
            rows.add(new Row("clientId", UtrexConfig.CLIENT_ID, c.clientId(), c.origin(UtrexConfig.CLIENT_ID), false));
            rows.add(new Row("clientSecret", UtrexConfig.CLIENT_SECRET, "", c.origin(UtrexConfig.CLIENT_SECRET), true));
            rows.add(new Row("connectTimeout", UtrexConfig.CONNECT_TIMEOUT_MS, c.connectTimeout().toMillis() + " ms",
                    c.origin(UtrexConfig.CONNECT_TIMEOUT_MS), false));
            rows.add(new Row("responseTimeout", UtrexConfig.RESPONSE_TIMEOUT_MS, c.responseTimeout().toMillis() + " ms",
                    c.origin(UtrexConfig.RESPONSE_TIMEOUT_MS), false));
            rows.add(new Row("maxDocument", UtrexConfig.MAX_DOCUMENT_BYTES, c.maxDocumentSize(),
                    c.origin(UtrexConfig.MAX_DOCUMENT_BYTES), false));
            rows.add(new Row("callDeadline", UtrexConfig.CALL_DEADLINE_MS, c.callDeadline().toMillis() + " ms",
                    c.origin(UtrexConfig.CALL_DEADLINE_MS), false));
            return List.copyOf(rows);
        }
        UsimsConfig c = usims.config();
        rows.add(new Row("dataUrl", UsimsConfig.DATA_URL, c.dataUrl().toString(), c.origin(UsimsConfig.DATA_URL), false));
        rows.add(new Row("authUrl", UsimsConfig.AUTH_URL, c.authUrl().toString(), c.origin(UsimsConfig.AUTH_URL), false));
        rows.add(new Row("leaNumber", UsimsConfig.LEA_NUMBER, c.leaNumber(), c.origin(UsimsConfig.LEA_NUMBER), false));
        rows.add(new Row("clientKey", UsimsConfig.CLIENT_KEY, c.clientKey(), c.origin(UsimsConfig.CLIENT_KEY), false));
        rows.add(new Row("clientSecret", UsimsConfig.CLIENT_SECRET, "", c.origin(UsimsConfig.CLIENT_SECRET), true));
        rows.add(new Row("schoolYears", UsimsConfig.SCHOOL_YEARS, c.schoolYearsText(), c.origin(UsimsConfig.SCHOOL_YEARS),
                false));
        rows.add(new Row("connectTimeout", UsimsConfig.CONNECT_TIMEOUT_MS, c.connectTimeout().toMillis() + " ms",
                c.origin(UsimsConfig.CONNECT_TIMEOUT_MS), false));
        rows.add(new Row("responseTimeout", UsimsConfig.RESPONSE_TIMEOUT_MS, c.responseTimeout().toMillis() + " ms",
                c.origin(UsimsConfig.RESPONSE_TIMEOUT_MS), false));
        rows.add(new Row("usimsCallDeadline", UsimsConfig.CALL_DEADLINE_MS, c.callDeadline().toSeconds() + " s",
                c.origin(UsimsConfig.CALL_DEADLINE_MS), false));
        return List.copyOf(rows);
    }

    /** The rows as the page's model reads them. */
    public List<Map<String, Object>> model() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("key", r.key());
            m.put("value", r.value());
            m.put("setting", r.setting());
            m.put("environment", UtrexConfig.environmentName(r.setting()));
            m.put("origin", r.origin().name());
            m.put("masked", r.masked());
            out.add(Map.copyOf(m));
        }
        return List.copyOf(out);
    }

    @Override
    public void close() throws IOException {
        if (utrex != null) {
            utrex.close();
        }
    }
}
