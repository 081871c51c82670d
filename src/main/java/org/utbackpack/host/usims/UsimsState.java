package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.host.simulator.SimulatedService;
import org.utbackpack.host.simulator.UtahTime;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedSchool;
import org.utbackpack.host.utrex.SimulatedStudent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the simulated USIMS knows: the students (its own and those the UTREx simulator knows), their
 * Ed-Fi records made once a day, and its faults; its client, tokens, dice and counters (behind
 * {@code /_stats}) are the {@link SimulatedService} both simulators share. Thread-safe.
 */
final class UsimsState {

    /** Query parameters that page rather than filter. */
    private static final List<String> PAGING = List.of("offset", "limit", "totalCount");

    private final UsimsSimulator.Settings settings;
    private final District district;
    private final ObjectMapper json;
    private final SimulatedService service;
    private final Map<String, SimulatedStudent> students = new ConcurrentHashMap<>();
    private final Map<String, EdFiRecords> records = new ConcurrentHashMap<>();
    private final Map<String, Integer> schoolIds = new ConcurrentHashMap<>();
    private final Map<String, String> sectionTeachers = new ConcurrentHashMap<>();
    private final AtomicInteger nextSchoolId = new AtomicInteger(1);
    private final AtomicReference<UsimsFaults> faults = new AtomicReference<>(UsimsFaults.defaults());

    UsimsState(UsimsSimulator.Settings settings, SimulatedService service, District district, ObjectMapper json) {
        this.settings = settings;
        this.service = service;
        this.district = district;
        this.json = json;
    }

    void register(SimulatedStudent s) {
        students.put(s.ssid(), s);
        records.keySet().removeIf(k -> k.startsWith(s.ssid() + "|"));
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
            ObjectNode own = json.createObjectNode().put("id", "lea-" + settings.service().leaNumber())
                    .put("localEducationAgencyId", EdFiRecords.leaId(settings.service().leaNumber()))
                    .put("nameOfInstitution", settings.leaName());
            own.putArray("identificationCodes").addObject()
                    .put("educationOrganizationIdentificationSystemDescriptor", EdFiRecords.descriptor(EdFiRecords.ED_FI,
                            "EducationOrganizationIdentificationSystemDescriptor", "SEA"))
                    .put("identificationCode", settings.service().leaNumber());
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
        return LocalDate.ofInstant(service.now(), UtahTime.ZONE);
    }

    /** The student's records, if the state knows the SSID and this LEA's key may read them. */
    private Optional<EdFiRecords> records(String ssid) {
        SimulatedStudent s = students.get(ssid);
        if (s == null && district != null) {
            s = district.student(ssid);
        }
        if (s == null || !s.leaNumber().equals(settings.service().leaNumber())) {
            return Optional.empty();
        }
        SimulatedStudent student = s;
        LocalDate today = today();
        return Optional.of(records.computeIfAbsent(ssid + "|" + today, k -> {
            service.count("studentsBuilt");
            // the ODS holds every load: a student's records are today's, as a UTREx Update brings them
            List<SimulatedSchool> schools = district == null ? List.of() : district.schools(student.leaNumber());
            ObjectNode backpack = BackpackGenerator.generate(student, today, service.now(), schools);
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
            service.reseed(next.service().seed());
        }
        faults.set(next);
    }
}
