package org.utbackpack.plugin.edfi;

import com.fasterxml.jackson.databind.JsonNode;
import org.utbackpack.plugin.utrex.UtrexException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one student's records from the Ed-Fi API: the student by {@code studentUniqueId} (the SSID) and
 * the education organization association (demographics); then, one enabled school year at a time, school
 * associations (enrollments), grades, course transcripts, section attendance events and student
 * assessments; then what those refer to: schools and LEAs, sections with their teachers of record
 * (staff section associations), staff with their credentials, and assessments. All within one deadline.
 */
final class EdFiReader {

    /** "USIMS has no Backpack data ..." : the state knows the student but holds nothing in the enabled years. */
    static final String NO_DATA = "USIMS has no Backpack data for this student in the enabled school years";

    private final EdFiClient client;

    EdFiReader(EdFiClient client) {
        this.client = client;
    }

    /** The student's record in USIMS, or a permanent failure saying the state does not know the SSID. */
    JsonNode student(String ssid, EdFiClient.Deadline deadline) {
        List<JsonNode> found = client.readAll("students", Map.of("studentUniqueId", ssid), deadline);
        if (found.isEmpty()) {
            throw UtrexException.permanent("USIMS has no student with SSID " + ssid + " that LEA "
                    + client.config().leaNumber() + " may read.");
        }
        return found.get(0);
    }

    StudentRecords read(String ssid, EdFiClient.Deadline deadline) {
        JsonNode student = student(ssid, deadline);
        Map<String, String> byStudent = Map.of("studentUniqueId", ssid);
        List<JsonNode> organizations = client.readAll("studentEducationOrganizationAssociations", byStudent, deadline);
        List<JsonNode> enrollments = new ArrayList<>();
        List<JsonNode> grades = new ArrayList<>();
        List<JsonNode> transcripts = new ArrayList<>();
        List<JsonNode> attendance = new ArrayList<>();
        List<JsonNode> assessments = new ArrayList<>();
        List<JsonNode> memberships = new ArrayList<>();
        for (int year : client.config().schoolYears()) {
            Map<String, String> q = Map.of("studentUniqueId", ssid, "schoolYear", Integer.toString(year));
            enrollments.addAll(client.readAll("studentSchoolAssociations", q, deadline));
            memberships.addAll(client.readAll("studentSectionAssociations", q, deadline));
            grades.addAll(client.readAll("grades", q, deadline));
            transcripts.addAll(client.readAll("courseTranscripts", q, deadline));
            attendance.addAll(client.readAll("studentSectionAttendanceEvents", q, deadline));
            assessments.addAll(client.readAll("studentAssessments", q, deadline));
        }

        Set<String> sectionKeys = new LinkedHashSet<>();
        Map<String, JsonNode> sectionRefs = new LinkedHashMap<>();
        for (JsonNode m : memberships) {
            note(sectionKeys, sectionRefs, m.path("sectionReference"));
        }
        for (JsonNode g : grades) {
            note(sectionKeys, sectionRefs, g.path("studentSectionAssociationReference"));
        }
        for (JsonNode e : attendance) {
            note(sectionKeys, sectionRefs, e.path("sectionReference"));
        }
        Map<String, JsonNode> sections = new LinkedHashMap<>();
        Map<String, List<String>> sectionStaff = new LinkedHashMap<>();
        Set<String> staffIds = new LinkedHashSet<>();
        Set<Long> schoolIds = new LinkedHashSet<>();
        for (String key : sectionKeys) {
            JsonNode ref = sectionRefs.get(key);
            schoolIds.add(ref.path("schoolId").asLong());
            Map<String, String> q = new LinkedHashMap<>();
            for (String f : List.of("localCourseCode", "schoolId", "schoolYear", "sectionIdentifier", "sessionName")) {
                q.put(f, ref.path(f).asText());
            }
            List<JsonNode> found = client.readAll("sections", q, deadline);
            if (!found.isEmpty()) {
                sections.put(key, found.get(0));
            }
            List<String> teachers = new ArrayList<>();
            for (JsonNode a : client.readAll("staffSectionAssociations", q, deadline)) {
                String id = a.path("staffReference").path("staffUniqueId").asText(null);
                if (id != null) {
                    teachers.add(id);
                    staffIds.add(id);
                }
            }
            sectionStaff.put(key, teachers);
        }
        enrollments.forEach(e -> schoolIds.add(e.path("schoolReference").path("schoolId").asLong()));
        transcripts.forEach(t -> schoolIds.add(t.path("studentAcademicRecordReference").path("educationOrganizationId")
                .asLong()));

        Map<Long, JsonNode> schools = new LinkedHashMap<>();
        Map<Long, JsonNode> leas = new LinkedHashMap<>();
        for (long id : schoolIds) {
            List<JsonNode> found = client.readAll("schools", Map.of("schoolId", Long.toString(id)), deadline);
            if (found.isEmpty()) {
                continue;
            }
            schools.put(id, found.get(0));
            long lea = found.get(0).path("localEducationAgencyReference").path("localEducationAgencyId").asLong(-1);
            if (lea >= 0 && !leas.containsKey(lea)) {
                List<JsonNode> l = client.readAll("localEducationAgencies",
                        Map.of("localEducationAgencyId", Long.toString(lea)), deadline);
                if (!l.isEmpty()) {
                    leas.put(lea, l.get(0));
                }
            }
        }

        Map<String, JsonNode> staff = new LinkedHashMap<>();
        Map<String, JsonNode> credentials = new LinkedHashMap<>();
        for (String id : staffIds) {
            List<JsonNode> found = client.readAll("staffs", Map.of("staffUniqueId", id), deadline);
            if (found.isEmpty()) {
                continue;
            }
            staff.put(id, found.get(0));
            for (JsonNode c : found.get(0).path("credentials")) {
                JsonNode ref = c.path("credentialReference");
                String credentialId = ref.path("credentialIdentifier").asText(null);
                if (credentialId == null || credentials.containsKey(credentialId)) {
                    continue;
                }
                Map<String, String> q = new LinkedHashMap<>();
                q.put("credentialIdentifier", credentialId);
                q.put("stateOfIssueStateAbbreviationDescriptor", ref.path("stateOfIssueStateAbbreviationDescriptor").asText());
                List<JsonNode> cred = client.readAll("credentials", q, deadline);
                if (!cred.isEmpty()) {
                    credentials.put(credentialId, cred.get(0));
                }
            }
        }

        Map<String, JsonNode> tests = new LinkedHashMap<>();
        for (JsonNode sa : assessments) {
            JsonNode ref = sa.path("assessmentReference");
            String id = ref.path("assessmentIdentifier").asText();
            if (!tests.containsKey(id)) {
                List<JsonNode> found = client.readAll("assessments", Map.of("assessmentIdentifier", id,
                        "namespace", ref.path("namespace").asText()), deadline);
                if (!found.isEmpty()) {
                    tests.put(id, found.get(0));
                }
            }
        }
        return new StudentRecords(student, organizations, enrollments, grades, transcripts, attendance, assessments,
                schools, leas, sections, sectionStaff, staff, credentials, tests);
    }

    private static void note(Set<String> keys, Map<String, JsonNode> refs, JsonNode ref) {
        if (ref.isMissingNode() || ref.isNull()) {
            return;
        }
        String key = sectionKey(ref);
        if (keys.add(key)) {
            refs.put(key, ref);
        }
    }

    /** A section's natural key, from a section reference or a student section association reference. */
    static String sectionKey(JsonNode ref) {
        return ref.path("localCourseCode").asText() + "|" + ref.path("schoolId").asText() + "|"
                + ref.path("schoolYear").asText() + "|" + ref.path("sectionIdentifier").asText() + "|"
                + ref.path("sessionName").asText();
    }
}
