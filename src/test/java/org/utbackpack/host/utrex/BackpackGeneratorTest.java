package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackpackGeneratorTest {

    private static final LocalDate MID_YEAR = LocalDate.of(2026, 3, 15);
    private static final List<LocalDate> DATES = List.of(
            LocalDate.of(2025, 9, 10), LocalDate.of(2026, 1, 20), MID_YEAR, LocalDate.of(2026, 6, 20));
    /** Adds a day before school starts, when the current year has an enrollment and nothing else. */
    private static final List<LocalDate> ANY_DAY = List.of(
            LocalDate.of(2025, 7, 20), LocalDate.of(2025, 9, 10), LocalDate.of(2026, 1, 20), MID_YEAR,
            LocalDate.of(2026, 6, 20));
    private static final Pattern COURSE_CODE = Pattern.compile("\\d{8}");
    private static final Pattern CACTUS_ID = Pattern.compile("\\d{6,7}");
    private static final Pattern SCHOOL_NUMBER = Pattern.compile("\\d{4}");
    private static final Pattern SCHOOL_YEAR = Pattern.compile("(\\d{4})-(\\d{4})");
    private static final Set<String> LETTER_MARKS = Set.of(
            "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D+", "D", "D-", "F");
    private static final Set<String> LEVEL_MARKS = Set.of("1", "2", "3", "4");

    /** Many students, so the properties are checked over the generator's whole range. */
    private static List<SimulatedStudent> sample(int count, SimulatedStudent.Size size, int... grades) {
        List<SimulatedStudent> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String ssid = Integer.toString(1_000_000 + i * 104_729 % 9_000_000);
            String lea = Integer.toString(10 + i % 23);
            result.add(Students.of(ssid, lea, grades[i % grades.length], size));
        }
        return result;
    }

    @Test
    void sameSsidGivesSameDocumentApartFromGeneratedAt() {
        SimulatedStudent s = Students.typical("1234567", 11);
        ObjectNode a = BackpackGenerator.generate(s, MID_YEAR, Instant.parse("2026-03-15T10:00:00Z"));
        ObjectNode b = BackpackGenerator.generate(s, MID_YEAR, Instant.parse("2026-03-15T18:30:00Z"));
        assertNotEquals(a.get("generatedAt"), b.get("generatedAt"));
        a.remove("generatedAt");
        b.remove("generatedAt");
        assertEquals(a, b);

        ObjectNode other = BackpackGenerator.generate(Students.typical("1234568", 11), MID_YEAR);
        other.remove("generatedAt");
        assertNotEquals(a, other, "another SSID gets another history");
    }

    @Test
    void documentHasTheDesignShape() {
        ObjectNode doc = BackpackGenerator.generate(Students.typical("2345678", 12), MID_YEAR);
        assertEquals(List.of("ssid", "generatedAt", "student", "enrollments", "courseGrades", "courseHistory",
                "sectionAttendance", "teachers", "assessments"), fieldNames(doc));
        assertEquals("2345678", doc.get("ssid").asText());
        Instant.parse(doc.get("generatedAt").asText());
        assertTrue(fieldNames(doc.get("student")).containsAll(List.of("ssid", "firstName", "middleName", "lastName",
                "birthDate", "gender", "raceEthnicity", "primaryLanguage", "englishLearner", "specialEducation",
                "section504", "homeLanguage", "currentGradeLevel", "currentSchoolName")));
        assertTrue(doc.get("student").get("englishLearner").isBoolean());
        assertEquals("12", doc.get("student").get("currentGradeLevel").asText());
        Map<String, List<String>> fields = Map.of(
                "enrollments", List.of("leaNumber", "leaName", "schoolNumber", "schoolName", "schoolYear", "gradeLevel",
                        "entryDate", "exitDate"),
                "courseGrades", List.of("schoolYear", "term", "schoolNumber", "courseCode", "courseTitle", "sectionId",
                        "mark", "creditsAttempted", "creditsEarned", "teacherCactusId"),
                "courseHistory", List.of("schoolYear", "gradeLevel", "schoolNumber", "courseCode", "courseTitle",
                        "finalMark", "creditsEarned", "concurrentEnrollment"),
                "sectionAttendance", List.of("schoolYear", "schoolNumber", "sectionId", "courseTitle",
                        "membershipDays", "daysAttended", "excusedAbsences", "unexcusedAbsences",
                        "suspensionAbsences"),
                "teachers", List.of("cactusId", "firstName", "lastName", "licenses", "endorsements", "degrees",
                        "yearsExperience"),
                "assessments", List.of("schoolYear", "testName", "subject", "gradeLevel", "testDate", "scaleScore",
                        "proficiencyLevel", "proficiencyLabel"));
        fields.forEach((element, names) -> {
            assertFalse(doc.get(element).isEmpty(), element + " is empty");
            for (JsonNode row : doc.get(element)) {
                assertTrue(fieldNames(row).containsAll(names), element + " row lacks fields: " + row);
            }
        });
    }

    @Test
    void typicalHighSchoolRecordsHold300To600Rows() {
        for (LocalDate today : DATES) {
            for (SimulatedStudent s : sample(60, SimulatedStudent.Size.TYPICAL, 10, 11, 12)) {
                int n = BackpackGenerator.recordCount(BackpackGenerator.generate(s, today));
                assertTrue(n >= 300 && n <= 600, s.ssid() + " grade " + s.currentGrade() + " on " + today + ": " + n);
            }
        }
    }

    @Test
    void youngerStudentsHaveLessHistory() {
        int pk = BackpackGenerator.recordCount(BackpackGenerator.generate(Students.typical("3456789", -1), MID_YEAR));
        int third = BackpackGenerator.recordCount(BackpackGenerator.generate(Students.typical("3456789", 3), MID_YEAR));
        assertTrue(pk >= 2 && pk < 10, "pre-K: " + pk);
        assertTrue(third > pk && third < 300, "grade 3: " + third);
    }

    @Test
    void veryLargeRecordsRunToThousandsWithOneElementOver1500() {
        for (SimulatedStudent s : sample(6, SimulatedStudent.Size.VERY_LARGE, 12)) {
            for (LocalDate today : List.of(LocalDate.of(2025, 9, 10), LocalDate.of(2026, 6, 20))) {
                ObjectNode doc = BackpackGenerator.generate(s, today);
                int n = BackpackGenerator.recordCount(doc);
                assertTrue(n >= 4000 && n <= 8000, s.ssid() + " on " + today + ": " + n);
                int biggest = BackpackGenerator.ELEMENTS.stream().mapToInt(e -> doc.get(e).size()).max().orElse(0);
                assertTrue(biggest > 1500, "largest element " + biggest);
                assertEquals("PK", doc.get("enrollments").get(0).get("gradeLevel").asText(), "PK-12 history");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TYPICAL", "VERY_LARGE"})
    void everyTeacherReferencedIsListedOnceAndEveryListedTeacherIsReferenced(String size) {
        for (SimulatedStudent s : sample(size.equals("TYPICAL") ? 30 : 3, SimulatedStudent.Size.valueOf(size), 4, 8, 12)) {
            ObjectNode doc = BackpackGenerator.generate(s, MID_YEAR);
            Set<String> listed = new HashSet<>();
            for (JsonNode t : doc.get("teachers")) {
                String id = t.get("cactusId").asText();
                assertTrue(CACTUS_ID.matcher(id).matches(), id);
                assertTrue(listed.add(id), "teacher listed twice: " + id);
                checkTeacher(t);
            }
            Set<String> referenced = new HashSet<>();
            for (String element : List.of("courseGrades", "sectionAttendance")) {
                for (JsonNode row : doc.get(element)) {
                    referenced.add(row.get("teacherCactusId").asText());
                }
            }
            assertTrue(listed.containsAll(referenced), "a referenced teacher is missing");
            assertEquals(listed, referenced, "every teacher listed is someone's teacher");
        }
    }

    private static void checkTeacher(JsonNode t) {
        assertFalse(t.get("firstName").asText().isBlank());
        assertFalse(t.get("lastName").asText().isBlank());
        assertFalse(t.get("licenses").isEmpty());
        for (JsonNode l : t.get("licenses")) {
            assertTrue(Set.of("Professional Educator License", "Associate Educator License")
                    .contains(l.get("type").asText()), l.toString());
            assertTrue(Set.of("Level 1", "Level 2", "Level 3").contains(l.get("level").asText()), l.toString());
            assertFalse(l.get("area").asText().isBlank());
            LocalDate.parse(l.get("expires").asText());
        }
        assertFalse(t.get("endorsements").isEmpty());
        assertTrue(t.get("degrees").get(0).asText().matches("B\\.[A-Z.]+ .+, .+"), t.get("degrees").toString());
        assertTrue(t.get("yearsExperience").asInt() >= 1 && t.get("yearsExperience").asInt() <= 40);
    }

    @Test
    void enrollmentsRunYearByYearFromPreKOrKToTheCurrentGrade() {
        for (LocalDate today : ANY_DAY) {
            for (SimulatedStudent s : sample(40, SimulatedStudent.Size.TYPICAL, -1, 0, 2, 5, 7, 9, 12)) {
                checkEnrollments(BackpackGenerator.generate(s, today), s, today);
            }
        }
        checkEnrollments(BackpackGenerator.generate(Students.large("7654321"), MID_YEAR), Students.large("7654321"),
                MID_YEAR);
    }

    private static void checkEnrollments(ObjectNode doc, SimulatedStudent s, LocalDate today) {
        JsonNode rows = doc.get("enrollments");
        int currentYear = today.getMonthValue() >= 7 ? today.getYear() : today.getYear() - 1;
        String first = rows.get(0).get("gradeLevel").asText();
        assertTrue(first.equals("PK") || first.equals("K"), "starts in PK or K: " + first);
        int previousYear = -1;
        int previousGrade = -2;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode e = rows.get(i);
            int year = startYear(e.get("schoolYear").asText());
            int grade = grade(e.get("gradeLevel").asText());
            assertTrue(SCHOOL_NUMBER.matcher(e.get("schoolNumber").asText()).matches());
            if (year == previousYear) {
                assertEquals(previousGrade, grade, "a mid-year move keeps the grade");
                assertTrue(LocalDate.parse(e.get("entryDate").asText())
                        .isAfter(LocalDate.parse(rows.get(i - 1).get("exitDate").asText())));
            } else if (previousYear >= 0) {
                assertEquals(previousYear + 1, year, "school years follow one another");
                assertEquals(previousGrade + 1, grade, "one grade a year");
            }
            LocalDate entry = LocalDate.parse(e.get("entryDate").asText());
            assertTrue(!entry.isBefore(LocalDate.of(year, 8, 1)) && entry.isBefore(LocalDate.of(year + 1, 7, 1)));
            boolean last = i == rows.size() - 1;
            assertEquals(last, e.get("exitDate").isNull(), "only the current enrollment is open");
            previousYear = year;
            previousGrade = grade;
        }
        assertEquals(currentYear, previousYear, "ends in the current school year");
        assertEquals(s.currentGrade(), previousGrade, "ends in the current grade");
        assertEquals(rows.get(rows.size() - 1).get("schoolName").asText(),
                doc.get("student").get("currentSchoolName").asText());
        assertEquals(s.leaNumber(), rows.get(rows.size() - 1).get("leaNumber").asText());
    }

    @Test
    void everyRowBelongsToAnEnrollmentOfItsSchoolYear() {
        for (SimulatedStudent s : sample(30, SimulatedStudent.Size.TYPICAL, 6, 9, 11, 12)) {
            ObjectNode doc = BackpackGenerator.generate(s, MID_YEAR);
            Map<String, Set<String>> schoolsByYear = new HashMap<>();
            Map<String, String> gradeByYear = new HashMap<>();
            for (JsonNode e : doc.get("enrollments")) {
                schoolsByYear.computeIfAbsent(e.get("schoolYear").asText(), k -> new HashSet<>())
                        .add(e.get("schoolNumber").asText());
                gradeByYear.put(e.get("schoolYear").asText(), e.get("gradeLevel").asText());
            }
            for (String element : List.of("courseGrades", "courseHistory", "sectionAttendance")) {
                for (JsonNode row : doc.get(element)) {
                    String year = row.get("schoolYear").asText();
                    assertTrue(schoolsByYear.getOrDefault(year, Set.of()).contains(row.get("schoolNumber").asText()),
                            element + " row outside the enrollments: " + row);
                }
            }
            for (JsonNode h : doc.get("courseHistory")) {
                assertEquals(gradeByYear.get(h.get("schoolYear").asText()), h.get("gradeLevel").asText());
                assertTrue(grade(h.get("gradeLevel").asText()) >= 7, "history covers grades 7-12");
            }
            for (JsonNode a : doc.get("assessments")) {
                assertEquals(gradeByYear.get(a.get("schoolYear").asText()), a.get("gradeLevel").asText());
                LocalDate date = LocalDate.parse(a.get("testDate").asText());
                int year = startYear(a.get("schoolYear").asText());
                assertTrue(!date.isBefore(LocalDate.of(year, 7, 1)) && date.isBefore(LocalDate.of(year + 1, 7, 1)));
                assertTrue(date.isBefore(MID_YEAR), "no results from the future");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TYPICAL", "VERY_LARGE"})
    void attendanceArithmeticHolds(String size) {
        for (LocalDate today : ANY_DAY) {
            for (SimulatedStudent s : sample(size.equals("TYPICAL") ? 25 : 2, SimulatedStudent.Size.valueOf(size), 3, 8, 12)) {
                for (JsonNode a : BackpackGenerator.generate(s, today).get("sectionAttendance")) {
                    int membership = a.get("membershipDays").asInt();
                    int attended = a.get("daysAttended").asInt();
                    int excused = a.get("excusedAbsences").asInt();
                    int unexcused = a.get("unexcusedAbsences").asInt();
                    int suspension = a.get("suspensionAbsences").asInt();
                    assertTrue(membership > 0 && membership <= 180, a.toString());
                    assertTrue(attended >= 0 && attended <= membership, a.toString());
                    assertTrue(excused >= 0 && unexcused >= 0 && suspension >= 0, a.toString());
                    assertEquals(membership - attended, excused + unexcused + suspension, a.toString());
                }
            }
        }
    }

    @Test
    void completedYearsHaveFullMembership() {
        ObjectNode doc = BackpackGenerator.generate(Students.typical("4567890", 10), MID_YEAR);
        int full = 0;
        for (JsonNode a : doc.get("sectionAttendance")) {
            if (!a.get("schoolYear").asText().equals("2025-2026") && a.get("membershipDays").asInt() == 180) {
                full++;
            }
        }
        assertTrue(full > 20, "most past sections span the 180-day year: " + full);
    }

    @Test
    void courseGradesAndHistoryAgree() {
        for (SimulatedStudent s : sample(30, SimulatedStudent.Size.TYPICAL, 9, 10, 11, 12)) {
            ObjectNode doc = BackpackGenerator.generate(s, LocalDate.of(2026, 6, 20));
            Map<String, Double> earnedByCourseYear = new HashMap<>();
            for (JsonNode g : doc.get("courseGrades")) {
                assertTrue(COURSE_CODE.matcher(g.get("courseCode").asText()).matches(), g.toString());
                String mark = g.get("mark").asText();
                assertTrue(LETTER_MARKS.contains(mark) || LEVEL_MARKS.contains(mark), mark);
                double attempted = g.get("creditsAttempted").asDouble();
                double earned = g.get("creditsEarned").asDouble();
                assertTrue(Set.of(0.0, 0.25, 0.5).contains(attempted), g.toString());
                assertEquals(mark.equals("F") ? 0 : attempted, earned, g.toString());
                earnedByCourseYear.merge(g.get("schoolYear").asText() + g.get("courseCode").asText(), earned, Double::sum);
            }
            for (JsonNode h : doc.get("courseHistory")) {
                assertTrue(LETTER_MARKS.contains(h.get("finalMark").asText()), h.toString());
                assertEquals(earnedByCourseYear.get(h.get("schoolYear").asText() + h.get("courseCode").asText()),
                        h.get("creditsEarned").asDouble(), 1e-9, "history credits are the terms' credits: " + h);
                if (h.get("concurrentEnrollment").asBoolean()) {
                    assertTrue(grade(h.get("gradeLevel").asText()) >= 11, "concurrent enrollment is for 11-12");
                }
            }
        }
    }

    @Test
    void secondaryYearsHaveSevenToNineCoursesOverTwoToFourTerms() {
        ObjectNode doc = BackpackGenerator.generate(Students.typical("5678901", 12), LocalDate.of(2026, 6, 20));
        Map<String, Set<String>> coursesByYear = new HashMap<>();
        Map<String, Set<String>> termsByYear = new HashMap<>();
        for (JsonNode g : doc.get("courseGrades")) {
            if (LETTER_MARKS.contains(g.get("mark").asText())) {
                coursesByYear.computeIfAbsent(g.get("schoolYear").asText(), k -> new HashSet<>())
                        .add(g.get("courseCode").asText());
                termsByYear.computeIfAbsent(g.get("schoolYear").asText(), k -> new HashSet<>())
                        .add(g.get("term").asText());
            }
        }
        assertEquals(6, coursesByYear.size(), "grades 7-12");
        coursesByYear.values().forEach(c -> assertTrue(c.size() >= 7 && c.size() <= 9, c.toString()));
        termsByYear.values().forEach(t -> assertTrue(t.size() >= 2 && t.size() <= 4, t.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TYPICAL", "VERY_LARGE"})
    void assessmentsUseTheirOwnScalesAndGrades(String size) {
        Set<String> tests = new HashSet<>();
        for (SimulatedStudent s : sample(size.equals("TYPICAL") ? 60 : 2, SimulatedStudent.Size.valueOf(size), 12)) {
            for (JsonNode a : BackpackGenerator.generate(s, LocalDate.of(2026, 6, 20)).get("assessments")) {
                tests.add(a.get("testName").asText());
                checkAssessment(a, size.equals("VERY_LARGE"));
            }
        }
        assertTrue(tests.containsAll(List.of("Acadience Reading", "Acadience Math", "RISE", "Utah Aspire Plus", "ACT",
                "WIDA ACCESS")), tests.toString());
    }

    private static void checkAssessment(JsonNode a, boolean large) {
        String test = a.get("testName").asText();
        int grade = grade(a.get("gradeLevel").asText());
        String label = a.get("proficiencyLabel").isNull() ? null : a.get("proficiencyLabel").asText();
        String level = a.get("proficiencyLevel").isNull() ? null : a.get("proficiencyLevel").asText();
        JsonNode score = a.get("scaleScore");
        assertTrue(score.isNull() || score.isNumber(), a.toString());
        switch (test) {
            case "Acadience Reading", "Acadience Math" -> {
                assertTrue(grade >= 0 && grade <= (large ? 6 : 3), a.toString());
                assertTrue(Assessments.ACADIENCE_LABELS.contains(label), a.toString());
                assertEquals(Assessments.ACADIENCE_LABELS.indexOf(label) + 1, Integer.parseInt(level));
            }
            case "RISE" -> {
                assertTrue(grade >= 3 && grade <= 8, a.toString());
                if (a.get("subject").asText().startsWith("Writing Co")) {
                    assertTrue(grade == 5 || grade == 8);
                    assertEquals(null, label, "rubric scores carry no level");
                } else {
                    assertTrue(Assessments.RISE_LABELS.contains(label), a.toString());
                    assertEquals(Assessments.RISE_LABELS.indexOf(label) + 1, Integer.parseInt(level));
                }
                if (a.get("subject").asText().equals("Science")) {
                    assertTrue(grade >= 4);
                }
            }
            case "Utah Aspire Plus" -> {
                assertTrue(grade == 9 || grade == 10, a.toString());
                assertTrue(Assessments.RISE_LABELS.contains(label), a.toString());
            }
            case "ACT" -> {
                assertEquals(11, grade);
                assertTrue(score.asInt() >= 1 && score.asInt() <= 36, a.toString());
                assertEquals(Integer.toString(score.asInt()), level);
                assertTrue(Assessments.ACT_LABELS.contains(label), a.toString());
            }
            case "WIDA ACCESS" -> {
                double l = Double.parseDouble(level);
                assertTrue(l >= 1.0 && l <= 6.0 && level.matches("\\d\\.\\d"), a.toString());
                assertEquals(Assessments.WIDA_LABELS.get((int) Math.floor(l) - 1), label);
            }
            case "DLM" -> assertTrue(Assessments.DLM_LABELS.contains(label), a.toString());
            default -> throw new AssertionError("unexpected test " + test);
        }
    }

    @Test
    void someOptionalFieldsAreBlank() {
        boolean nullScore = false;
        for (SimulatedStudent s : sample(20, SimulatedStudent.Size.TYPICAL, 5)) {
            for (JsonNode a : BackpackGenerator.generate(s, MID_YEAR).get("assessments")) {
                nullScore |= a.get("scaleScore").isNull();
            }
        }
        assertTrue(nullScore, "some Acadience measures come without a raw score");
    }

    @Test
    void aDataElementTheStateHoldsNothingOfIsSentEmptyAndTheRestAsUsual() {
        SimulatedStudent s = Students.large("1234563");
        SimulatedStudent excused = new SimulatedStudent(s.ssid(), s.leaNumber(), s.leaName(), s.firstName(),
                s.middleName(), s.lastName(), s.birthDate(), s.gender(), s.currentGrade(), s.size(),
                Set.of("assessments", "homeLanguage"));
        Instant at = Instant.parse("2026-03-15T10:00:00Z");
        ObjectNode usual = BackpackGenerator.generate(s, MID_YEAR, at);
        ObjectNode doc = BackpackGenerator.generate(excused, MID_YEAR, at);

        assertTrue(usual.get("assessments").size() > 0);
        assertTrue(doc.get("assessments").isArray() && doc.get("assessments").isEmpty(), "an empty array, not null");
        assertTrue(doc.get("student").get("homeLanguage").isNull(), "a blank field is still sent as null");
        assertFalse(doc.get("student").has("assessments"), "an element's name is not a field of the student");
        for (String element : BackpackGenerator.ELEMENTS) {
            if (!element.equals("assessments")) {
                assertEquals(usual.get(element), doc.get(element), element + " as usual");
            }
        }
        assertEquals(new ArrayList<>(BackpackGenerator.ELEMENTS), fieldsAfterStudent(doc), "the document's order");
    }

    private static List<String> fieldsAfterStudent(ObjectNode doc) {
        List<String> names = new ArrayList<>();
        doc.fieldNames().forEachRemaining(names::add);
        return names.subList(names.indexOf("student") + 1, names.size());
    }

    @Test
    void englishLearnersTakeWidaUntilTheyExit() {
        for (SimulatedStudent s : sample(80, SimulatedStudent.Size.TYPICAL, 12)) {
            ObjectNode doc = BackpackGenerator.generate(s, MID_YEAR);
            List<Double> overall = new ArrayList<>();
            for (JsonNode a : doc.get("assessments")) {
                if (a.get("testName").asText().equals("WIDA ACCESS") && a.get("subject").asText().equals("Overall")) {
                    overall.add(Double.parseDouble(a.get("proficiencyLevel").asText()));
                }
            }
            for (int i = 0; i < overall.size() - 1; i++) {
                assertTrue(overall.get(i) < Assessments.WIDA_EXIT, "tested again after exiting: " + overall);
            }
            boolean el = doc.get("student").get("englishLearner").asBoolean();
            if (el) {
                assertFalse(overall.isEmpty(), "an English learner has WIDA results");
                assertTrue(overall.get(overall.size() - 1) < Assessments.WIDA_EXIT);
            }
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static int startYear(String schoolYear) {
        var m = SCHOOL_YEAR.matcher(schoolYear);
        assertTrue(m.matches(), schoolYear);
        assertEquals(Integer.parseInt(m.group(1)) + 1, Integer.parseInt(m.group(2)));
        return Integer.parseInt(m.group(1));
    }

    private static int grade(String gradeLevel) {
        return switch (gradeLevel) {
            case "PK" -> -1;
            case "K" -> 0;
            default -> Integer.parseInt(gradeLevel);
        };
    }
}
