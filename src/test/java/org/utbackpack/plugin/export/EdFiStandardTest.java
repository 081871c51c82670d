package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedStudent;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exports of simulated Backpacks of every size and age, checked item by item against Ed-Fi's own Data Standard 5
 * schemas and as a loader into an empty ODS would take them (keys unique, references closed in load order).
 */
class EdFiStandardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    private static Ds5Schemas schemas;

    @BeforeAll
    static void loadTheStandard() throws Exception {
        schemas = Ds5Schemas.present() ? Ds5Schemas.load() : null;
    }

    static Stream<Arguments> students() {
        return Stream.of(
                Arguments.of(student("1234561", "Avery", "Jensen", 2009, "F", 11, SimulatedStudent.Size.TYPICAL)),
                Arguments.of(student("1234563", "Carlos", "Martinez", 2008, "M", 12, SimulatedStudent.Size.VERY_LARGE)),
                Arguments.of(student("2345671", "Mia", "Tuilagi", 2017, "F", 3, SimulatedStudent.Size.VERY_LARGE)),
                Arguments.of(student("2345672", "Noah", "Begay", 2021, "M", -1, SimulatedStudent.Size.TYPICAL)),
                Arguments.of(student("2345673", "Lucia", "Ortega", 2012, "F", 8, SimulatedStudent.Size.TYPICAL)));
    }

    private static SimulatedStudent student(String ssid, String first, String last, int born, String gender, int grade,
                                            SimulatedStudent.Size size) {
        return new SimulatedStudent(ssid, "01", "Wasatch Valley School District", first, null, last,
                LocalDate.of(born, 3, 14), gender, grade, size);
    }

    @ParameterizedTest
    @MethodSource("students")
    void everyExportedItemIsValidDataStandard5AndLoadsInOrder(SimulatedStudent student) throws Exception {
        JsonNode document = BackpackGenerator.generate(student, TODAY, Instant.parse("2026-11-20T17:00:00Z"));
        Ds5Export export = export(student.ssid(), document);

        List<String> problems = schemas == null ? List.of() : export.problems(schemas);
        assertTrue(problems.isEmpty(), problems.size() + " problems, first: "
                + String.join("\n", problems.subList(0, Math.min(25, problems.size()))));

        assertEquals(1, export.size("students"));
        assertEquals(document.path("enrollments").size(), export.size("studentSchoolAssociations"), "every enrollment");
        assertEquals(document.path("assessments").size(), export.size("studentAssessments"), "every result " + export.leftOut());
        assertEquals(document.path("teachers").size(), export.size("staffs"), "every teacher");
        int marks = 0;
        for (JsonNode grade : export.resources.getOrDefault("grades", List.of())) {
            marks += (grade.has("letterGradeEarned") ? 1 : 0) + grade.path("learningStandardGrades").size();
        }
        assertEquals(document.path("courseGrades").size(), marks, "every mark is a grade or a learning-standard grade");
        int licenses = 0;
        for (JsonNode teacher : document.path("teachers")) {
            licenses += teacher.path("licenses").size();
        }
        int transcripts = export.size("courseTranscripts");
        Map<String, Integer> leftOut = export.leftOut();
        int unresolved = leftOut.getOrDefault(
                "courseTranscripts: the Backpack gives no mark or credit to tell pass from fail", 0);
        assertEquals(document.path("courseHistory").size(), transcripts + unresolved, "transcripts exported or counted");
        for (Map.Entry<String, Integer> l : leftOut.entrySet()) {
            assertTrue(l.getKey().startsWith("credentials:") || l.getKey().startsWith("courseTranscripts: the Backpack gives no")
                    || l.getKey().startsWith("studentSectionAssociations: section attendance"), "unexpected: " + leftOut);
        }
        int attendance = 0;
        for (JsonNode association : export.resources.getOrDefault("studentSectionAssociations", List.of())) {
            attendance += association.has("_ext") ? 1 : 0;
        }
        int attendanceLeftOut = leftOut.entrySet().stream().filter(l -> l.getKey().contains("section attendance"))
                .mapToInt(Map.Entry::getValue).sum();
        assertEquals(document.path("sectionAttendance").size(), attendance + attendanceLeftOut,
                "section attendance exported or counted");
        assertEquals(licenses, leftOut.getOrDefault(
                "credentials: DS 5 requires an issuance date, which CACTUS does not give", 0), "licenses counted");
    }

    @org.junit.jupiter.api.Test
    void theCheckNamesTheResourceItemAndRuleAnItemBreaks() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(schemas != null, "Ed-Fi's DS 5.0 specification is not here");
        String grade = """
                {"studentSectionAssociationReference":{"localCourseCode":"01","schoolId":100,"schoolYear":2026,
                  "sectionIdentifier":"E10-1","sessionName":"2025-2026","studentUniqueId":"1234561"},
                 "gradingPeriodReference":{"gradingPeriodDescriptor":"uri://ed-fi.org/GradingPeriodDescriptor#First Quarter",
                  "gradingPeriodName":"Q1","schoolId":100,"schoolYear":2026},
                 "gradeTypeDescriptor":"uri://ed-fi.org/GradeTypeDescriptor#Grading Period","letterGradeEarned":"A"}""";
        String result = """
                {"studentAssessmentIdentifier":"1","assessmentReference":{"namespace":"uri://schools.utah.gov/Assessment",
                  "assessmentIdentifier":"RISE Mathematics Statistics and Probability and Modeling with Functions"},
                 "studentReference":{"studentUniqueId":"1234561"},"administrationDate":"2026-04-20",
                 "studentSectionAttendanceTotals":[]}""";
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("manifest.json"));
            out.write("""
                    {"files":[{"resource":"grades","file":"grades.jsonl","endpoint":"/data/ed-fi/grades","items":2},
                     {"resource":"studentAssessments","file":"studentAssessments.jsonl",
                      "endpoint":"/data/ed-fi/studentAssessments","items":1}]}""".getBytes());
            out.putNextEntry(new java.util.zip.ZipEntry("grades.jsonl"));
            out.write((grade.replace("\n", "") + "\n" + grade.replace("\n", "") + "\n").getBytes());
            out.putNextEntry(new java.util.zip.ZipEntry("studentAssessments.jsonl"));
            out.write((result.replace("\n", "") + "\n").getBytes());
        }
        String problems = String.join("\n", Ds5Export.read(zip.toByteArray()).problems(schemas));
        assertTrue(problems.contains("grades item 1: /studentSectionAssociationReference: required property 'beginDate'"
                + " not found [required]"), problems);
        assertTrue(problems.contains("grades item 1: gradingPeriodDescriptor uri://ed-fi.org/GradingPeriodDescriptor#First"
                + " Quarter is not one of Ed-Fi's DS 5.0 descriptors [Ed-Fi descriptor]"), problems);
        assertTrue(problems.contains("grades item 2: natural key"), problems);
        assertTrue(problems.contains("[unique key]"), problems);
        assertTrue(problems.contains("grades item 1: studentSectionAssociationReference refers to"
                + " studentSectionAssociations, which is not loaded before it [reference in load order]"), problems);
        assertTrue(problems.contains("studentAssessments item 1: /administrationDate: does not match the date-time"
                + " pattern"), problems);
        assertTrue(problems.contains("studentAssessments item 1: /assessmentReference/assessmentIdentifier: must be at"
                + " most 60 characters long [maxLength]"), problems);
        assertTrue(problems.contains("studentAssessments item 1: (the item): property 'studentSectionAttendanceTotals' is not"
                + " defined in the schema and the schema does not allow additional properties [additionalProperties]"),
                problems);
    }

    static Ds5Export export(String ssid, JsonNode document) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackpackExport exports = new BackpackExport(null, JSON, null,
                Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
        exports.writeEdFi(new StoredFile(7, 1, 3L, ssid, Instant.parse("2026-11-20T17:00:00Z"), "2026-11-20T17:00:00Z"),
                document, out);
        return Ds5Export.read(out.toByteArray());
    }
}
