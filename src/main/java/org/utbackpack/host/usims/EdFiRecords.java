package org.utbackpack.host.usims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.host.utrex.SimulatedStudent;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One student's records as the USIMS Ed-Fi ODS holds them, made from the very Backpack document the
 * UTREx simulator serves for the student ({@code BackpackGenerator}), so both sides of the simulator tell
 * the same story: the same schools, sections, teachers, marks, attendance and tests. Resource names and
 * shapes follow the Ed-Fi Data Standard v5 (ODS/API 7): references by natural key, descriptors as
 * {@code namespace#codeValue} URIs, school years by the calendar year they end in.
 *
 * <p>Every Backpack record becomes one Ed-Fi record (a course grade one {@code grades} item, a course
 * history row one {@code courseTranscripts} item, an assessment one {@code studentAssessments} item), except
 * section attendance: Ed-Fi keeps attendance as one {@code studentSectionAttendanceEvents} item per
 * section and school day, so a Backpack row of 170 membership days is 170 events.
 */
final class EdFiRecords {

    static final String ED_FI = "uri://ed-fi.org/";
    static final String UTAH = "uri://schools.utah.gov/";

    /** Resources that are the student's own; the rest (schools, sections, staff...) are shared. */
    static final List<String> STUDENT_RESOURCES = List.of("students", "studentEducationOrganizationAssociations",
            "studentSchoolAssociations", "studentSectionAssociations", "grades", "courseTranscripts",
            "studentSectionAttendanceEvents", "studentAssessments");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> GRADE_LEVELS = List.of("Preschool/Prekindergarten", "Kindergarten",
            "First grade", "Second grade", "Third grade", "Fourth grade", "Fifth grade", "Sixth grade",
            "Seventh grade", "Eighth grade", "Ninth grade", "Tenth grade", "Eleventh grade", "Twelfth grade");
    private static final Map<String, String> RACES = Map.of(
            "White", "White", "Asian", "Asian", "Black/African American", "Black - African American",
            "Native Hawaiian/Pacific Islander", "Native Hawaiian - Pacific Islander",
            "American Indian/Alaska Native", "American Indian - Alaska Native");

    /** The student's own records, by resource. */
    final Map<String, List<ObjectNode>> own = new LinkedHashMap<>();
    /** Shared records this student's refer to, by resource and natural key. */
    final Map<String, Map<String, ObjectNode>> shared = new LinkedHashMap<>();

    private final SimulatedStudent student;
    private final Function<String, Integer> schoolIds;
    private final BiPredicate<String, String> claimSection;
    private final Map<String, String> sectionCodes = new HashMap<>();
    private final Map<String, LocalDate> firstDays = new HashMap<>();
    /** Which LEA a school number belongs to, as the enrollments say (other rows name only the school). */
    private final Map<String, String> schoolLeas = new HashMap<>();

    /**
     * @param schoolIds    the Ed-Fi schoolId of "leaNumber|schoolNumber", stable for the simulator's life
     * @param claimSection whether a section (by natural key) may have this teacher of record: the generator
     *                     invents each student's teachers on its own, so two students' documents can name
     *                     different teachers for one section id; the second gets a section of its own
     */
    EdFiRecords(SimulatedStudent student, ObjectNode backpack, Function<String, Integer> schoolIds,
                BiPredicate<String, String> claimSection) {
        this.student = student;
        this.schoolIds = schoolIds;
        this.claimSection = claimSection;
        STUDENT_RESOURCES.forEach(r -> own.put(r, new ArrayList<>()));
        student(backpack.path("student"));
        backpack.path("enrollments").forEach(this::enrollment);
        backpack.path("courseGrades").forEach(this::grade);
        backpack.path("sectionAttendance").forEach(this::attendance);
        backpack.path("courseHistory").forEach(this::transcript);
        backpack.path("teachers").forEach(this::staff);
        int n = 0;
        for (JsonNode row : backpack.path("assessments")) {
            assessment(row, ++n);
        }
    }

    static String descriptor(String namespace, String type, String code) {
        return namespace + type + "#" + code;
    }

    /** "2024-2025" -> 2025. */
    static int schoolYear(String label) {
        return Integer.parseInt(label.substring(label.indexOf('-') + 1).trim());
    }

    static int leaId(String leaNumber) {
        return Integer.parseInt(leaNumber);
    }

    static String gradeLevel(String backpackGrade) {
        int i = switch (backpackGrade) {
            case "PK" -> 0;
            case "K" -> 1;
            default -> Integer.parseInt(backpackGrade) + 1;
        };
        return descriptor(ED_FI, "GradeLevelDescriptor", GRADE_LEVELS.get(i));
    }

    private ObjectNode studentReference() {
        return F.objectNode().put("studentUniqueId", student.ssid());
    }

    private void student(JsonNode s) {
        ObjectNode st = F.objectNode()
                .put("id", "s-" + student.ssid())
                .put("studentUniqueId", student.ssid())
                .put("firstName", student.firstName());
        if (student.middleName() != null) {
            st.put("middleName", student.middleName());
        }
        st.put("lastSurname", student.lastName())
                .put("birthDate", student.birthDate().toString())
                .put("birthSexDescriptor", descriptor(ED_FI, "SexDescriptor", sex(student.gender())));
        own.get("students").add(st);

        ObjectNode a = F.objectNode();
        a.putObject("educationOrganizationReference").put("educationOrganizationId", leaId(student.leaNumber()));
        a.set("studentReference", studentReference());
        a.put("sexDescriptor", descriptor(ED_FI, "SexDescriptor", sex(student.gender())));
        String race = s.path("raceEthnicity").asText("");
        a.put("hispanicLatinoEthnicity", "Hispanic/Latino".equals(race));
        ArrayNode races = a.putArray("races");
        if ("Two or More Races".equals(race)) {
            races.addObject().put("raceDescriptor", descriptor(ED_FI, "RaceDescriptor", "White"));
            races.addObject().put("raceDescriptor", descriptor(ED_FI, "RaceDescriptor", "Asian"));
        } else if (RACES.containsKey(race)) {
            races.addObject().put("raceDescriptor", descriptor(ED_FI, "RaceDescriptor", RACES.get(race)));
        }
        ArrayNode languages = a.putArray("languages");
        String primary = s.path("primaryLanguage").asText(null);
        String home = s.path("homeLanguage").asText(null);
        if (primary != null) {
            ObjectNode l = languages.addObject().put("languageDescriptor", descriptor(ED_FI, "LanguageDescriptor", primary));
            ArrayNode uses = l.putArray("uses");
            uses.addObject().put("languageUseDescriptor", descriptor(ED_FI, "LanguageUseDescriptor", "Native language"));
            if (primary.equals(home)) {
                uses.addObject().put("languageUseDescriptor", descriptor(ED_FI, "LanguageUseDescriptor", "Home language"));
            }
        }
        if (home != null && !home.equals(primary)) {
            languages.addObject().put("languageDescriptor", descriptor(ED_FI, "LanguageDescriptor", home))
                    .putArray("uses").addObject()
                    .put("languageUseDescriptor", descriptor(ED_FI, "LanguageUseDescriptor", "Home language"));
        }
        a.put("limitedEnglishProficiencyDescriptor", descriptor(ED_FI, "LimitedEnglishProficiencyDescriptor",
                s.path("englishLearner").asBoolean() ? "Limited" : "NotLimited"));
        ArrayNode indicators = a.putArray("studentIndicators");
        indicators.addObject().put("indicatorName", "Special Education")
                .put("indicator", Boolean.toString(s.path("specialEducation").asBoolean()));
        indicators.addObject().put("indicatorName", "Section 504")
                .put("indicator", Boolean.toString(s.path("section504").asBoolean()));
        own.get("studentEducationOrganizationAssociations").add(a);
    }

    private static String sex(String gender) {
        return "F".equals(gender) ? "Female" : "M".equals(gender) ? "Male" : "Not Selected";
    }

    private int school(JsonNode row, String leaNumber, String leaName) {
        String number = row.path("schoolNumber").asText();
        int id = schoolIds.apply(leaNumber + "|" + number);
        Map<String, ObjectNode> schools = shared.computeIfAbsent("schools", k -> new LinkedHashMap<>());
        if (!schools.containsKey(Integer.toString(id)) && leaName != null) {
            ObjectNode school = F.objectNode().put("id", "sch-" + id).put("schoolId", id)
                    .put("nameOfInstitution", row.path("schoolName").asText());
            school.putObject("localEducationAgencyReference").put("localEducationAgencyId", leaId(leaNumber));
            school.putArray("identificationCodes").addObject()
                    .put("educationOrganizationIdentificationSystemDescriptor",
                            descriptor(ED_FI, "EducationOrganizationIdentificationSystemDescriptor", "SEA"))
                    .put("identificationCode", number);
            schools.put(Integer.toString(id), school);
            ObjectNode lea = F.objectNode().put("id", "lea-" + leaNumber)
                    .put("localEducationAgencyId", leaId(leaNumber)).put("nameOfInstitution", leaName);
            lea.putArray("identificationCodes").addObject()
                    .put("educationOrganizationIdentificationSystemDescriptor",
                            descriptor(ED_FI, "EducationOrganizationIdentificationSystemDescriptor", "SEA"))
                    .put("identificationCode", leaNumber);
            shared.computeIfAbsent("localEducationAgencies", k -> new LinkedHashMap<>())
                    .putIfAbsent(Integer.toString(leaId(leaNumber)), lea);
        }
        return id;
    }

    private int schoolOf(JsonNode row) {
        String lea = schoolLeas.getOrDefault(row.path("schoolNumber").asText(), student.leaNumber());
        return school(row, lea, null);
    }

    private void enrollment(JsonNode row) {
        String lea = row.path("leaNumber").asText();
        schoolLeas.put(row.path("schoolNumber").asText(), lea);
        int schoolId = school(row, lea, row.path("leaName").asText());
        ObjectNode a = F.objectNode();
        a.putObject("schoolReference").put("schoolId", schoolId);
        a.set("studentReference", studentReference());
        int year = schoolYear(row.path("schoolYear").asText());
        a.putObject("schoolYearTypeReference").put("schoolYear", year);
        a.put("entryDate", row.path("entryDate").asText())
                .put("entryGradeLevelDescriptor", gradeLevel(row.path("gradeLevel").asText()));
        if (row.hasNonNull("exitDate")) {
            a.put("exitWithdrawDate", row.path("exitDate").asText());
        }
        own.get("studentSchoolAssociations").add(a);
        LocalDate entry = LocalDate.parse(row.path("entryDate").asText());
        firstDays.merge(schoolId + "|" + year, entry, (x, y) -> x.isBefore(y) ? x : y);
    }

    private ObjectNode sectionReference(int schoolId, int year, String code, String sectionId) {
        return F.objectNode().put("localCourseCode", code).put("schoolId", schoolId).put("schoolYear", year)
                .put("sectionIdentifier", sectionId).put("sessionName", (year - 1) + "-" + year);
    }

    private static String key(ObjectNode ref) {
        return ref.path("localCourseCode").asText() + "|" + ref.path("schoolId").asText() + "|"
                + ref.path("schoolYear").asText() + "|" + ref.path("sectionIdentifier").asText() + "|"
                + ref.path("sessionName").asText();
    }

    /** The section, its teacher of record and the student's place in it, made on first mention. */
    private ObjectNode section(int schoolId, int year, String code, String sectionId, String title, String teacher) {
        ObjectNode ref = sectionReference(schoolId, year, code, sectionId);
        String key = key(ref);
        if (!own(key) && !claimSection.test(key, teacher == null ? "" : teacher)) {
            ref = sectionReference(schoolId, year, code, sectionId + "/" + student.ssid());
            key = key(ref);
        }
        Map<String, ObjectNode> sections = shared.computeIfAbsent("sections", k -> new LinkedHashMap<>());
        if (!sections.containsKey(key)) {
            ObjectNode section = F.objectNode().put("id", "sec-" + key).put("sectionIdentifier", sectionId);
            section.putObject("courseOfferingReference").put("localCourseCode", code)
                    .put("schoolId", schoolId).put("schoolYear", year).put("sessionName", ref.path("sessionName").asText());
            section.put("sectionName", title);
            sections.put(key, section);
            if (teacher != null) {
                ObjectNode ssa = F.objectNode().put("id", "ssa-" + key + "|" + teacher);
                ssa.putObject("staffReference").put("staffUniqueId", teacher);
                ssa.set("sectionReference", ref.deepCopy());
                ssa.put("classroomPositionDescriptor", descriptor(ED_FI, "ClassroomPositionDescriptor",
                        "Teacher of Record"));
                shared.computeIfAbsent("staffSectionAssociations", k -> new LinkedHashMap<>()).put(key, ssa);
            }
            ObjectNode membership = F.objectNode();
            membership.set("sectionReference", ref.deepCopy());
            membership.set("studentReference", studentReference());
            membership.put("beginDate", firstDay(schoolId, year).toString());
            own.get("studentSectionAssociations").add(membership);
        }
        return ref;
    }

    /** True when this student's records already hold the section. */
    private boolean own(String key) {
        return shared.getOrDefault("sections", Map.of()).containsKey(key);
    }

    private LocalDate firstDay(int schoolId, int year) {
        return firstDays.getOrDefault(schoolId + "|" + year, LocalDate.of(year - 1, 8, 20));
    }

    private void grade(JsonNode row) {
        int schoolId = schoolOf(row);
        int year = schoolYear(row.path("schoolYear").asText());
        String code = row.path("courseCode").asText();
        String sectionId = row.path("sectionId").asText();
        String standard = row.path("standard").asText(null);
        String title = row.path("courseTitle").asText();
        if (standard != null && title.endsWith(": " + standard)) {
            title = title.substring(0, title.length() - standard.length() - 2);
        }
        sectionCodes.putIfAbsent(schoolId + "|" + year + "|" + sectionId, code);
        ObjectNode ref = section(schoolId, year, code, sectionId, title, row.path("teacherCactusId").asText(null));
        String term = row.path("term").asText();
        ObjectNode g = F.objectNode()
                .put("gradeTypeDescriptor", descriptor(ED_FI, "GradeTypeDescriptor",
                        term.contains("Progress") ? "Progress Report" : "Grading Period"))
                .put("letterGradeEarned", row.path("mark").asText());
        g.putObject("gradingPeriodReference")
                .put("gradingPeriodDescriptor", descriptor(UTAH, "GradingPeriodDescriptor", term))
                .put("periodSequence", 1).put("schoolId", schoolId).put("schoolYear", year);
        ObjectNode ssa = ref.deepCopy();
        ssa.put("beginDate", firstDay(schoolId, year).toString()).put("studentUniqueId", student.ssid());
        g.set("studentSectionAssociationReference", ssa);
        if (standard != null) {
            ObjectNode lsg = g.putArray("learningStandardGrades").addObject()
                    .put("letterGradeEarned", row.path("mark").asText());
            lsg.putObject("learningStandardReference").put("learningStandardId", standard);
        }
        own.get("grades").add(g);
    }

    private void attendance(JsonNode row) {
        int schoolId = schoolOf(row);
        int year = schoolYear(row.path("schoolYear").asText());
        String sectionId = row.path("sectionId").asText();
        String code = sectionCodes.getOrDefault(schoolId + "|" + year + "|" + sectionId, "ATTENDANCE");
        ObjectNode ref = section(schoolId, year, code, sectionId, row.path("courseTitle").asText(),
                row.path("teacherCactusId").asText(null));
        List<String> days = new ArrayList<>();
        add(days, "Excused Absence", row.path("excusedAbsences").asInt());
        add(days, "Unexcused Absence", row.path("unexcusedAbsences").asInt());
        add(days, "Suspension", row.path("suspensionAbsences").asInt());
        add(days, "In Attendance", row.path("daysAttended").asInt());
        LocalDate day = firstDay(schoolId, year);
        for (String category : days) {
            while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
            ObjectNode e = F.objectNode()
                    .put("attendanceEventCategoryDescriptor", descriptor("Suspension".equals(category) ? UTAH : ED_FI,
                            "AttendanceEventCategoryDescriptor", category))
                    .put("eventDate", day.toString());
            e.set("sectionReference", ref.deepCopy());
            e.set("studentReference", studentReference());
            own.get("studentSectionAttendanceEvents").add(e);
            day = day.plusDays(1);
        }
    }

    private static void add(List<String> days, String category, int n) {
        for (int i = 0; i < n; i++) {
            days.add(category);
        }
    }

    private void transcript(JsonNode row) {
        int schoolId = schoolOf(row);
        int year = schoolYear(row.path("schoolYear").asText());
        String lea = schoolLeas.getOrDefault(row.path("schoolNumber").asText(), student.leaNumber());
        ObjectNode t = F.objectNode();
        t.putObject("courseReference").put("courseCode", row.path("courseCode").asText())
                .put("educationOrganizationId", leaId(lea));
        t.putObject("studentAcademicRecordReference").put("educationOrganizationId", schoolId)
                .put("schoolYear", year).put("studentUniqueId", student.ssid())
                .put("termDescriptor", descriptor(ED_FI, "TermDescriptor", "Year Round"));
        double earned = row.path("creditsEarned").asDouble();
        String mark = row.path("finalMark").asText(null);
        t.put("courseAttemptResultDescriptor", descriptor(ED_FI, "CourseAttemptResultDescriptor",
                "F".equals(mark) ? "Fail" : "Pass"));
        if (mark != null) {
            t.put("finalLetterGradeEarned", mark);
        }
        t.set("earnedCredits", row.path("creditsEarned").deepCopy());
        t.put("courseTitle", row.path("courseTitle").asText())
                .put("whenTakenGradeLevelDescriptor", gradeLevel(row.path("gradeLevel").asText()));
        ArrayNode additional = t.putArray("earnedAdditionalCredits");
        if (row.path("concurrentEnrollment").asBoolean()) {
            additional.addObject().put("additionalCreditTypeDescriptor",
                    descriptor(ED_FI, "AdditionalCreditTypeDescriptor", "Dual credit")).put("credits", earned);
        }
        own.get("courseTranscripts").add(t);
    }

    private void staff(JsonNode row) {
        String id = row.path("cactusId").asText();
        ObjectNode staff = F.objectNode().put("id", "stf-" + id).put("staffUniqueId", id)
                .put("firstName", row.path("firstName").asText()).put("lastSurname", row.path("lastName").asText())
                .put("yearsOfPriorProfessionalExperience", row.path("yearsExperience").asDouble());
        JsonNode degrees = row.path("degrees");
        if (degrees.size() > 0) {
            staff.put("highestCompletedLevelOfEducationDescriptor",
                    descriptor(UTAH, "LevelOfEducationDescriptor", degrees.get(degrees.size() - 1).asText()));
        }
        ArrayNode refs = staff.putArray("credentials");
        Map<String, ObjectNode> credentials = shared.computeIfAbsent("credentials", k -> new LinkedHashMap<>());
        int n = 0;
        List<JsonNode> licenses = new ArrayList<>();
        row.path("licenses").forEach(licenses::add);
        if (licenses.isEmpty() && row.path("endorsements").size() > 0) {
            licenses.add(null); // endorsements need a credential to hang on
        }
        for (JsonNode license : licenses) {
            String credentialId = id + "-" + (++n);
            refs.addObject().putObject("credentialReference").put("credentialIdentifier", credentialId)
                    .put("stateOfIssueStateAbbreviationDescriptor", descriptor(ED_FI, "StateAbbreviationDescriptor", "UT"));
            ObjectNode c = F.objectNode().put("id", "cred-" + credentialId).put("credentialIdentifier", credentialId)
                    .put("stateOfIssueStateAbbreviationDescriptor", descriptor(ED_FI, "StateAbbreviationDescriptor", "UT"))
                    .put("namespace", UTAH);
            if (license == null) {
                c.put("credentialTypeDescriptor", descriptor(UTAH, "CredentialTypeDescriptor", "Endorsement"));
            } else {
                LocalDate expires = LocalDate.parse(license.path("expires").asText());
                c.put("credentialTypeDescriptor", descriptor(UTAH, "CredentialTypeDescriptor", license.path("type").asText()))
                        .put("credentialFieldDescriptor", descriptor(UTAH, "CredentialFieldDescriptor",
                                license.path("area").asText()))
                        .put("teachingCredentialDescriptor", descriptor(UTAH, "TeachingCredentialDescriptor",
                                license.path("level").asText()))
                        .put("issuanceDate", expires.minusYears(5).toString())
                        .put("expirationDate", expires.toString());
            }
            if (n == 1) {
                ArrayNode endorsements = c.putArray("endorsements");
                row.path("endorsements").forEach(e -> endorsements.addObject().put("credentialEndorsement", e.asText()));
            }
            credentials.put(credentialId, c);
        }
        shared.computeIfAbsent("staffs", k -> new LinkedHashMap<>()).put(id, staff);
    }

    private void assessment(JsonNode row, int n) {
        String test = row.path("testName").asText();
        String subject = row.path("subject").asText();
        String identifier = test + " - " + subject;
        shared.computeIfAbsent("assessments", k -> new LinkedHashMap<>()).computeIfAbsent(identifier, k -> {
            ObjectNode a = F.objectNode().put("id", "asmt-" + identifier).put("assessmentIdentifier", identifier)
                    .put("namespace", UTAH).put("assessmentTitle", test);
            a.putArray("academicSubjects").addObject()
                    .put("academicSubjectDescriptor", descriptor(UTAH, "AcademicSubjectDescriptor", subject));
            return a;
        });
        ObjectNode sa = F.objectNode().put("studentAssessmentIdentifier", student.ssid() + "-" + n);
        sa.putObject("assessmentReference").put("assessmentIdentifier", identifier).put("namespace", UTAH);
        sa.set("studentReference", studentReference());
        sa.putObject("schoolYearTypeReference").put("schoolYear", schoolYear(row.path("schoolYear").asText()));
        sa.put("administrationDate", row.path("testDate").asText() + "T00:00:00Z")
                .put("whenAssessedGradeLevelDescriptor", gradeLevel(row.path("gradeLevel").asText()));
        JsonNode score = row.path("scaleScore");
        ArrayNode scores = sa.putArray("scoreResults");
        if (score.isNumber()) {
            scores.addObject()
                    .put("assessmentReportingMethodDescriptor", descriptor(ED_FI, "AssessmentReportingMethodDescriptor",
                            "Scale score"))
                    .put("result", score.asText())
                    .put("resultDatatypeTypeDescriptor", descriptor(ED_FI, "ResultDatatypeTypeDescriptor",
                            score.isIntegralNumber() ? "Integer" : "Decimal"));
        }
        ArrayNode levels = sa.putArray("performanceLevels");
        if (row.hasNonNull("proficiencyLevel")) {
            levels.addObject()
                    .put("assessmentReportingMethodDescriptor", descriptor(ED_FI, "AssessmentReportingMethodDescriptor",
                            "Proficiency level"))
                    .put("performanceLevelDescriptor", descriptor(UTAH, "PerformanceLevelDescriptor",
                            row.path("proficiencyLabel").asText()))
                    .put("performanceLevelIndicatorName", row.path("proficiencyLevel").asText());
        }
        if (row.hasNonNull("period")) {
            sa.putObject("period").put("assessmentPeriodDescriptor",
                    descriptor(UTAH, "AssessmentPeriodDescriptor", row.path("period").asText()));
        }
        own.get("studentAssessments").add(sa);
    }
}
