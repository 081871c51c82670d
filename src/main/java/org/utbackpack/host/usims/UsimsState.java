package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedSchool;
import org.utbackpack.host.utrex.SimulatedStudent;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the simulated USIMS knows: the students (its own and those the UTREx simulator knows), their
 * Ed-Fi records made once a day, tokens, faults and the counters behind {@code /_stats}. Thread-safe.
 */
final class UsimsState {

    static final ZoneId UTAH = ZoneId.of("America/Denver");
    /** Query parameters that page rather than filter. */
    private static final List<String> PAGING = List.of("offset", "limit", "totalCount");

    enum TokenCheck { VALID, EXPIRED, UNKNOWN }

    private final UsimsSimulator.Settings settings;
    private final District district;
    private final ObjectMapper json;
    private final Map<String, SimulatedStudent> students = new ConcurrentHashMap<>();
    private final Map<String, EdFiRecords> records = new ConcurrentHashMap<>();
    private final Map<String, Integer> schoolIds = new ConcurrentHashMap<>();
    private final Map<String, String> sectionTeachers = new ConcurrentHashMap<>();
    private final AtomicInteger nextSchoolId = new AtomicInteger(1);
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final SecureRandom tokenRandom = new SecureRandom();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final AtomicReference<UsimsFaults> faults = new AtomicReference<>(UsimsFaults.defaults());
    private final AtomicReference<Random> rolls = new AtomicReference<>(new Random());
    private final CountDownLatch closing = new CountDownLatch(1);

    UsimsState(UsimsSimulator.Settings settings, District district, ObjectMapper json) {
        this.settings = settings;
        this.district = district;
        this.json = json;
    }

    void register(SimulatedStudent s) {
        students.put(s.ssid(), s);
        records.keySet().removeIf(k -> k.startsWith(s.ssid() + "|"));
    }

    // ---------------------------------------------------------------- tokens

    boolean validClient(String key, String secret) {
        return settings.clientKey().equals(key) && settings.clientSecret().equals(secret);
    }

    Map.Entry<String, Long> issueToken() {
        Instant now = settings.clock().instant();
        tokens.values().removeIf(expiry -> !expiry.isAfter(now));
        byte[] bytes = new byte[32];
        tokenRandom.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long ttl = faults.get().tokenTtlSeconds();
        tokens.put(token, now.plusSeconds(ttl));
        count("tokensIssued");
        return Map.entry(token, ttl);
    }

    TokenCheck check(String token) {
        Instant expiry = token == null ? null : tokens.get(token);
        if (expiry == null) {
            return TokenCheck.UNKNOWN;
        }
        return expiry.isAfter(settings.clock().instant()) ? TokenCheck.VALID : TokenCheck.EXPIRED;
    }

    void expireTokens() {
        Instant now = settings.clock().instant();
        tokens.replaceAll((t, e) -> now);
    }

    // ---------------------------------------------------------------- resources

    /**
     * The items of a resource that match every filter, as the LEA's key may see them: its own students'
     * records, and the schools, sections, staff and assessments those refer to.
     */
    List<JsonNode> query(String resource, Map<String, String> params) {
        Map<String, String> filters = new LinkedHashMap<>(params);
        PAGING.forEach(filters::remove);
        List<JsonNode> found = new ArrayList<>();
        if ("schoolYearTypes".equals(resource)) {
            for (int y = settings.firstSchoolYear(); y <= currentSchoolYear() + 1; y++) {
                found.add(json.createObjectNode().put("schoolYear", y).put("schoolYearDescription", (y - 1) + "-" + y)
                        .put("currentSchoolYear", y == currentSchoolYear()));
            }
            return filter(found, filters);
        }
        if (EdFiRecords.STUDENT_RESOURCES.contains(resource)) {
            String ssid = filters.get("studentUniqueId");
            List<EdFiRecords> scope = ssid == null ? materialized() : records(ssid).map(List::of).orElse(List.of());
            for (EdFiRecords r : scope) {
                found.addAll(r.own.get(resource));
            }
            return filter(found, filters);
        }
        Map<String, JsonNode> shared = new LinkedHashMap<>();
        if ("localEducationAgencies".equals(resource)) {
            ObjectNode own = json.createObjectNode().put("id", "lea-" + settings.leaNumber())
                    .put("localEducationAgencyId", EdFiRecords.leaId(settings.leaNumber()))
                    .put("nameOfInstitution", settings.leaName());
            own.putArray("identificationCodes").addObject()
                    .put("educationOrganizationIdentificationSystemDescriptor", EdFiRecords.descriptor(EdFiRecords.ED_FI,
                            "EducationOrganizationIdentificationSystemDescriptor", "SEA"))
                    .put("identificationCode", settings.leaNumber());
            shared.put(own.path("localEducationAgencyId").asText(), own);
        }
        for (EdFiRecords r : materialized()) {
            r.shared.getOrDefault(resource, Map.of()).forEach(shared::putIfAbsent);
        }
        found.addAll(shared.values());
        return filter(found, filters);
    }

    boolean knowsResource(String resource) {
        return "schoolYearTypes".equals(resource) || "localEducationAgencies".equals(resource)
                || EdFiRecords.STUDENT_RESOURCES.contains(resource)
                || List.of("schools", "sections", "staffSectionAssociations", "staffs", "credentials", "assessments")
                .contains(resource);
    }

    private int currentSchoolYear() {
        LocalDate today = today();
        return today.getMonthValue() >= 7 ? today.getYear() + 1 : today.getYear();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(settings.clock().instant(), UTAH);
    }

    /** The student's records, if the state knows the SSID and this LEA's key may read them. */
    private Optional<EdFiRecords> records(String ssid) {
        SimulatedStudent s = students.get(ssid);
        if (s == null && district != null) {
            s = district.student(ssid);
        }
        if (s == null || !s.leaNumber().equals(settings.leaNumber())) {
            return Optional.empty();
        }
        SimulatedStudent student = s;
        LocalDate today = today();
        return Optional.of(records.computeIfAbsent(ssid + "|" + today, k -> {
            count("studentsBuilt");
            // the ODS holds every load: a student's records are today's, as a UTREx Update brings them
            List<SimulatedSchool> schools = district == null ? List.of() : district.schools(student.leaNumber());
            ObjectNode backpack = BackpackGenerator.generate(student, today, settings.clock().instant(), schools);
            return new EdFiRecords(student, backpack, this::schoolId,
                    (key, teacher) -> teacher.equals(sectionTeachers.computeIfAbsent(key, absent -> teacher)));
        }));
    }

    private List<EdFiRecords> materialized() {
        return new ArrayList<>(records.values());
    }

    private int schoolId(String leaAndSchool) {
        return schoolIds.computeIfAbsent(leaAndSchool, k -> 100_000 + nextSchoolId.getAndIncrement());
    }

    private static List<JsonNode> filter(List<JsonNode> items, Map<String, String> filters) {
        if (filters.isEmpty()) {
            return items;
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode item : items) {
            boolean all = true;
            for (Map.Entry<String, String> f : filters.entrySet()) {
                if (!matches(item, f.getKey(), f.getValue())) {
                    all = false;
                    break;
                }
            }
            if (all) {
                out.add(item);
            }
        }
        return out;
    }

    /** A property of the resource itself or of one of its references, as the Ed-Fi API lets a query name them. */
    private static boolean matches(JsonNode item, String name, String value) {
        JsonNode own = item.get(name);
        if (own != null && own.isValueNode()) {
            return own.asText().equalsIgnoreCase(value);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().endsWith("Reference") && field.getValue().has(name)) {
                return field.getValue().get(name).asText().equalsIgnoreCase(value);
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- faults

    UsimsFaults faults() {
        return faults.get();
    }

    void faults(UsimsFaults next, boolean reseed) {
        if (reseed) {
            rolls.set(next.seed() == null ? new Random() : new Random(next.seed()));
        }
        faults.set(next);
    }

    boolean roll(double p) {
        return p > 0 && rolls.get().nextDouble() < p;
    }

    /** Waits, but no longer than the simulator lives; true if it is closing. */
    boolean pause(long millis) {
        if (millis <= 0) {
            return closing.getCount() == 0;
        }
        try {
            return closing.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    void close() {
        closing.countDown();
    }

    // ---------------------------------------------------------------- stats

    void count(String counter) {
        counters.computeIfAbsent(counter, k -> new AtomicInteger()).incrementAndGet();
    }

    ObjectNode stats() {
        ObjectNode n = json.createObjectNode();
        new TreeMap<>(counters).forEach((k, v) -> n.put(k, v.get()));
        return n;
    }

    void resetStats() {
        counters.clear();
    }
}
