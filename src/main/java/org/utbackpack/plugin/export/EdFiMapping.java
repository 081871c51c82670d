package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How one record of a Backpack document becomes one Ed-Fi (Data Standard 5) resource, as docs/EXPORT.md
 * describes. Standard descriptors use the {@code uri://ed-fi.org/} namespace; values Ed-Fi has no
 * descriptor for use {@code uri://schools.utah.gov/}. What Ed-Fi has no property for stays under
 * {@code _ext.ut}, so nothing the state sent is lost. Missing fields are left out, never written as null.
 */
final class EdFiMapping {

    static final String ED_FI = "uri://ed-fi.org/";
    static final String UTAH = "uri://schools.utah.gov/";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final Map<String, String> GRADE_LEVELS = Map.ofEntries(
            Map.entry("PK", "Preschool/Prekindergarten"), Map.entry("K", "Kindergarten"),
            Map.entry("1", "First grade"), Map.entry("2", "Second grade"), Map.entry("3", "Third grade"),
            Map.entry("4", "Fourth grade"), Map.entry("5", "Fifth grade"), Map.entry("6", "Sixth grade"),
            Map.entry("7", "Seventh grade"), Map.entry("8", "Eighth grade"), Map.entry("9", "Ninth grade"),
            Map.entry("10", "Tenth grade"), Map.entry("11", "Eleventh grade"), Map.entry("12", "Twelfth grade"));

    /** Student fields that have an Ed-Fi Student property; every other field goes to _ext.ut. */
    private static final Set<String> STUDENT_IDENTITY = Set.of("ssid", "firstName", "middleName", "lastName",
            "birthDate", "gender");

    private final String ssid;

    /** @param ssid the student's SSID, Ed-Fi's studentUniqueId in every student reference */
    EdFiMapping(String ssid) {
        this.ssid = ssid;
    }

    /** The document's {@code student} section as an Ed-Fi Student. */
    ObjectNode student(JsonNode s) {
        ObjectNode out = NODES.objectNode();
        out.put("studentUniqueId", ssid);
        copy(s, "firstName", out, "firstName");
        copy(s, "middleName", out, "middleName");
        copy(s, "lastName", out, "lastSurname");
        copy(s, "birthDate", out, "birthDate");
        String gender = text(s, "gender");
        if (gender != null) {
            out.put("birthSexDescriptor", switch (gender.toUpperCase()) {
                case "F", "FEMALE" -> ED_FI + "SexDescriptor#Female";
                case "M", "MALE" -> ED_FI + "SexDescriptor#Male";
                default -> UTAH + "SexDescriptor#" + gender;
            });
        }
        ObjectNode ut = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : s.properties()) {
            if (!STUDENT_IDENTITY.contains(field.getKey()) && !field.getValue().isNull()) {
                ut.set(field.getKey(), field.getValue());
            }
        }
        ext(out, ut);
        return out;
    }

    /** One enrollment as a StudentSchoolAssociation. */
    ObjectNode studentSchoolAssociation(JsonNode e) {
        ObjectNode out = NODES.objectNode();
        out.set("studentReference", studentReference());
        ObjectNode school = out.putObject("schoolReference");
        putId(school, "schoolId", text(e, "schoolNumber"));
        schoolYear(e, out.putObject("schoolYearTypeReference"));
        copy(e, "entryDate", out, "entryDate");
        gradeLevel(e, out, "entryGradeLevelDescriptor");
        copy(e, "exitDate", out, "exitWithdrawDate");
        ObjectNode ut = NODES.objectNode();
        copyAll(e, ut, "schoolYear", "schoolName", "leaNumber", "leaName");
        ext(out, ut);
        return out;
    }

    /** One term grade as a Grade of a student's section. */
    ObjectNode grade(JsonNode g) {
        ObjectNode out = NODES.objectNode();
        ObjectNode section = out.putObject("studentSectionAssociationReference");
        section.put("studentUniqueId", ssid);
        putId(section, "schoolId", text(g, "schoolNumber"));
        schoolYear(g, section);
        copy(g, "sectionId", section, "sectionIdentifier");
        copy(g, "courseCode", section, "localCourseCode");
        ObjectNode period = out.putObject("gradingPeriodReference");
        putId(period, "schoolId", text(g, "schoolNumber"));
        schoolYear(g, period);
        String term = text(g, "term");
        if (term != null) {
            period.put("gradingPeriodDescriptor", UTAH + "GradingPeriodDescriptor#" + term);
            period.put("gradingPeriodName", term);
        }
        out.put("gradeTypeDescriptor", ED_FI + "GradeTypeDescriptor#Grading Period");
        copy(g, "mark", out, "letterGradeEarned");
        ObjectNode ut = NODES.objectNode();
        copyAll(g, ut, "schoolYear", "term", "schoolName", "courseTitle", "creditsAttempted", "creditsEarned",
                "teacherCactusId");
        ext(out, ut);
        return out;
    }

    /** One course history row as a CourseTranscript. */
    ObjectNode courseTranscript(JsonNode h) {
        ObjectNode out = NODES.objectNode();
        ObjectNode course = out.putObject("courseReference");
        copy(h, "courseCode", course, "courseCode");
        putId(course, "educationOrganizationId", text(h, "schoolNumber"));
        ObjectNode record = out.putObject("studentAcademicRecordReference");
        record.put("studentUniqueId", ssid);
        putId(record, "educationOrganizationId", text(h, "schoolNumber"));
        schoolYear(h, record);
        record.put("termDescriptor", ED_FI + "TermDescriptor#Year Round");
        String result = attemptResult(h);
        if (result != null) {
            out.put("courseAttemptResultDescriptor", ED_FI + "CourseAttemptResultDescriptor#" + result);
        }
        copy(h, "courseTitle", out, "courseTitle");
        copy(h, "finalMark", out, "finalLetterGradeEarned");
        copy(h, "creditsEarned", out, "earnedCredits");
        gradeLevel(h, out, "whenTakenGradeLevelDescriptor");
        ObjectNode ut = NODES.objectNode();
        copyAll(h, ut, "schoolYear", "schoolName", "concurrentEnrollment");
        ext(out, ut);
        return out;
    }

    /**
     * One section's attendance totals, shaped like a StudentSectionAttendanceEvent: the section, and per
     * attendance event category the number of days (Ed-Fi records one event per day; UTREx sends totals).
     */
    ObjectNode sectionAttendanceTotals(JsonNode a) {
        ObjectNode out = NODES.objectNode();
        ObjectNode section = out.putObject("sectionReference");
        putId(section, "schoolId", text(a, "schoolNumber"));
        schoolYear(a, section);
        copy(a, "sectionId", section, "sectionIdentifier");
        out.set("studentReference", studentReference());
        copy(a, "courseTitle", out, "courseTitle");
        copy(a, "membershipDays", out, "membershipDays");
        ArrayNode totals = out.putArray("attendanceEventTotals");
        total(totals, a, "daysAttended", ED_FI + "AttendanceEventCategoryDescriptor#In Attendance");
        total(totals, a, "excusedAbsences", ED_FI + "AttendanceEventCategoryDescriptor#Excused Absence");
        total(totals, a, "unexcusedAbsences", ED_FI + "AttendanceEventCategoryDescriptor#Unexcused Absence");
        total(totals, a, "suspensionAbsences", UTAH + "AttendanceEventCategoryDescriptor#Suspension");
        ObjectNode ut = NODES.objectNode();
        copyAll(a, ut, "schoolYear", "schoolName", "teacherCactusId");
        ext(out, ut);
        return out;
    }

    /** One teacher as a Staff; each license becomes a Credential, handed to {@code credentials}. */
    ObjectNode staff(JsonNode t, Consumer<ObjectNode> credentials) {
        ObjectNode out = NODES.objectNode();
        String cactusId = text(t, "cactusId");
        copy(t, "cactusId", out, "staffUniqueId");
        copy(t, "firstName", out, "firstName");
        copy(t, "lastName", out, "lastSurname");
        copy(t, "yearsExperience", out, "yearsOfPriorTeachingExperience");
        JsonNode licenses = t.path("licenses");
        if (licenses.isArray() && !licenses.isEmpty()) {
            ArrayNode references = out.putArray("credentials");
            int n = 0;
            for (JsonNode license : licenses) {
                ObjectNode credential = credential(license, (cactusId == null ? ssid + "-teacher" : cactusId) + "-" + ++n);
                ObjectNode reference = references.addObject().putObject("credentialReference");
                reference.set("credentialIdentifier", credential.get("credentialIdentifier"));
                reference.set("stateOfIssueStateAbbreviationDescriptor",
                        credential.get("stateOfIssueStateAbbreviationDescriptor"));
                credentials.accept(credential);
            }
        }
        ObjectNode ut = NODES.objectNode();
        copyAll(t, ut, "cactusId", "endorsements", "degrees");
        ext(out, ut);
        return out;
    }

    private static ObjectNode credential(JsonNode license, String identifier) {
        ObjectNode out = NODES.objectNode();
        out.put("credentialIdentifier", identifier);
        out.put("stateOfIssueStateAbbreviationDescriptor", ED_FI + "StateAbbreviationDescriptor#UT");
        if (license.isValueNode()) {
            out.put("credentialTypeDescriptor", UTAH + "CredentialTypeDescriptor#" + license.asText());
            return out;
        }
        descriptor(license, "type", out, "credentialTypeDescriptor", "CredentialTypeDescriptor");
        descriptor(license, "area", out, "credentialFieldDescriptor", "CredentialFieldDescriptor");
        descriptor(license, "level", out, "teachingCredentialDescriptor", "TeachingCredentialDescriptor");
        copy(license, "expires", out, "expirationDate");
        return out;
    }

    /** One result as a StudentAssessment with its scale score and proficiency level. */
    ObjectNode studentAssessment(JsonNode a) {
        ObjectNode out = NODES.objectNode();
        String test = text(a, "testName");
        String subject = text(a, "subject");
        out.put("studentAssessmentIdentifier", String.join("-", ssid, nonNull(test), nonNull(subject),
                nonNull(text(a, "gradeLevel")), nonNull(text(a, "testDate"))));
        ObjectNode assessment = out.putObject("assessmentReference");
        assessment.put("assessmentIdentifier", (nonNull(test) + " " + nonNull(subject)).trim());
        assessment.put("namespace", UTAH + "Assessment");
        out.set("studentReference", studentReference());
        schoolYear(a, out.putObject("schoolYearTypeReference"));
        copy(a, "testDate", out, "administrationDate");
        gradeLevel(a, out, "whenAssessedGradeLevelDescriptor");
        JsonNode score = a.get("scaleScore");
        if (score != null && !score.isNull() && !score.asText().isBlank()) {
            ObjectNode result = out.putArray("scoreResults").addObject();
            result.put("assessmentReportingMethodDescriptor", ED_FI + "AssessmentReportingMethodDescriptor#Scale score");
            result.put("resultDatatypeTypeDescriptor", ED_FI + "ResultDatatypeTypeDescriptor#"
                    + (score.isIntegralNumber() || score.asText().matches("-?\\d+") ? "Integer" : "Decimal"));
            result.put("result", score.asText());
        }
        String label = text(a, "proficiencyLabel");
        String level = text(a, "proficiencyLevel");
        if (label != null || level != null) {
            ObjectNode performance = out.putArray("performanceLevels").addObject();
            performance.put("assessmentReportingMethodDescriptor",
                    ED_FI + "AssessmentReportingMethodDescriptor#Proficiency level");
            performance.put("performanceLevelDescriptor", UTAH + "PerformanceLevelDescriptor#"
                    + (label != null ? label : level));
            if (level != null) {
                performance.put("performanceLevelIndicatorName", level);
            }
        }
        ObjectNode ut = NODES.objectNode();
        copyAll(a, ut, "schoolYear", "testName", "subject", "proficiencyLevel");
        for (Map.Entry<String, JsonNode> field : a.properties()) {
            if (!KNOWN_ASSESSMENT_FIELDS.contains(field.getKey()) && !field.getValue().isNull()) {
                ut.set(field.getKey(), field.getValue()); // period, predicted ranges, ...: test-specific extras
            }
        }
        ext(out, ut);
        return out;
    }

    private static final Set<String> KNOWN_ASSESSMENT_FIELDS = Set.of("schoolYear", "testName", "subject",
            "gradeLevel", "testDate", "scaleScore", "proficiencyLevel", "proficiencyLabel");

    /**
     * Pass when credit was earned, Fail on a failing mark; otherwise Ed-Fi's result is left out rather
     * than guessed (a mark without credit can be a pass in a course that carries none).
     */
    static String attemptResult(JsonNode h) {
        JsonNode credits = h.get("creditsEarned");
        if (credits != null && credits.isNumber() && credits.doubleValue() > 0) {
            return "Pass";
        }
        String mark = text(h, "finalMark");
        if (mark != null && List.of("F", "NC", "U", "E").contains(mark.toUpperCase())) {
            return "Fail";
        }
        return null;
    }

    /** "2026-2027" is Ed-Fi school year 2027 (the year it ends). */
    static Integer schoolYear(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.matches("\\d{4}-\\d{4}")) {
            return Integer.valueOf(t.substring(5));
        }
        if (t.matches("\\d{4}-\\d{2}")) {
            return Integer.valueOf(t.substring(0, 2) + t.substring(5));
        }
        return t.matches("\\d{4}") ? Integer.valueOf(t) : null;
    }

    static String gradeLevelDescriptor(String level) {
        String standard = GRADE_LEVELS.get(level.trim().toUpperCase());
        return standard != null ? ED_FI + "GradeLevelDescriptor#" + standard : UTAH + "GradeLevelDescriptor#" + level;
    }

    private ObjectNode studentReference() {
        ObjectNode reference = NODES.objectNode();
        reference.put("studentUniqueId", ssid);
        return reference;
    }

    private static void schoolYear(JsonNode record, ObjectNode into) {
        Integer year = schoolYear(text(record, "schoolYear"));
        if (year != null) {
            into.put("schoolYear", year);
        }
    }

    private static void gradeLevel(JsonNode record, ObjectNode into, String property) {
        String level = text(record, "gradeLevel");
        if (level != null) {
            into.put(property, gradeLevelDescriptor(level));
        }
    }

    private static void total(ArrayNode totals, JsonNode record, String field, String category) {
        JsonNode days = record.get(field);
        if (days != null && !days.isNull()) {
            ObjectNode total = totals.addObject();
            total.put("attendanceEventCategoryDescriptor", category);
            total.set("days", days);
        }
    }

    private static void descriptor(JsonNode from, String field, ObjectNode into, String property, String descriptor) {
        String value = text(from, field);
        if (value != null) {
            into.put(property, UTAH + descriptor + "#" + value);
        }
    }

    /** Ed-Fi identifiers of schools and organizations are integers; a code that is not one stays text. */
    private static void putId(ObjectNode into, String property, String value) {
        if (value == null) {
            return;
        }
        if (value.matches("\\d{1,18}")) {
            into.put(property, Long.parseLong(value));
        } else {
            into.put(property, value);
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode into, String property) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isBlank())) {
            into.set(property, value);
        }
    }

    private static void copyAll(JsonNode from, ObjectNode into, String... fields) {
        for (String field : fields) {
            copy(from, field, into, field);
        }
    }

    private static void ext(ObjectNode resource, ObjectNode ut) {
        if (!ut.isEmpty()) {
            resource.putObject("_ext").set("ut", ut);
        }
    }

    static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
