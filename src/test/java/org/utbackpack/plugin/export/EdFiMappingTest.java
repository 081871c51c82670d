package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How Backpack records become Ed-Fi DS 5 resources (docs/EXPORT.md): derived, left out and counted, never made up. */
class EdFiMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String STUDENT = """
            "student":{"ssid":"1234561","firstName":"Avery","lastName":"Jensen","birthDate":"2009-04-12","gender":"F"},
            "enrollments":[{"leaNumber":"01","schoolNumber":"100","schoolName":"Lone Peak High","schoolYear":"2025-2026",
                            "gradeLevel":"10","entryDate":"2025-08-20","exitDate":"2026-05-29"}]""";

    private static Map<String, List<ObjectNode>> export(String sections) throws Exception {
        return map(sections).closed();
    }

    private static EdFiSet map(String sections) throws Exception {
        return new EdFiMapping("1234561").map(JSON.readTree("{" + STUDENT + (sections.isEmpty() ? "" : ",") + sections + "}"));
    }

    private static Map<String, Integer> leftOut(EdFiSet set) {
        set.closed();
        Map<String, Integer> out = new java.util.TreeMap<>();
        set.leftOut().forEach(l -> out.put(l.resource() + ": " + l.reason(), l.items()));
        return out;
    }

    @Test
    void schoolYearsAreTheYearTheyEndAndGradesAreEdFisGradeLevels() throws Exception {
        assertEquals(2027, EdFiMapping.schoolYear("2026-2027"));
        assertEquals(2027, EdFiMapping.schoolYear("2026-27"));
        assertEquals(2027, EdFiMapping.schoolYear("2027"));
        assertNull(EdFiMapping.schoolYear("next year"));
        Map<String, List<ObjectNode>> out = export("");
        JsonNode association = out.get("studentSchoolAssociations").get(0);
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Tenth grade", association.path("entryGradeLevelDescriptor").asText());
        assertEquals(2026, association.at("/schoolYearTypeReference/schoolYear").asInt());
        assertEquals("2026-05-29", association.path("exitWithdrawDate").asText());
        JsonNode school = out.get("schools").get(0);
        assertEquals(100, school.path("schoolId").asLong());
        assertEquals("Lone Peak High", school.path("nameOfInstitution").asText());
        assertEquals("uri://ed-fi.org/SexDescriptor#Female", out.get("students").get(0).path("birthSexDescriptor").asText());
    }

    @Test
    void standardsMarksAreLearningStandardGradesOfTheSectionsGradeForTheTerm() throws Exception {
        Map<String, List<ObjectNode>> out = export("""
                "courseGrades":[
                  {"schoolYear":"2025-2026","term":"S1","schoolNumber":"100","courseCode":"02020000","courseTitle":"Mathematics 9",
                   "sectionId":"M9-1","mark":"B+"},
                  {"schoolYear":"2025-2026","term":"S1","schoolNumber":"100","courseCode":"02020000",
                   "courseTitle":"Mathematics 9: Functions","sectionId":"M9-1","mark":"3","standard":"Functions"},
                  {"schoolYear":"2025-2026","term":"S1","schoolNumber":"100","courseCode":"02020000",
                   "courseTitle":"Mathematics 9: Statistics","sectionId":"M9-1","mark":"2","standard":"Statistics"},
                  {"schoolYear":"2025-2026","term":"S1 Progress 2","schoolNumber":"100","courseCode":"02020000",
                   "courseTitle":"Mathematics 9: Functions","sectionId":"M9-1","mark":"4","standard":"Functions"}]""");
        List<ObjectNode> grades = out.get("grades");
        assertEquals(2, grades.size(), "one grade per section and grading period, not one per standard");
        JsonNode term = grades.get(0);
        assertEquals("B+", term.path("letterGradeEarned").asText());
        assertEquals(2, term.path("learningStandardGrades").size());
        assertEquals("02020000 Functions", term.at("/learningStandardGrades/0/learningStandardReference/learningStandardId").asText());
        assertEquals("3", term.at("/learningStandardGrades/0/letterGradeEarned").asText());
        assertEquals("uri://ed-fi.org/GradingPeriodDescriptor#First Semester",
                term.at("/gradingPeriodReference/gradingPeriodDescriptor").asText());
        JsonNode reference = term.path("studentSectionAssociationReference");
        assertEquals("2025-08-20", reference.path("beginDate").asText(), "the entry date at the school that year");
        assertEquals("2025-2026", reference.path("sessionName").asText());
        JsonNode progress = grades.get(1);
        assertFalse(progress.has("letterGradeEarned"));
        assertEquals("S1 Progress 2", progress.at("/gradingPeriodReference/gradingPeriodName").asText());
        assertEquals("uri://ed-fi.org/GradingPeriodDescriptor#First Semester",
                progress.at("/gradingPeriodReference/gradingPeriodDescriptor").asText());
        assertEquals(2, out.get("learningStandards").size());
        assertEquals("uri://ed-fi.org/AcademicSubjectDescriptor#Mathematics",
                out.get("learningStandards").get(0).at("/academicSubjects/0/academicSubjectDescriptor").asText());
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Tenth grade",
                out.get("learningStandards").get(0).at("/gradeLevels/0/gradeLevelDescriptor").asText());
        assertEquals(1, out.get("sections").size());
        assertEquals(1, out.get("sessions").size());
        assertEquals(2, out.get("sessions").get(0).path("gradingPeriods").size());
    }

    @Test
    void aTranscriptWithoutAResultIsLeftOutAndCountedNotGuessed() throws Exception {
        EdFiSet set = map("""
                "courseHistory":[
                  {"schoolYear":"2025-2026","gradeLevel":"10","schoolNumber":"100","courseCode":"01","courseTitle":"English 10",
                   "finalMark":"D+","creditsEarned":0},
                  {"schoolYear":"2025-2026","gradeLevel":"10","schoolNumber":"100","courseCode":"02","courseTitle":"Band",
                   "finalMark":"I","creditsEarned":0},
                  {"schoolYear":"2025-2026","gradeLevel":"10","schoolNumber":"100","courseCode":"03","courseTitle":"Seminar",
                   "finalMark":"S","creditsEarned":0}]""");
        List<ObjectNode> transcripts = set.closed().get("courseTranscripts");
        assertEquals(List.of("uri://ed-fi.org/CourseAttemptResultDescriptor#Pass",
                        "uri://ed-fi.org/CourseAttemptResultDescriptor#Incomplete"),
                transcripts.stream().map(t -> t.path("courseAttemptResultDescriptor").asText()).toList());
        assertEquals(Map.of("courseTranscripts: the Backpack gives no mark or credit to tell pass from fail", 1), leftOut(set));
        assertEquals(1, set.closed().get("studentAcademicRecords").size());
    }

    @Test
    void anAssessmentKeepsDs5sLengthsAndAdministrationDateTime() throws Exception {
        Map<String, List<ObjectNode>> out = export("""
                "assessments":[{"schoolYear":"2025-2026","testName":"Utah Aspire Plus","gradeLevel":"10","testDate":"2026-04-20",
                  "subject":"Mathematics: Statistics and Probability and Modeling with Functions","scaleScore":431.5,
                  "proficiencyLevel":"3","proficiencyLabel":"Proficient"}]""");
        JsonNode result = out.get("studentAssessments").get(0);
        assertTrue(result.path("studentAssessmentIdentifier").asText().length() <= 60);
        assertTrue(result.at("/assessmentReference/assessmentIdentifier").asText().length() <= 60);
        assertEquals("2026-04-20T00:00:00-06:00", result.path("administrationDate").asText());
        assertEquals("uri://ed-fi.org/ResultDatatypeTypeDescriptor#Decimal",
                result.at("/scoreResults/0/resultDatatypeTypeDescriptor").asText());
        assertEquals("uri://schools.utah.gov/PerformanceLevelDescriptor#Proficient",
                result.at("/performanceLevels/0/performanceLevelDescriptor").asText());
        assertEquals("Proficient", out.get("performanceLevelDescriptors").get(0).path("codeValue").asText(),
                "a Utah descriptor is exported with the items that use it");
        JsonNode assessment = out.get("assessments").get(0);
        assertEquals("Utah Aspire Plus Mathematics: Statistics and Probability and Modeling with Functions",
                assessment.path("assessmentTitle").asText());
        assertEquals("uri://ed-fi.org/AcademicSubjectDescriptor#Mathematics",
                assessment.at("/academicSubjects/0/academicSubjectDescriptor").asText());
    }

    @Test
    void sectionAttendanceGoesOnTheAssociationWhenTheSectionsCourseIsKnown() throws Exception {
        EdFiSet set = map("""
                "courseGrades":[{"schoolYear":"2025-2026","term":"Q1","schoolNumber":"100","courseCode":"01",
                   "courseTitle":"English 10","sectionId":"E10-1","mark":"A"}],
                "sectionAttendance":[
                  {"schoolYear":"2025-2026","schoolNumber":"100","sectionId":"E10-1","courseTitle":"English 10",
                   "membershipDays":88,"daysAttended":85,"excusedAbsences":2,"unexcusedAbsences":1,"suspensionAbsences":0},
                  {"schoolYear":"2025-2026","schoolNumber":"100","sectionId":"PE-3","courseTitle":"Physical Education",
                   "membershipDays":40,"daysAttended":40}]""");
        Map<String, List<ObjectNode>> out = set.closed();
        JsonNode totals = out.get("studentSectionAssociations").get(0).at("/_ext/ut");
        assertEquals(88, totals.path("membershipDays").asInt());
        assertEquals(1, totals.path("unexcusedAbsences").asInt());
        assertEquals(88, out.get("sessions").get(0).path("totalInstructionalDays").asInt());
        assertEquals(Map.of("studentSectionAssociations: section attendance: no grade names the section's course", 1),
                leftOut(set));
    }

    @Test
    void whatRefersToASchoolThatCannotBeExportedIsLeftOutWithIt() throws Exception {
        EdFiSet set = map("""
                "courseGrades":[{"schoolYear":"2025-2026","term":"Q1","schoolNumber":"100","courseCode":"01",
                   "courseTitle":"English 10","sectionId":"E10-1","mark":"A"},
                  {"schoolYear":"2025-2026","term":"Q1","schoolNumber":"200","schoolName":"Summer School",
                   "courseCode":"01","courseTitle":"English 10","sectionId":"S-1","mark":"B"},
                  {"schoolYear":"2025-2026","term":"Q1","schoolNumber":"U-12","courseCode":"01",
                   "courseTitle":"English 10","sectionId":"E10-1","mark":"B"}],
                "teachers":[{"cactusId":"123456","firstName":"Dana","lastName":"Whitaker",
                   "licenses":[{"type":"Professional Educator License","expires":"2028-06-30"}]}]""");
        Map<String, List<ObjectNode>> out = set.closed();
        assertEquals(1, out.get("grades").size(), "only the grade at a school the Backpack describes");
        assertEquals(1, out.get("schools").size());
        assertEquals(1, out.get("staffs").size());
        Map<String, Integer> leftOut = leftOut(set);
        assertEquals(1, leftOut.get("schools: the Backpack gives no name or grade for the school"), leftOut.toString());
        assertEquals(1, leftOut.get("grades: refers to studentSectionAssociations that could not be exported"));
        assertEquals(1, leftOut.get("grades: the grade's school, school year, course, section or term is missing or too long for DS 5"));
        assertEquals(1, leftOut.get("credentials: DS 5 requires an issuance date, which CACTUS does not give"));
    }

    @Test
    void demographicsGoOnTheSchoolAssociationAndTheGradesTeacherIsTheTeacherOfRecord() throws Exception {
        Map<String, List<ObjectNode>> out = new EdFiMapping("1234561").map(JSON.readTree("""
                {"student":{"firstName":"Avery","lastName":"Jensen","birthDate":"2009-04-12","raceEthnicity":"Asian",
                            "primaryLanguage":"Tongan","homeLanguage":"English","englishLearner":true,
                            "specialEducation":false,"section504":true},
                 "enrollments":[{"schoolNumber":"100","schoolName":"Lone Peak High","schoolYear":"2025-2026",
                                 "gradeLevel":"10","entryDate":"2025-08-20"},
                                {"schoolNumber":"150","schoolName":"Wasatch Online","schoolYear":"2025-2026",
                                 "gradeLevel":"10","entryDate":"2026-01-05"}],
                 "courseGrades":[{"schoolYear":"2025-2026","term":"Q1","schoolNumber":"100","courseCode":"01",
                   "courseTitle":"English 10","sectionId":"E10-1","mark":"A","teacherCactusId":"123456"}],
                 "teachers":[{"cactusId":"123456","firstName":"Dana","lastName":"Whitaker"}]}""")).closed();
        JsonNode demographics = out.get("studentEducationOrganizationAssociations").get(0);
        assertEquals(150, demographics.at("/educationOrganizationReference/educationOrganizationId").asLong(),
                "the school of the latest enrollment");
        assertEquals("uri://ed-fi.org/RaceDescriptor#Asian", demographics.at("/races/0/raceDescriptor").asText());
        assertEquals("uri://schools.utah.gov/LanguageDescriptor#Tongan",
                demographics.at("/languages/0/languageDescriptor").asText());
        assertEquals("uri://ed-fi.org/LanguageUseDescriptor#Dominant language",
                demographics.at("/languages/0/uses/0/languageUseDescriptor").asText());
        assertEquals("uri://ed-fi.org/LimitedEnglishProficiencyDescriptor#Limited",
                demographics.path("limitedEnglishProficiencyDescriptor").asText());
        assertEquals("Yes", demographics.at("/studentIndicators/1/indicator").asText());
        assertEquals(2, out.get("languageDescriptors").size());
        JsonNode teacher = out.get("staffSectionAssociations").get(0);
        assertEquals("123456", teacher.at("/staffReference/staffUniqueId").asText());
        assertEquals("uri://ed-fi.org/ClassroomPositionDescriptor#Teacher of Record",
                teacher.path("classroomPositionDescriptor").asText());
        assertEquals("E10-1", teacher.at("/sectionReference/sectionIdentifier").asText());
    }
}
