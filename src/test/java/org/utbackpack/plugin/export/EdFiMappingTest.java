package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Ed-Fi shape of each kind of Backpack record (docs/EXPORT.md). */
class EdFiMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EdFiMapping map = new EdFiMapping("1234561");

    @Test
    void schoolYearsAndGradeLevelsUseEdFiConventions() {
        assertEquals(2027, EdFiMapping.schoolYear("2026-2027"));
        assertEquals(2027, EdFiMapping.schoolYear("2026-27"));
        assertEquals(2027, EdFiMapping.schoolYear("2027"));
        assertNull(EdFiMapping.schoolYear("next year"));
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Kindergarten", EdFiMapping.gradeLevelDescriptor("K"));
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Preschool/Prekindergarten", EdFiMapping.gradeLevelDescriptor("PK"));
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Eleventh grade", EdFiMapping.gradeLevelDescriptor("11"));
        assertEquals("uri://schools.utah.gov/GradeLevelDescriptor#Adult", EdFiMapping.gradeLevelDescriptor("Adult"));
    }

    @Test
    void anAssessmentHasItsScaleScoreAndPerformanceLevel() throws Exception {
        JsonNode out = map.studentAssessment(JSON.readTree("""
                {"schoolYear":"2025-2026","testName":"RISE","subject":"Mathematics","gradeLevel":"8","testDate":"2026-04-20",
                 "scaleScore":512,"proficiencyLevel":"3","proficiencyLabel":"Proficient","period":"Spring"}"""));
        assertEquals("1234561", out.at("/studentReference/studentUniqueId").asText());
        assertEquals("RISE Mathematics", out.at("/assessmentReference/assessmentIdentifier").asText());
        assertEquals(2026, out.at("/schoolYearTypeReference/schoolYear").asInt());
        assertEquals("2026-04-20", out.path("administrationDate").asText());
        assertEquals("uri://ed-fi.org/GradeLevelDescriptor#Eighth grade", out.path("whenAssessedGradeLevelDescriptor").asText());
        assertEquals("512", out.at("/scoreResults/0/result").asText());
        assertEquals("uri://ed-fi.org/ResultDatatypeTypeDescriptor#Integer", out.at("/scoreResults/0/resultDatatypeTypeDescriptor").asText());
        assertEquals("uri://schools.utah.gov/PerformanceLevelDescriptor#Proficient",
                out.at("/performanceLevels/0/performanceLevelDescriptor").asText());
        assertEquals("Spring", out.at("/_ext/ut/period").asText(), "nothing the state sent is lost");
    }

    @Test
    void aTeacherIsStaffWithACredentialPerLicense() throws Exception {
        List<ObjectNode> credentials = new ArrayList<>();
        JsonNode staff = map.staff(JSON.readTree("""
                {"cactusId":"123456","firstName":"Dana","lastName":"Whitaker","yearsExperience":12,
                 "licenses":[{"type":"Professional Educator License","area":"Secondary","level":"Level 2","expires":"2028-06-30"},
                             "Associate Educator License"],
                 "endorsements":["English Language Arts"],"degrees":["B.A. English"]}"""), credentials::add);
        assertEquals("123456", staff.path("staffUniqueId").asText());
        assertEquals("Whitaker", staff.path("lastSurname").asText());
        assertEquals(12, staff.path("yearsOfPriorTeachingExperience").asInt());
        assertEquals(2, staff.path("credentials").size());
        assertEquals(2, credentials.size());
        assertEquals("123456-1", staff.at("/credentials/0/credentialReference/credentialIdentifier").asText());
        assertEquals("uri://schools.utah.gov/CredentialFieldDescriptor#Secondary",
                credentials.get(0).path("credentialFieldDescriptor").asText());
        assertEquals("2028-06-30", credentials.get(0).path("expirationDate").asText());
        assertEquals("uri://ed-fi.org/StateAbbreviationDescriptor#UT",
                credentials.get(1).path("stateOfIssueStateAbbreviationDescriptor").asText());
        assertEquals("English Language Arts", staff.at("/_ext/ut/endorsements/0").asText());
    }

    @Test
    void attendanceTotalsAreGivenPerEventCategoryAndBlanksAreLeftOut() throws Exception {
        JsonNode out = map.sectionAttendanceTotals(JSON.readTree("""
                {"schoolYear":"2025-2026","schoolNumber":"100","sectionId":"4410.1","courseTitle":"English",
                 "membershipDays":88,"daysAttended":85,"excusedAbsences":2,"unexcusedAbsences":1,"suspensionAbsences":null}"""));
        assertEquals(100, out.at("/sectionReference/schoolId").asLong());
        assertEquals("4410.1", out.at("/sectionReference/sectionIdentifier").asText());
        assertEquals(3, out.path("attendanceEventTotals").size(), "no suspension total when UTREx sent none");
        assertEquals("uri://ed-fi.org/AttendanceEventCategoryDescriptor#In Attendance",
                out.at("/attendanceEventTotals/0/attendanceEventCategoryDescriptor").asText());
        assertEquals(85, out.at("/attendanceEventTotals/0/days").asInt());
        assertFalse(out.toString().contains("null"));
    }

    @Test
    void theStudentKeepsEveryDemographicField() throws Exception {
        JsonNode out = map.student(JSON.readTree("""
                {"ssid":"1234561","firstName":"Avery","middleName":"","lastName":"Jensen","birthDate":"2009-04-12",
                 "gender":"F","englishLearner":false,"homeLanguage":"Spanish"}"""));
        assertEquals("1234561", out.path("studentUniqueId").asText());
        assertEquals("Jensen", out.path("lastSurname").asText());
        assertFalse(out.has("middleName"), "a blank name is left out");
        assertEquals("uri://ed-fi.org/SexDescriptor#Female", out.path("birthSexDescriptor").asText());
        assertEquals("Spanish", out.at("/_ext/ut/homeLanguage").asText());
        assertFalse(out.at("/_ext/ut/englishLearner").asBoolean(true));
    }
}
