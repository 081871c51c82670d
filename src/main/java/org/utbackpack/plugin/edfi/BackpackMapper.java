package org.utbackpack.plugin.edfi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a student's Ed-Fi records into the Backpack document the UTREx path brings (DESIGN §6), so that
 * checking, storing, the pages and the history are the same whichever source served it: school
 * associations become enrollments, grades course grades, course transcripts course history, section
 * attendance events (one per section and day) one section attendance row per section, the teachers of
 * record of the student's sections with their credentials the teachers, and student assessments the
 * assessment results. Descriptors give their code value ("uri://ed-fi.org/GradeLevelDescriptor#Tenth
 * grade" is grade 10); Ed-Fi school year 2025 is "2024-2025". Ed-Fi grades carry no credits, so course
 * grades from USIMS have none (the course history has them).
 */
final class BackpackMapper {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> GRADE_LEVELS = List.of("Preschool/Prekindergarten", "Kindergarten",
            "First grade", "Second grade", "Third grade", "Fourth grade", "Fifth grade", "Sixth grade",
            "Seventh grade", "Eighth grade", "Ninth grade", "Tenth grade", "Eleventh grade", "Twelfth grade");
    private static final Map<String, String> RACES = Map.of(
            "White", "White", "Asian", "Asian", "Black - African American", "Black/African American",
            "Native Hawaiian - Pacific Islander", "Native Hawaiian/Pacific Islander",
            "American Indian - Alaska Native", "American Indian/Alaska Native");

    private BackpackMapper() {
    }

    static ObjectNode map(String ssid, StudentRecords r, Instant generatedAt) {
        ObjectNode doc = F.objectNode();
        doc.put("ssid", ssid);
        doc.put("generatedAt", generatedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode student = doc.putObject("student");
        ArrayNode enrollments = doc.putArray("enrollments");
        ArrayNode grades = doc.putArray("courseGrades");
        ArrayNode history = doc.putArray("courseHistory");
        ArrayNode attendance = doc.putArray("sectionAttendance");
        ArrayNode teachers = doc.putArray("teachers");
        ArrayNode assessments = doc.putArray("assessments");

        JsonNode latest = null;
        for (JsonNode a : r.schoolAssociations()) {
            JsonNode school = r.schools().get(a.path("schoolReference").path("schoolId").asLong());
            JsonNode lea = lea(r, school);
            ObjectNode e = enrollments.addObject();
            put(e, "leaNumber", seaCode(lea));
            put(e, "leaName", text(lea, "nameOfInstitution"));
            put(e, "schoolNumber", seaCode(school));
            put(e, "schoolName", text(school, "nameOfInstitution"));
            e.put("schoolYear", label(a.path("schoolYearTypeReference").path("schoolYear").asInt()));
            put(e, "gradeLevel", gradeLevel(a.path("entryGradeLevelDescriptor").asText(null)));
            put(e, "entryDate", text(a, "entryDate"));
            put(e, "exitDate", text(a, "exitWithdrawDate"));
            if (latest == null || a.path("entryDate").asText().compareTo(latest.path("entryDate").asText()) >= 0) {
                latest = e;
            }
        }
        student(student, ssid, r, latest);

        for (JsonNode g : r.grades()) {
            JsonNode ref = g.path("studentSectionAssociationReference");
            String key = EdFiReader.sectionKey(ref);
            JsonNode school = r.schools().get(ref.path("schoolId").asLong());
            ObjectNode row = grades.addObject();
            row.put("schoolYear", label(ref.path("schoolYear").asInt()));
            put(row, "term", code(g.path("gradingPeriodReference").path("gradingPeriodDescriptor").asText(null)));
            put(row, "schoolNumber", seaCode(school));
            put(row, "schoolName", text(school, "nameOfInstitution"));
            put(row, "courseCode", text(ref, "localCourseCode"));
            String title = text(r.sections().get(key), "sectionName");
            JsonNode standard = g.path("learningStandardGrades").path(0).path("learningStandardReference")
                    .path("learningStandardId");
            if (standard.isTextual()) {
                title = title == null ? standard.asText() : title + ": " + standard.asText();
                row.put("standard", standard.asText());
            }
            put(row, "courseTitle", title);
            put(row, "sectionId", text(ref, "sectionIdentifier"));
            put(row, "mark", text(g, "letterGradeEarned") != null ? text(g, "letterGradeEarned")
                    : text(g, "numericGradeEarned"));
            List<String> staff = r.sectionStaff().getOrDefault(key, List.of());
            put(row, "teacherCactusId", staff.isEmpty() ? null : staff.get(0));
        }

        for (JsonNode t : r.transcripts()) {
            JsonNode record = t.path("studentAcademicRecordReference");
            JsonNode school = r.schools().get(record.path("educationOrganizationId").asLong());
            ObjectNode row = history.addObject();
            row.put("schoolYear", label(record.path("schoolYear").asInt()));
            put(row, "gradeLevel", gradeLevel(t.path("whenTakenGradeLevelDescriptor").asText(null)));
            put(row, "schoolNumber", seaCode(school));
            put(row, "schoolName", text(school, "nameOfInstitution"));
            put(row, "courseCode", text(t.path("courseReference"), "courseCode"));
            put(row, "courseTitle", text(t, "courseTitle"));
            put(row, "finalMark", text(t, "finalLetterGradeEarned") != null ? text(t, "finalLetterGradeEarned")
                    : text(t, "finalNumericGradeEarned"));
            if (t.path("earnedCredits").isNumber()) {
                row.set("creditsEarned", t.path("earnedCredits"));
            }
            boolean dual = false;
            for (JsonNode c : t.path("earnedAdditionalCredits")) {
                dual |= "Dual credit".equalsIgnoreCase(code(c.path("additionalCreditTypeDescriptor").asText(null)));
            }
            row.put("concurrentEnrollment", dual);
        }

        attendance(attendance, r);
        teachers(teachers, r);

        for (JsonNode sa : r.studentAssessments()) {
            JsonNode test = r.assessments().get(sa.path("assessmentReference").path("assessmentIdentifier").asText());
            ObjectNode row = assessments.addObject();
            row.put("schoolYear", label(sa.path("schoolYearTypeReference").path("schoolYear").asInt()));
            put(row, "testName", text(test, "assessmentTitle"));
            put(row, "subject", test == null ? null
                    : code(test.path("academicSubjects").path(0).path("academicSubjectDescriptor").asText(null)));
            put(row, "gradeLevel", gradeLevel(sa.path("whenAssessedGradeLevelDescriptor").asText(null)));
            String date = text(sa, "administrationDate");
            put(row, "testDate", date == null || date.length() < 10 ? date : date.substring(0, 10));
            JsonNode score = null;
            for (JsonNode s : sa.path("scoreResults")) {
                if ("Scale score".equalsIgnoreCase(code(s.path("assessmentReportingMethodDescriptor").asText(null)))) {
                    score = s.path("result");
                }
            }
            if (score == null || score.asText().isBlank()) {
                row.putNull("scaleScore");
            } else {
                number(row, "scaleScore", score.asText());
            }
            JsonNode level = sa.path("performanceLevels").path(0);
            if (level.isMissingNode()) {
                row.putNull("proficiencyLevel").putNull("proficiencyLabel");
            } else {
                put(row, "proficiencyLevel", text(level, "performanceLevelIndicatorName"));
                put(row, "proficiencyLabel", code(level.path("performanceLevelDescriptor").asText(null)));
            }
            String period = code(sa.path("period").path("assessmentPeriodDescriptor").asText(null));
            if (period != null) {
                row.put("period", period);
            }
        }
        return doc;
    }

    private static void student(ObjectNode node, String ssid, StudentRecords r, JsonNode latest) {
        JsonNode s = r.student();
        JsonNode a = r.organizationAssociations().isEmpty() ? F.objectNode() : r.organizationAssociations().get(0);
        node.put("ssid", ssid);
        put(node, "firstName", text(s, "firstName"));
        put(node, "middleName", text(s, "middleName"));
        put(node, "lastName", text(s, "lastSurname"));
        put(node, "birthDate", text(s, "birthDate"));
        String sex = code(a.path("sexDescriptor").asText(s.path("birthSexDescriptor").asText(null)));
        put(node, "gender", sex == null ? null : "Female".equals(sex) ? "F" : "Male".equals(sex) ? "M" : sex);
        put(node, "raceEthnicity", race(a));
        String primary = null;
        String home = null;
        for (JsonNode l : a.path("languages")) {
            String language = code(l.path("languageDescriptor").asText(null));
            for (JsonNode use : l.path("uses")) {
                String u = code(use.path("languageUseDescriptor").asText(null));
                if ("Native language".equalsIgnoreCase(u) && primary == null) {
                    primary = language;
                } else if ("Home language".equalsIgnoreCase(u) && home == null) {
                    home = language;
                }
            }
        }
        put(node, "primaryLanguage", primary);
        String lep = code(a.path("limitedEnglishProficiencyDescriptor").asText(null));
        node.put("englishLearner", "Limited".equalsIgnoreCase(lep));
        node.put("specialEducation", indicator(a, "Special Education"));
        node.put("section504", indicator(a, "Section 504"));
        put(node, "homeLanguage", home);
        put(node, "currentGradeLevel", latest == null ? null : text(latest, "gradeLevel"));
        put(node, "currentSchoolName", latest == null ? null : text(latest, "schoolName"));
    }

    private static String race(JsonNode a) {
        if (a.path("hispanicLatinoEthnicity").asBoolean()) {
            return "Hispanic/Latino";
        }
        JsonNode races = a.path("races");
        if (races.size() > 1) {
            return "Two or More Races";
        }
        if (races.size() == 1) {
            String code = code(races.get(0).path("raceDescriptor").asText(null));
            return RACES.getOrDefault(code, code);
        }
        return null;
    }

    private static boolean indicator(JsonNode a, String name) {
        for (JsonNode i : a.path("studentIndicators")) {
            if (name.equalsIgnoreCase(i.path("indicatorName").asText())) {
                String v = i.path("indicator").asText();
                return "true".equalsIgnoreCase(v) || "yes".equalsIgnoreCase(v);
            }
        }
        return false;
    }

    /** One row per section: the section's school days (events of any kind) and how each was spent. */
    private static void attendance(ArrayNode out, StudentRecords r) {
        Map<String, int[]> bySection = new LinkedHashMap<>();
        Map<String, JsonNode> refs = new LinkedHashMap<>();
        for (JsonNode e : r.attendanceEvents()) {
            JsonNode ref = e.path("sectionReference");
            String key = EdFiReader.sectionKey(ref);
            refs.putIfAbsent(key, ref);
            int[] n = bySection.computeIfAbsent(key, k -> new int[5]);
            String category = code(e.path("attendanceEventCategoryDescriptor").asText(null));
            n[0]++;
            if (category == null) {
                continue;
            }
            String c = category.toLowerCase(java.util.Locale.ROOT);
            if (c.contains("suspension")) {
                n[4]++;
            } else if (c.startsWith("excused")) {
                n[2]++;
            } else if (c.startsWith("unexcused")) {
                n[3]++;
            } else {
                n[1]++; // in attendance, tardy, early departure: present for the day
            }
        }
        for (Map.Entry<String, int[]> s : bySection.entrySet()) {
            JsonNode ref = refs.get(s.getKey());
            JsonNode school = r.schools().get(ref.path("schoolId").asLong());
            int[] n = s.getValue();
            ObjectNode row = out.addObject();
            row.put("schoolYear", label(ref.path("schoolYear").asInt()));
            put(row, "schoolNumber", seaCode(school));
            put(row, "schoolName", text(school, "nameOfInstitution"));
            put(row, "sectionId", text(ref, "sectionIdentifier"));
            put(row, "courseTitle", text(r.sections().get(s.getKey()), "sectionName"));
            List<String> staff = r.sectionStaff().getOrDefault(s.getKey(), List.of());
            put(row, "teacherCactusId", staff.isEmpty() ? null : staff.get(0));
            row.put("membershipDays", n[0]).put("daysAttended", n[1]).put("excusedAbsences", n[2])
                    .put("unexcusedAbsences", n[3]).put("suspensionAbsences", n[4]);
        }
    }

    private static void teachers(ArrayNode out, StudentRecords r) {
        Set<String> ids = new LinkedHashSet<>();
        r.sectionStaff().values().forEach(ids::addAll);
        for (String id : ids) {
            JsonNode staff = r.staff().get(id);
            if (staff == null) {
                continue;
            }
            ObjectNode row = out.addObject();
            row.put("cactusId", id);
            put(row, "firstName", text(staff, "firstName"));
            put(row, "lastName", text(staff, "lastSurname"));
            ArrayNode licenses = row.putArray("licenses");
            List<String> endorsements = new ArrayList<>();
            for (JsonNode ref : staff.path("credentials")) {
                JsonNode c = r.credentials().get(ref.path("credentialReference").path("credentialIdentifier").asText());
                if (c == null) {
                    continue;
                }
                c.path("endorsements").forEach(e -> endorsements.add(e.path("credentialEndorsement").asText()));
                if (c.hasNonNull("teachingCredentialDescriptor") || c.hasNonNull("credentialFieldDescriptor")) {
                    ObjectNode l = licenses.addObject();
                    put(l, "type", code(c.path("credentialTypeDescriptor").asText(null)));
                    put(l, "area", code(c.path("credentialFieldDescriptor").asText(null)));
                    put(l, "level", code(c.path("teachingCredentialDescriptor").asText(null)));
                    put(l, "expires", text(c, "expirationDate"));
                }
            }
            ArrayNode e = row.putArray("endorsements");
            endorsements.forEach(e::add);
            ArrayNode degrees = row.putArray("degrees");
            String degree = code(staff.path("highestCompletedLevelOfEducationDescriptor").asText(null));
            if (degree != null) {
                degrees.add(degree);
            }
            JsonNode years = staff.path("yearsOfPriorProfessionalExperience");
            if (years.isNumber()) {
                number(row, "yearsExperience", years.asText());
            }
        }
    }

    private static JsonNode lea(StudentRecords r, JsonNode school) {
        if (school == null) {
            return null;
        }
        return r.leas().get(school.path("localEducationAgencyReference").path("localEducationAgencyId").asLong());
    }

    /** The state's number for a school or LEA: its SEA identification code, else its Ed-Fi id. */
    private static String seaCode(JsonNode organization) {
        if (organization == null) {
            return null;
        }
        for (JsonNode c : organization.path("identificationCodes")) {
            if ("SEA".equalsIgnoreCase(code(c.path("educationOrganizationIdentificationSystemDescriptor").asText(null)))) {
                return c.path("identificationCode").asText(null);
            }
        }
        JsonNode id = organization.has("schoolId") ? organization.get("schoolId")
                : organization.get("localEducationAgencyId");
        return id == null ? null : id.asText();
    }

    /** "PK", "K", "1".."12" from a GradeLevelDescriptor; other code values as they are. */
    static String gradeLevel(String descriptor) {
        String code = code(descriptor);
        if (code == null) {
            return null;
        }
        int i = GRADE_LEVELS.indexOf(code);
        return i < 0 ? code : i == 0 ? "PK" : i == 1 ? "K" : Integer.toString(i - 1);
    }

    /** The code value of a descriptor URI ("uri://ed-fi.org/SexDescriptor#Female" is "Female"). */
    static String code(String descriptor) {
        if (descriptor == null || descriptor.isBlank()) {
            return null;
        }
        int hash = descriptor.lastIndexOf('#');
        return hash < 0 ? descriptor : descriptor.substring(hash + 1);
    }

    static String label(int schoolYear) {
        return UsimsConfig.label(schoolYear);
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static void put(ObjectNode row, String field, String value) {
        if (value == null) {
            row.putNull(field);
        } else {
            row.put(field, value);
        }
    }

    private static void number(ObjectNode row, String field, String value) {
        try {
            BigDecimal n = new BigDecimal(value.trim());
            if (n.stripTrailingZeros().scale() <= 0) {
                row.put(field, n.longValueExact());
            } else {
                row.put(field, n.doubleValue());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            row.put(field, value);
        }
    }
}
