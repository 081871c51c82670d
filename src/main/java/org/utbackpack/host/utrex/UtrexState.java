package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.host.simulator.SimulatedService;
import org.utbackpack.host.simulator.UtahTime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * What the simulated state knows and remembers: students, requests, documents and fault settings; its
 * client, tokens, dice and counters are the {@link SimulatedService} both simulators share. Thread-safe;
 * the servlet only translates HTTP to these calls.
 */
final class UtrexState {

    /** How far behind today the state's batch load is that a first retrieval is served from. */
    static final Period LOAD_LAG = Period.ofDays(14);
    private static final Pattern SSID = Pattern.compile("\\d{7}");

    private final UtrexSimulator.Settings settings;
    private final ObjectMapper json;
    private final SimulatedService service;
    private final Map<String, SimulatedStudent> students = new ConcurrentHashMap<>();
    private final Map<String, BackpackRequest> requests = new ConcurrentHashMap<>();
    private final Map<String, BackpackRequest> byCorrelation = new ConcurrentHashMap<>();
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<String, List<SimulatedSchool>> schools = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> submits = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> submitsBySsid = new ConcurrentHashMap<>();
    private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.defaults());
    private final AtomicInteger burstLeft = new AtomicInteger();
    /** Request ids a careless client would put into its next URL as they are; a random tail follows. */
    static final String[] ODD_IDS = {"../../oauth/token?x=", "..%2F..%2Foauth%2Ftoken-", "id with spaces ",
            "\u00e9t\u00e9-", "x".repeat(300) + "-"};

    UtrexState(UtrexSimulator.Settings settings, SimulatedService service, ObjectMapper json) {
        this.settings = settings;
        this.service = service;
        this.json = json;
    }

    // ---------------------------------------------------------------- students

    void register(SimulatedStudent s) {
        students.put(s.ssid(), s);
        // A changed student must not be served from an old document.
        documents.keySet().removeIf(k -> k.startsWith(s.ssid() + "|"));
    }

    /** The LEA's schools the SIS has too; its students' histories run through them from now on. */
    void registerSchools(String leaNumber, List<SimulatedSchool> list) {
        schools.put(leaNumber, List.copyOf(list));
        documents.clear();
    }

    List<SimulatedSchool> schools(String leaNumber) {
        return schools.getOrDefault(leaNumber, List.of());
    }

    SimulatedStudent student(String ssid) {
        return ssid == null ? null : students.get(ssid);
    }

    // ---------------------------------------------------------------- requests

    /**
     * Accepts a request, or returns the one already made under the same correlation id. Every accepted
     * call is counted per correlation id and per SSID, repeats included.
     */
    BackpackRequest submit(String ssid, String leaNumber, String requestType, String correlationId) {
        if (!SSID.matcher(ssid).matches()) {
            throw new ApiError(400, "invalid_ssid", "The SSID must be 7 digits, was '" + ssid + "'");
        }
        if (!settings.service().leaNumber().equals(leaNumber)) {
            throw new ApiError(403, "lea_not_authorized",
                    "This client may only request for LEA " + settings.service().leaNumber());
        }
        BackpackRequest earlier = byCorrelation.get(correlationId);
        if (earlier == null) {
            SimulatedStudent s = students.get(ssid);
            if (s == null) {
                throw new ApiError(404, "ssid_unknown", "No student with SSID " + ssid);
            }
            if (!s.leaNumber().equals(leaNumber)) {
                throw new ApiError(403, "not_attributable",
                        "Student " + ssid + " is not attributable to LEA " + leaNumber);
            }
        }
        BackpackRequest request = byCorrelation.computeIfAbsent(correlationId, cid -> create(ssid, leaNumber,
                requestType, cid));
        if (!request.ssid().equals(ssid) || !request.requestType().equals(requestType)) {
            throw new ApiError(409, "correlation_conflict",
                    "Correlation id " + correlationId + " was already used for another request");
        }
        submits.computeIfAbsent(correlationId, k -> new AtomicInteger()).incrementAndGet();
        submitsBySsid.computeIfAbsent(ssid, k -> new AtomicInteger()).incrementAndGet();
        return request;
    }

    private BackpackRequest create(String ssid, String leaNumber, String requestType, String correlationId) {
        Faults f = faults.get();
        String id = UUID.randomUUID().toString();
        if (service.roll(f.oddIdRate())) {
            service.count("fault.oddId");
            id = ODD_IDS[service.nextInt(ODD_IDS.length)] + id.substring(0, 8);
        }
        boolean never = service.roll(f.neverCompleteRate());
        if (never) {
            service.count("fault.neverComplete");
        }
        BackpackRequest r = new BackpackRequest(id, ssid, leaNumber, requestType,
                correlationId, service.now(), service.roll(f.requestFailureRate()), never);
        requests.put(r.requestId(), r);
        service.count("requests");
        return r;
    }

    BackpackRequest request(String requestId) {
        BackpackRequest r = requests.get(requestId);
        if (r == null) {
            throw new ApiError(404, "request_unknown", "No request with id " + requestId);
        }
        return r;
    }

    /**
     * Queued for the first half of the processing time, then Processing, then Complete (or Failed); for
     * ever Processing when the request drew neverCompleteRate.
     */
    String status(BackpackRequest r) {
        Duration elapsed = Duration.between(r.created(), service.now());
        Duration processing = settings.processingTime();
        if (r.neverComplete() && elapsed.compareTo(processing.dividedBy(2)) >= 0) {
            return "Processing";
        }
        if (elapsed.compareTo(processing) >= 0) {
            return r.willFail() ? "Failed" : "Complete";
        }
        return elapsed.compareTo(processing.dividedBy(2)) < 0 ? "Queued" : "Processing";
    }

    /**
     * The document's JSON bytes, generated once per student, day and kind. The state loads the LEAs'
     * submissions in batches: a first retrieval gets the records of the load {@link #LOAD_LAG} ago, an
     * Update the newest load, so an Update after a Retrieve brings the weeks in between (attendance, marks,
     * scores), as it would for a family who asks again later.
     */
    byte[] document(BackpackRequest r) {
        LocalDate today = LocalDate.ofInstant(service.now(), UtahTime.ZONE);
        SimulatedStudent s = students.get(r.ssid());
        if (s == null) {
            throw new ApiError(404, "ssid_unknown", "No student with SSID " + r.ssid());
        }
        LocalDate asOf = loadDate(today, r.requestType());
        List<SimulatedSchool> known = schools.getOrDefault(s.leaNumber(), List.of());
        return documents.computeIfAbsent(r.ssid() + "|" + asOf, k -> {
            ObjectNode doc = BackpackGenerator.generate(s, asOf, service.now(), known);
            try {
                return json.writeValueAsBytes(doc);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The day whose records a request of this type gets (see {@link #document}). */
    static LocalDate loadDate(LocalDate today, String requestType) {
        LocalDate lagged = today.minus(LOAD_LAG);
        // a load before this school year began would not know the student's current grade yet
        boolean sameYear = SchoolCalendar.schoolYearOf(lagged) == SchoolCalendar.schoolYearOf(today);
        return "Update".equals(requestType) || !sameYear ? today : lagged;
    }

    // ---------------------------------------------------------------- faults

    Faults faults() {
        return faults.get();
    }

    void faults(Faults next, boolean reseed) {
        if (reseed) {
            service.reseed(next.service().seed());
        }
        faults.set(next);
    }

    /**
     * True when this API call is answered 429: rolled at rateLimitRate, and then, for a burst, the next
     * rateLimitBurst calls as well.
     */
    boolean rateLimited() {
        Faults f = faults.get();
        if (burstLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return true;
        }
        if (service.roll(f.service().rateLimitRate())) {
            burstLeft.set((int) Math.min(Integer.MAX_VALUE, f.rateLimitBurst()));
            return true;
        }
        return false;
    }

    /** A cut point for a truncated document, somewhere in its middle. */
    int cutPoint(int length) {
        return Math.max(1, (int) (length * (0.1 + 0.8 * service.nextDouble())));
    }

    // ---------------------------------------------------------------- stats

    ObjectNode stats() {
        ObjectNode n = json.createObjectNode();
        ObjectNode bySubmit = n.putObject("submits");
        new TreeMap<>(submits).forEach((k, v) -> bySubmit.put(k, v.get()));
        ObjectNode bySsid = n.putObject("submitsBySsid");
        new TreeMap<>(submitsBySsid).forEach((k, v) -> bySsid.put(k, v.get()));
        for (String c : new String[]{"documentsServed", "tokensIssued", "requests", "statusPolls", "httpRequests"}) {
            n.put(c, service.counter(c));
        }
        ObjectNode injected = n.putObject("faults");
        for (String c : new String[]{"failure", "timeout", "rateLimit", "malformed", "truncated", "neverComplete",
                "unknownStatus", "drip", "nonFinite", "oddId"}) {
            injected.put(c, service.counter("fault." + c));
        }
        return n;
    }

    void resetStats() {
        submits.clear();
        submitsBySsid.clear();
        service.resetCounters();
        burstLeft.set(0);
    }
}
