package org.utbackpack.plugin.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.utbackpack.plugin.sis.Sis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How a Backpack document becomes Ed-Fi Data Standard 5 resources, as docs/EXPORT.md describes: every item
 * has what DS 5 requires of it, refers to other items by all the parts of their natural keys, and the items
 * it refers to (schools, sessions, courses, sections, ...) are built from the records that name them. A value
 * DS 5 requires and the Backpack does not carry is derived by a documented rule ({@link #DERIVED}) or the
 * item is left out and counted, never made up. Standard descriptors use {@code uri://ed-fi.org/}; values
 * Ed-Fi has no descriptor for use {@code uri://schools.utah.gov/} and are exported as descriptors themselves.
 */
final class EdFiMapping {

    static final String ED_FI = "uri://ed-fi.org/";
    static final String UTAH = "uri://schools.utah.gov/";
    static final String LEARNING_STANDARD_NAMESPACE = UTAH + "LearningStandard";
    static final String ASSESSMENT_NAMESPACE = UTAH + "Assessment";

    /** The rules by which values DS 5 requires and the Backpack lacks are derived, for the manifest. */
    static final List<String> DERIVED = List.of(
            "sessions: one per school and school year (termDescriptor Year Round), from 1 July to 30 June, Utah's"
                    + " school year; totalInstructionalDays is the most membership days the Backpack reports for a"
                    + " section of that school and year, 0 when it reports none",
            "gradingPeriods: one per term the Backpack names, its descriptor from the term (Q1 First Nine Weeks, S1"
                    + " First Semester, T1 First Trimester, ...); dates are its school year's, totalInstructionalDays 0"
                    + " (the Backpack carries no term calendar)",
            "courses: educationOrganizationId is the school; identificationCodes the state course code;"
                    + " numberOfParts 1",
            "courseOfferings and sections: one per course and section the grades name, in the school year's session",
            "studentSectionAssociations: beginDate is the student's entry date at that school that year, or the"
                    + " session's begin date",
            "grades: a term's marks for standards are learningStandardGrades of the section's grade for that term;"
                    + " learningStandards are named by course code and standard",
            "studentAssessments: studentAssessmentIdentifier is the SSID and a SHA-256 fingerprint of the result;"
                    + " administrationDate is the test date at midnight, Utah time (the Backpack gives no time)",
            "courseTranscripts: courseAttemptResultDescriptor is Pass when credit was earned or the mark is a"
                    + " passing letter (A-D, P, CR), Fail for F, NC, U or E, Incomplete for I, Withdrawn for W",
            "schools: gradeLevels are those the Backpack shows the student in at that school",
            "studentEducationOrganizationAssociations: the student's demographics, with the school of the latest"
                    + " enrollment; special education and 504 as studentIndicators (designatedBy UTREx)",
            "staffSectionAssociations: the teacher a grade names is the section's Teacher of Record from the"
                    + " session's first day");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** RFC 3339, seconds always written (DS 5's date-time). */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private static final Map<String, String> GRADE_LEVELS = Map.ofEntries(
            Map.entry("PK", "Preschool/Prekindergarten"), Map.entry("K", "Kindergarten"),
            Map.entry("1", "First grade"), Map.entry("2", "Second grade"), Map.entry("3", "Third grade"),
            Map.entry("4", "Fourth grade"), Map.entry("5", "Fifth grade"), Map.entry("6", "Sixth grade"),
            Map.entry("7", "Seventh grade"), Map.entry("8", "Eighth grade"), Map.entry("9", "Ninth grade"),
            Map.entry("10", "Tenth grade"), Map.entry("11", "Eleventh grade"), Map.entry("12", "Twelfth grade"));

    /** UTREx race names and Ed-Fi's (Hispanic/Latino is Ed-Fi's hispanicLatinoEthnicity, not a race). */
    private static final Map<String, String> RACES = Map.of("White", "White", "Asian", "Asian",
            "Black/African American", "Black - African American", "American Indian/Alaska Native",
            "American Indian - Alaska Native", "Native Hawaiian/Pacific Islander", "Native Hawaiian - Pacific Islander");

    private static final Set<String> SUBJECTS = Set.of("Mathematics", "English Language Arts", "Reading", "Writing",
            "Science", "Social Studies", "Composite");

    private static final Map<Character, String> TERM_KINDS = Map.of('Q', "Nine Weeks", 'S', "Semester", 'T', "Trimester");
    private static final List<String> ORDINALS = List.of("First", "Second", "Third", "Fourth");

    /** Backpack student fields with a place on the Ed-Fi Student. */
    static final Set<String> STUDENT_FIELDS = Set.of("ssid", "firstName", "middleName", "lastName", "birthDate", "gender",
            "raceEthnicity", "primaryLanguage", "homeLanguage", "englishLearner", "specialEducation", "section504");

    private final String ssid;
    private final EdFiSet set = new EdFiSet();
    private final Map<Long, School> schools = new TreeMap<>();
    /** school|year -> the first entry date, and the grade level, of the student's enrollment there. */
    private final Map<String, String> entryDates = new LinkedHashMap<>();
    private final Map<String, String> gradeLevels = new LinkedHashMap<>();
    private final Map<String, Long> membershipDays = new LinkedHashMap<>();
    /** school|year|sectionId -> the course codes its grades name. */
    private final Map<String, Set<String>> sectionCourses = new LinkedHashMap<>();

    private static final class School {
        String name;
        final Set<String> gradeLevels = new LinkedHashSet<>();
    }

    /** @param ssid the student's SSID, Ed-Fi's studentUniqueId */
    EdFiMapping(String ssid) {
        this.ssid = ssid;
    }

    /** The whole document as a set of resources; call once. */
    EdFiSet map(JsonNode document) {
        JsonNode student = document.path("student");
        boolean hasStudent = student.isObject() && student(student);
        if (!hasStudent) {
            set.leaveOut("students", "the Backpack gives no name or birth date");
        }
        document.path("enrollments").forEach(this::enrollment);
        document.path("sectionAttendance").forEach(a -> membership(a));
        document.path("courseHistory").forEach(h -> {
            Long school = schoolId(text(h, "schoolNumber"));
            String level = text(h, "gradeLevel");
            if (school != null && level != null) {
                school(school, text(h, "schoolName")).gradeLevels.add(level);
            }
        });
        grades(document.path("courseGrades"));
        for (EdFiSet.Item standard : set.items("learningStandards")) {
            if (standard.body().get("gradeLevels").isEmpty()) {
                standard.refs().add(EdFiSet.ref("gradeLevelDescriptors", "none")); // DS 5 needs one: left out
            }
        }
        document.path("sectionAttendance").forEach(this::attendance);
        document.path("courseHistory").forEach(this::courseTranscript);
        document.path("assessments").forEach(this::studentAssessment);
        document.path("teachers").forEach(this::staff);
        if (hasStudent) {
            demographics(student, document.path("enrollments"));
        }
        schools.forEach(this::schoolItem);
        return set;
    }

    // ------------------------------------------------------------------ students and schools

    private boolean student(JsonNode s) {
        String first = text(s, "firstName");
        String last = text(s, "lastName");
        String birth = date(text(s, "birthDate"));
        if (ssid == null || ssid.length() > 32 || first == null || last == null || birth == null) {
            return false;
        }
        ObjectNode out = NODES.objectNode();
        List<String> refs = new ArrayList<>();
        out.put("studentUniqueId", ssid);
        out.put("firstName", limit(first, 75));
        String middle = text(s, "middleName");
        if (middle != null) {
            out.put("middleName", limit(middle, 75));
        }
        out.put("lastSurname", limit(last, 75));
        out.put("birthDate", birth);
        String gender = text(s, "gender");
        if (gender != null) {
            out.put("birthSexDescriptor", switch (gender.toUpperCase()) {
                case "F", "FEMALE" -> ED_FI + "SexDescriptor#Female";
                case "M", "MALE" -> ED_FI + "SexDescriptor#Male";
                default -> utahDescriptor("sexDescriptors", "SexDescriptor", gender, refs);
            });
        }
        set.add(new EdFiSet.Item("students", ssid, out, refs), "a second student");
        return true;
    }

    /**
     * Race and ethnicity, languages, English learner, special education and 504 on the student's association
     * with the school of their latest enrollment (Ed-Fi keeps them per education organization).
     */
    private void demographics(JsonNode s, JsonNode enrollments) {
        Long school = null;
        String latest = null;
        for (JsonNode e : enrollments) {
            String entry = date(text(e, "entryDate"));
            Long id = schoolId(text(e, "schoolNumber"));
            if (entry != null && id != null && (latest == null || entry.compareTo(latest) >= 0)) {
                latest = entry;
                school = id;
            }
        }
        if (school == null) {
            set.leaveOut("studentEducationOrganizationAssociations", "the Backpack gives no school to hold the demographics");
            return;
        }
        ObjectNode out = NODES.objectNode();
        List<String> refs = new ArrayList<>(List.of(EdFiSet.ref("schools", school), EdFiSet.ref("students", ssid)));
        out.putObject("educationOrganizationReference").put("educationOrganizationId", school);
        out.set("studentReference", studentReference());
        String race = text(s, "raceEthnicity");
        if (race != null && race.toLowerCase().startsWith("hispanic")) {
            out.put("hispanicLatinoEthnicity", true);
        } else if (race != null) {
            String standard = RACES.get(race);
            out.putArray("races").addObject().put("raceDescriptor", standard != null ? ED_FI + "RaceDescriptor#" + standard
                    : utahDescriptor("raceDescriptors", "RaceDescriptor", race, refs));
        }
        Map<String, List<String>> languages = new LinkedHashMap<>();
        if (text(s, "primaryLanguage") != null) {
            languages.computeIfAbsent(text(s, "primaryLanguage"), l -> new ArrayList<>()).add("Dominant language");
        }
        if (text(s, "homeLanguage") != null) {
            languages.computeIfAbsent(text(s, "homeLanguage"), l -> new ArrayList<>()).add("Home language");
        }
        if (!languages.isEmpty()) {
            ArrayNode list = out.putArray("languages");
            languages.forEach((language, uses) -> {
                ObjectNode entry = list.addObject();
                entry.put("languageDescriptor", utahDescriptor("languageDescriptors", "LanguageDescriptor", language, refs));
                ArrayNode useList = entry.putArray("uses");
                uses.forEach(u -> useList.addObject().put("languageUseDescriptor", ED_FI + "LanguageUseDescriptor#" + u));
            });
        }
        JsonNode englishLearner = s.get("englishLearner");
        if (englishLearner != null && englishLearner.isBoolean()) {
            out.put("limitedEnglishProficiencyDescriptor", ED_FI + "LimitedEnglishProficiencyDescriptor#"
                    + (englishLearner.asBoolean() ? "Limited" : "NotLimited"));
        }
        ArrayNode indicators = NODES.arrayNode();
        indicator(indicators, s, "specialEducation", "Special education");
        indicator(indicators, s, "section504", "Section 504");
        if (!indicators.isEmpty()) {
            out.set("studentIndicators", indicators);
        }
        set.add(new EdFiSet.Item("studentEducationOrganizationAssociations", EdFiSet.key(school, ssid), out, refs), "");
    }

    private static void indicator(ArrayNode indicators, JsonNode s, String field, String name) {
        JsonNode value = s.get(field);
        if (value != null && value.isBoolean()) {
            indicators.addObject().put("indicatorName", name).put("indicator", value.asBoolean() ? "Yes" : "No")
                    .put("designatedBy", "UTREx");
        }
    }

    private void enrollment(JsonNode e) {
        Long schoolId = schoolId(text(e, "schoolNumber"));
        Integer year = schoolYear(text(e, "schoolYear"));
        String entry = date(text(e, "entryDate"));
        String level = text(e, "gradeLevel");
        if (schoolId == null || entry == null || level == null) {
            set.leaveOut("studentSchoolAssociations", "the enrollment lacks a school number, entry date or grade");
            return;
        }
        School school = school(schoolId, text(e, "schoolName"));
        school.gradeLevels.add(level);
        if (year != null) {
            entryDates.merge(EdFiSet.key(schoolId, year), entry, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            gradeLevels.putIfAbsent(EdFiSet.key(schoolId, year), level);
            gradeLevels.putIfAbsent(Integer.toString(year), level);
        }
        ObjectNode out = NODES.objectNode();
        List<String> refs = new ArrayList<>(List.of(EdFiSet.ref("schools", schoolId), EdFiSet.ref("students", ssid)));
        out.putObject("schoolReference").put("schoolId", schoolId);
        out.set("studentReference", studentReference());
        out.put("entryDate", entry);
        out.put("entryGradeLevelDescriptor", gradeLevelDescriptor(level, refs));
        if (year != null) {
            out.putObject("schoolYearTypeReference").put("schoolYear", year);
        }
        String exit = date(text(e, "exitDate"));
        if (exit != null) {
            out.put("exitWithdrawDate", exit);
        }
        set.add(new EdFiSet.Item("studentSchoolAssociations", EdFiSet.key(schoolId, entry), out, refs),
                "a second enrollment at the same school on the same entry date");
    }

    private School school(long id, String name) {
        School school = schools.computeIfAbsent(id, i -> new School());
        if (school.name == null && name != null) {
            school.name = name;
        }
        return school;
    }

    private void schoolItem(long id, School school) {
        if (school.name == null || school.gradeLevels.isEmpty()) {
            set.leaveOut("schools", "the Backpack gives no name or grade for the school");
            return;
        }
        ObjectNode out = NODES.objectNode();
        List<String> refs = new ArrayList<>();
        out.put("schoolId", id);
        out.put("nameOfInstitution", limit(school.name, 75));
        out.putArray("educationOrganizationCategories").addObject()
                .put("educationOrganizationCategoryDescriptor", ED_FI + "EducationOrganizationCategoryDescriptor#School");
        ArrayNode levels = out.putArray("gradeLevels");
        for (String level : school.gradeLevels) {
            levels.addObject().put("gradeLevelDescriptor", gradeLevelDescriptor(level, refs));
        }
        set.add(new EdFiSet.Item("schools", Long.toString(id), out, refs), "a second school with the number");
    }

    // ------------------------------------------------------------------ sessions, courses, sections, grades

    private void membership(JsonNode a) {
        Long school = schoolId(text(a, "schoolNumber"));
        Integer year = schoolYear(text(a, "schoolYear"));
        JsonNode days = a.get("membershipDays");
        if (school != null && year != null && days != null && days.canConvertToLong()) {
            membershipDays.merge(EdFiSet.key(school, year), days.asLong(), Math::max);
        }
    }

    private void grades(JsonNode records) {
        // a section's marks for one term: the course mark and the marks per standard
        Map<String, List<JsonNode>> byTerm = new LinkedHashMap<>();
        for (JsonNode g : records) {
            Long school = schoolId(text(g, "schoolNumber"));
            Integer year = schoolYear(text(g, "schoolYear"));
            String course = text(g, "courseCode");
            String sectionId = text(g, "sectionId");
            String term = text(g, "term");
            if (school == null || year == null || course == null || course.length() > 60 || sectionId == null
                    || sectionId.length() > 255 || term == null || term.length() > 60) {
                set.leaveOut("grades", "the grade's school, school year, course, section or term is missing or too long for DS 5");
                continue;
            }
            byTerm.computeIfAbsent(EdFiSet.key(school, year, course, sectionId, term), k -> new ArrayList<>()).add(g);
        }
        for (List<JsonNode> marks : byTerm.values()) {
            grade(marks);
        }
    }

    private void grade(List<JsonNode> marks) {
        JsonNode first = marks.get(0);
        long school = schoolId(text(first, "schoolNumber"));
        int year = schoolYear(text(first, "schoolYear"));
        String course = text(first, "courseCode");
        String sectionId = text(first, "sectionId");
        String term = text(first, "term");
        school(school, text(first, "schoolName"));
        String courseTitle = null;
        for (JsonNode m : marks) {
            if (text(m, "standard") == null && text(m, "courseTitle") != null) {
                courseTitle = text(m, "courseTitle");
            }
        }
        String sessionName = session(school, year);
        course(school, course, courseTitle != null ? courseTitle : strandless(text(first, "courseTitle")));
        String section = section(school, year, sessionName, course, sectionId, courseTitle);
        String period = gradingPeriod(school, year, term);
        sectionCourses.computeIfAbsent(EdFiSet.key(school, year, sectionId), k -> new LinkedHashSet<>()).add(course);
        for (JsonNode m : marks) {
            teacherOfRecord(school, year, sessionName, course, sectionId, text(m, "teacherCactusId"));
        }

        ObjectNode out = NODES.objectNode();
        List<String> refs = new ArrayList<>(List.of(section, period));
        ObjectNode association = out.putObject("studentSectionAssociationReference");
        association.put("beginDate", set.get("studentSectionAssociations", section.substring(section.indexOf('|') + 1))
                .body().get("beginDate").asText());
        association.put("localCourseCode", course);
        association.put("schoolId", school);
        association.put("schoolYear", year);
        association.put("sectionIdentifier", sectionId);
        association.put("sessionName", sessionName);
        association.put("studentUniqueId", ssid);
        ObjectNode periodRef = out.putObject("gradingPeriodReference");
        periodRef.put("gradingPeriodDescriptor", gradingPeriodDescriptor(term, new ArrayList<>()));
        periodRef.put("gradingPeriodName", term);
        periodRef.put("schoolId", school);
        periodRef.put("schoolYear", year);
        out.put("gradeTypeDescriptor", ED_FI + "GradeTypeDescriptor#Grading Period");
        Set<String> standards = new LinkedHashSet<>();
        ArrayNode standardGrades = NODES.arrayNode();
        for (JsonNode m : marks) {
            String mark = text(m, "mark");
            String standard = text(m, "standard");
            if (mark == null || mark.length() > 20) {
                set.leaveOut("grades", "the mark is blank or longer than DS 5's 20 characters");
            } else if (standard == null) {
                if (out.has("letterGradeEarned")) {
                    set.leaveOut("grades", "a second course mark for the same section and term");
                } else {
                    out.put("letterGradeEarned", mark);
                }
            } else {
                String standardId = learningStandard(school, year, course, standard, m);
                if (!standards.add(standardId)) {
                    set.leaveOut("grades", "a second mark for the same standard, section and term");
                    continue;
                }
                refs.add(EdFiSet.ref("learningStandards", standardId));
                ObjectNode standardGrade = standardGrades.addObject();
                standardGrade.putObject("learningStandardReference").put("learningStandardId", standardId);
                standardGrade.put("letterGradeEarned", mark);
            }
        }
        if (!standardGrades.isEmpty()) {
            out.set("learningStandardGrades", standardGrades);
        }
        if (!out.has("letterGradeEarned") && standardGrades.isEmpty()) {
            return;
        }
        set.add(new EdFiSet.Item("grades", EdFiSet.key(section, period), out, refs),
                "a second grade for the same section and term");
    }

    /** The school year's session at the school; its name. */
    private String session(long school, int year) {
        String name = (year - 1) + "-" + year;
        String key = EdFiSet.key(school, year, name);
        if (!set.has("sessions", key)) {
            ObjectNode out = NODES.objectNode();
            out.put("sessionName", name);
            out.putObject("schoolReference").put("schoolId", school);
            out.putObject("schoolYearTypeReference").put("schoolYear", year);
            out.put("termDescriptor", ED_FI + "TermDescriptor#Year Round");
            out.put("beginDate", (year - 1) + "-07-01");
            out.put("endDate", year + "-06-30");
            out.put("totalInstructionalDays", membershipDays.getOrDefault(EdFiSet.key(school, year), 0L));
            out.putArray("gradingPeriods");
            set.add(new EdFiSet.Item("sessions", key, out, new ArrayList<>(List.of(EdFiSet.ref("schools", school)))), "");
        }
        return name;
    }

    private String gradingPeriod(long school, int year, String term) {
        List<String> refs = new ArrayList<>(List.of(EdFiSet.ref("schools", school)));
        String descriptor = gradingPeriodDescriptor(term, refs);
        String key = EdFiSet.key(descriptor, term, school, year);
        if (!set.has("gradingPeriods", key)) {
            ObjectNode out = NODES.objectNode();
            out.put("gradingPeriodDescriptor", descriptor);
            out.put("gradingPeriodName", term);
            out.putObject("schoolReference").put("schoolId", school);
            out.putObject("schoolYearTypeReference").put("schoolYear", year);
            out.put("beginDate", (year - 1) + "-07-01");
            out.put("endDate", year + "-06-30");
            out.put("totalInstructionalDays", 0);
            set.add(new EdFiSet.Item("gradingPeriods", key, out, refs), "");
            EdFiSet.Item session = set.get("sessions", EdFiSet.key(school, year, (year - 1) + "-" + year));
            ObjectNode ref = ((ArrayNode) session.body().get("gradingPeriods")).addObject().putObject("gradingPeriodReference");
            ref.put("gradingPeriodDescriptor", descriptor);
            ref.put("gradingPeriodName", term);
            ref.put("schoolId", school);
            ref.put("schoolYear", year);
            session.refs().add(EdFiSet.ref("gradingPeriods", key));
        }
        return EdFiSet.ref("gradingPeriods", key);
    }

    /** "S1", "Q3 Progress 2": the first letter and digit name the kind of term Ed-Fi has a descriptor for. */
    private String gradingPeriodDescriptor(String term, List<String> refs) {
        if (term.length() >= 2 && TERM_KINDS.containsKey(Character.toUpperCase(term.charAt(0)))
                && Character.isDigit(term.charAt(1)) && (term.length() == 2 || term.charAt(2) == ' ')) {
            int n = term.charAt(1) - '1';
            char kind = Character.toUpperCase(term.charAt(0));
            int max = kind == 'Q' ? 4 : kind == 'S' ? 2 : 3;
            if (n >= 0 && n < max) {
                return ED_FI + "GradingPeriodDescriptor#" + ORDINALS.get(n) + " " + TERM_KINDS.get(kind);
            }
        }
        return utahDescriptor("gradingPeriodDescriptors", "GradingPeriodDescriptor", term, refs);
    }

    private void course(long school, String code, String title) {
        String key = EdFiSet.key(code, school);
        if (set.has("courses", key) || title == null) {
            return;
        }
        ObjectNode out = NODES.objectNode();
        out.put("courseCode", code);
        out.putObject("educationOrganizationReference").put("educationOrganizationId", school);
        out.put("courseTitle", limit(title, 60));
        out.put("numberOfParts", 1);
        ObjectNode id = out.putArray("identificationCodes").addObject();
        id.put("courseIdentificationSystemDescriptor", ED_FI + "CourseIdentificationSystemDescriptor#State course code");
        id.put("identificationCode", code);
        set.add(new EdFiSet.Item("courses", key, out, new ArrayList<>(List.of(EdFiSet.ref("schools", school)))), "");
    }

    /** The course offering, section and the student's association with it; the association's reference. */
    private String section(long school, int year, String sessionName, String course, String sectionId, String title) {
        String offering = EdFiSet.key(course, school, year, sessionName);
        if (!set.has("courseOfferings", offering)) {
            ObjectNode out = NODES.objectNode();
            out.put("localCourseCode", course);
            out.putObject("courseReference").put("courseCode", course).put("educationOrganizationId", school);
            out.putObject("schoolReference").put("schoolId", school);
            out.putObject("sessionReference").put("schoolId", school).put("schoolYear", year).put("sessionName", sessionName);
            if (title != null) {
                out.put("localCourseTitle", limit(title, 60));
            }
            set.add(new EdFiSet.Item("courseOfferings", offering, out, new ArrayList<>(List.of(
                    EdFiSet.ref("courses", course, school), EdFiSet.ref("schools", school),
                    EdFiSet.ref("sessions", school, year, sessionName)))), "");
        }
        String section = EdFiSet.key(sectionId, course, school, year, sessionName);
        if (!set.has("sections", section)) {
            ObjectNode out = NODES.objectNode();
            out.put("sectionIdentifier", sectionId);
            out.putObject("courseOfferingReference").put("localCourseCode", course).put("schoolId", school)
                    .put("schoolYear", year).put("sessionName", sessionName);
            set.add(new EdFiSet.Item("sections", section, out,
                    new ArrayList<>(List.of(EdFiSet.ref("courseOfferings", offering)))), "");
        }
        if (!set.has("studentSectionAssociations", section)) {
            ObjectNode out = NODES.objectNode();
            out.put("beginDate", entryDates.getOrDefault(EdFiSet.key(school, year), (year - 1) + "-07-01"));
            out.set("sectionReference", sectionReference(school, year, sessionName, course, sectionId));
            out.set("studentReference", studentReference());
            set.add(new EdFiSet.Item("studentSectionAssociations", section, out, new ArrayList<>(List.of(
                    EdFiSet.ref("sections", section), EdFiSet.ref("students", ssid)))), "");
        }
        return EdFiSet.ref("studentSectionAssociations", section);
    }

    /** The teacher a grade names, as the section's teacher of record from the session's first day. */
    private void teacherOfRecord(long school, int year, String sessionName, String course, String sectionId, String teacher) {
        if (teacher == null) {
            return;
        }
        String section = EdFiSet.key(sectionId, course, school, year, sessionName);
        String key = EdFiSet.key(teacher, section);
        if (set.has("staffSectionAssociations", key)) {
            return;
        }
        ObjectNode out = NODES.objectNode();
        out.put("beginDate", (year - 1) + "-07-01");
        out.put("classroomPositionDescriptor", ED_FI + "ClassroomPositionDescriptor#Teacher of Record");
        out.set("sectionReference", sectionReference(school, year, sessionName, course, sectionId));
        out.putObject("staffReference").put("staffUniqueId", teacher);
        set.add(new EdFiSet.Item("staffSectionAssociations", key, out, new ArrayList<>(List.of(
                EdFiSet.ref("sections", section), EdFiSet.ref("staffs", teacher)))), "");
    }

    private static ObjectNode sectionReference(long school, int year, String sessionName, String course, String sectionId) {
        ObjectNode ref = NODES.objectNode();
        ref.put("localCourseCode", course);
        ref.put("schoolId", school);
        ref.put("schoolYear", year);
        ref.put("sectionIdentifier", sectionId);
        ref.put("sessionName", sessionName);
        return ref;
    }

    private String learningStandard(long school, int year, String course, String standard, JsonNode mark) {
        String plain = course + " " + standard;
        String id = plain.length() <= 60 ? plain : course + " " + fingerprint(standard).substring(0, 16);
        EdFiSet.Item existing = set.get("learningStandards", id);
        String level = gradeLevels.getOrDefault(EdFiSet.key(school, year), gradeLevels.get(Integer.toString(year)));
        if (existing == null) {
            ObjectNode out = NODES.objectNode();
            List<String> refs = new ArrayList<>();
            out.put("learningStandardId", id);
            out.put("namespace", LEARNING_STANDARD_NAMESPACE);
            String title = text(mark, "courseTitle");
            out.put("description", limit(title != null && title.endsWith(standard) ? title : standard, 1024));
            out.putObject("contentStandard").put("title", "Utah standards-based report card");
            String subject = strandless(title);
            out.putArray("academicSubjects").addObject().put("academicSubjectDescriptor",
                    academicSubjectDescriptor(List.of(subject != null ? subject : course), refs));
            out.putArray("gradeLevels");
            existing = new EdFiSet.Item("learningStandards", id, out, refs);
            set.add(existing, "");
        }
        if (level != null) {
            ArrayNode levels = (ArrayNode) existing.body().get("gradeLevels");
            String descriptor = gradeLevelDescriptor(level, existing.refs());
            boolean known = false;
            for (JsonNode l : levels) {
                known |= descriptor.equals(l.path("gradeLevelDescriptor").asText());
            }
            if (!known) {
                levels.addObject().put("gradeLevelDescriptor", descriptor);
            }
        }
        return id;
    }

    /** Section attendance: Ed-Fi's events need a date each, so a section's totals go on the association. */
    private void attendance(JsonNode a) {
        Long school = schoolId(text(a, "schoolNumber"));
        Integer year = schoolYear(text(a, "schoolYear"));
        String sectionId = text(a, "sectionId");
        Set<String> courses = school == null || year == null || sectionId == null ? Set.of()
                : sectionCourses.getOrDefault(EdFiSet.key(school, year, sectionId), Set.of());
        if (courses.size() != 1) {
            set.leaveOut("studentSectionAssociations", "section attendance: "
                    + (courses.isEmpty() ? "no grade names the section's course" : "grades of several courses share the section"));
            return;
        }
        String key = EdFiSet.key(sectionId, courses.iterator().next(), school, year, (year - 1) + "-" + year);
        ObjectNode association = set.get("studentSectionAssociations", key).body();
        if (association.has("_ext")) {
            set.leaveOut("studentSectionAssociations", "section attendance: a second total for the section");
            return;
        }
        ObjectNode totals = association.putObject("_ext").putObject("ut");
        for (String field : List.of("membershipDays", "daysAttended", "excusedAbsences", "unexcusedAbsences",
                "suspensionAbsences")) {
            JsonNode days = a.get(field);
            if (days != null && days.canConvertToInt()) {
                totals.put(field, days.asInt());
            }
        }
    }

    // ------------------------------------------------------------------ transcripts

    private void courseTranscript(JsonNode h) {
        Long school = schoolId(text(h, "schoolNumber"));
        Integer year = schoolYear(text(h, "schoolYear"));
        String course = text(h, "courseCode");
        String result = attemptResult(h);
        if (school == null || year == null || course == null || course.length() > 60) {
            set.leaveOut("courseTranscripts", "the course history lacks a school, school year or course");
            return;
        }
        if (result == null) {
            set.leaveOut("courseTranscripts", "the Backpack gives no mark or credit to tell pass from fail");
            return;
        }
        school(school, text(h, "schoolName"));
        course(school, course, text(h, "courseTitle"));
        String record = EdFiSet.key(school, year);
        if (!set.has("studentAcademicRecords", record)) {
            ObjectNode out = NODES.objectNode();
            out.putObject("educationOrganizationReference").put("educationOrganizationId", school);
            out.putObject("schoolYearTypeReference").put("schoolYear", year);
            out.set("studentReference", studentReference());
            out.put("termDescriptor", ED_FI + "TermDescriptor#Year Round");
            set.add(new EdFiSet.Item("studentAcademicRecords", record, out, new ArrayList<>(List.of(
                    EdFiSet.ref("schools", school), EdFiSet.ref("students", ssid)))), "");
        }
        ObjectNode out = NODES.objectNode();
        List<String> refs = new ArrayList<>(List.of(EdFiSet.ref("courses", course, school),
                EdFiSet.ref("studentAcademicRecords", record)));
        out.put("courseAttemptResultDescriptor", ED_FI + "CourseAttemptResultDescriptor#" + result);
        out.putObject("courseReference").put("courseCode", course).put("educationOrganizationId", school);
        ObjectNode recordRef = out.putObject("studentAcademicRecordReference");
        recordRef.put("educationOrganizationId", school);
        recordRef.put("schoolYear", year);
        recordRef.put("studentUniqueId", ssid);
        recordRef.put("termDescriptor", ED_FI + "TermDescriptor#Year Round");
        String title = text(h, "courseTitle");
        if (title != null) {
            out.put("courseTitle", limit(title, 60));
        }
        String mark = text(h, "finalMark");
        if (mark != null && mark.length() <= 20) {
            out.put("finalLetterGradeEarned", mark);
        }
        JsonNode credits = h.get("creditsEarned");
        if (credits != null && credits.isNumber()) {
            out.put("earnedCredits", credits.decimalValue());
        }
        String level = text(h, "gradeLevel");
        if (level != null) {
            out.put("whenTakenGradeLevelDescriptor", gradeLevelDescriptor(level, refs));
        }
        set.add(new EdFiSet.Item("courseTranscripts", EdFiSet.key(result, course, school, year), out, refs),
                "a second transcript of the course with the same result in the same school year");
    }

    /**
     * Pass when credit was earned or the mark is a passing one, Fail on a failing mark, Incomplete or
     * Withdrawn when the mark says so; otherwise null (the transcript is left out rather than guessed).
     */
    static String attemptResult(JsonNode h) {
        JsonNode credits = h.get("creditsEarned");
        if (credits != null && credits.isNumber() && credits.doubleValue() > 0) {
            return "Pass";
        }
        String mark = text(h, "finalMark");
        if (mark == null) {
            return null;
        }
        String m = mark.trim().toUpperCase();
        if (List.of("F", "NC", "U", "E").contains(m)) {
            return "Fail";
        }
        if (m.matches("[ABCD][+-]?") || m.equals("P") || m.equals("CR")) {
            return "Pass";
        }
        return m.equals("I") ? "Incomplete" : m.equals("W") ? "Withdrawn" : null;
    }

    // ------------------------------------------------------------------ assessments and staff

    private void studentAssessment(JsonNode a) {
        String test = text(a, "testName");
        String subject = text(a, "subject");
        String date = date(text(a, "testDate"));
        if (test == null || subject == null) {
            set.leaveOut("studentAssessments", "the result names no test or subject");
            return;
        }
        String title = test + " " + subject;
        String assessmentId = title.length() <= 60 ? title : test.substring(0, Math.min(test.length(), 40)) + " "
                + fingerprint(title).substring(0, 16);
        if (!set.has("assessments", EdFiSet.key(assessmentId, ASSESSMENT_NAMESPACE))) {
            ObjectNode out = NODES.objectNode();
            List<String> refs = new ArrayList<>();
            out.put("assessmentIdentifier", assessmentId);
            out.put("namespace", ASSESSMENT_NAMESPACE);
            out.put("assessmentTitle", limit(title, 255));
            out.put("assessmentFamily", limit(test, 60));
            out.putArray("academicSubjects").addObject().put("academicSubjectDescriptor",
                    academicSubjectDescriptor(List.of(strandless(subject), test), refs));
            set.add(new EdFiSet.Item("assessments", EdFiSet.key(assessmentId, ASSESSMENT_NAMESPACE), out, refs), "");
        }
        ObjectNode out = NODES.objectNode();
        List<String> refs = new ArrayList<>(List.of(EdFiSet.ref("assessments", assessmentId, ASSESSMENT_NAMESPACE),
                EdFiSet.ref("students", ssid)));
        String id = ssid + "-" + fingerprint(a.toString()).substring(0, 20);
        out.put("studentAssessmentIdentifier", id);
        out.putObject("assessmentReference").put("assessmentIdentifier", assessmentId).put("namespace", ASSESSMENT_NAMESPACE);
        out.set("studentReference", studentReference());
        Integer year = schoolYear(text(a, "schoolYear"));
        if (year != null) {
            out.putObject("schoolYearTypeReference").put("schoolYear", year);
        }
        if (date != null) {
            out.put("administrationDate", LocalDate.parse(date).atStartOfDay(Sis.UTAH_TIME).format(DATE_TIME));
        }
        String level = text(a, "gradeLevel");
        if (level != null) {
            out.put("whenAssessedGradeLevelDescriptor", gradeLevelDescriptor(level, refs));
        }
        JsonNode score = a.get("scaleScore");
        if (score != null && score.isValueNode() && !score.isNull() && !score.asText().isBlank()
                && score.asText().length() <= 35) {
            ObjectNode result = out.putArray("scoreResults").addObject();
            result.put("assessmentReportingMethodDescriptor", ED_FI + "AssessmentReportingMethodDescriptor#Scale score");
            result.put("resultDatatypeTypeDescriptor", ED_FI + "ResultDatatypeTypeDescriptor#"
                    + (score.isIntegralNumber() || score.asText().matches("-?\\d+") ? "Integer" : "Decimal"));
            result.put("result", score.asText());
        }
        String label = text(a, "proficiencyLabel");
        String levelName = text(a, "proficiencyLevel");
        if (label != null || levelName != null) {
            ObjectNode performance = out.putArray("performanceLevels").addObject();
            performance.put("assessmentReportingMethodDescriptor",
                    ED_FI + "AssessmentReportingMethodDescriptor#Proficiency level");
            performance.put("performanceLevelDescriptor", utahDescriptor("performanceLevelDescriptors",
                    "PerformanceLevelDescriptor", label != null ? label : levelName, refs));
            if (levelName != null && levelName.length() <= 60) {
                performance.put("performanceLevelIndicatorName", levelName);
            }
        }
        set.add(new EdFiSet.Item("studentAssessments", EdFiSet.key(id, assessmentId, ssid), out, refs),
                "the same result twice");
    }

    private void staff(JsonNode t) {
        String id = text(t, "cactusId");
        String first = text(t, "firstName");
        String last = text(t, "lastName");
        int licenses = t.path("licenses").size();
        for (int i = 0; i < licenses; i++) {
            set.leaveOut("credentials", "DS 5 requires an issuance date, which CACTUS does not give");
        }
        if (id == null || id.length() > 32 || first == null || last == null) {
            set.leaveOut("staffs", "the teacher has no CACTUS id or name");
            return;
        }
        ObjectNode out = NODES.objectNode();
        out.put("staffUniqueId", id);
        out.put("firstName", limit(first, 75));
        out.put("lastSurname", limit(last, 75));
        JsonNode years = t.get("yearsExperience");
        if (years != null && years.isNumber()) {
            out.put("yearsOfPriorTeachingExperience", years.decimalValue());
        }
        set.add(new EdFiSet.Item("staffs", id, out, new ArrayList<>()), "a second teacher with the CACTUS id");
    }

    // ------------------------------------------------------------------ descriptors and values

    private String gradeLevelDescriptor(String level, List<String> refs) {
        String standard = GRADE_LEVELS.get(level.trim().toUpperCase());
        return standard != null ? ED_FI + "GradeLevelDescriptor#" + standard
                : utahDescriptor("gradeLevelDescriptors", "GradeLevelDescriptor", level, refs);
    }

    /**
     * The Ed-Fi academic subject the first of these names ("Grade 3 Mathematics", "Mathematics 7", "Acadience
     * Reading") contains; otherwise a Utah subject named by the first, without its grade.
     */
    private String academicSubjectDescriptor(List<String> names, List<String> refs) {
        for (String name : names) {
            if (name == null) {
                continue;
            }
            for (String subject : SUBJECTS) {
                if ((" " + name + " ").contains(" " + subject + " ")) {
                    return ED_FI + "AcademicSubjectDescriptor#" + subject;
                }
            }
            if ((" " + name + " ").matches(".* (Math|English) .*")) {
                return ED_FI + "AcademicSubjectDescriptor#" + (name.contains("Math") ? "Mathematics" : "English Language Arts");
            }
        }
        String own = names.get(0).replaceFirst("^(Kindergarten|Grade \\d+|Pre-?K(indergarten)?) ", "")
                .replaceFirst(" (\\d+|K)$", "");
        return utahDescriptor("academicSubjectDescriptors", "AcademicSubjectDescriptor", own, refs);
    }

    /**
     * A Utah descriptor: its URI, exported once as a descriptor item, and referred to by the item that uses it.
     * A value longer than DS 5's 50-character code is not exported, so the items using it are left out.
     */
    private String utahDescriptor(String resource, String descriptor, String value, List<String> refs) {
        String namespace = UTAH + descriptor;
        refs.add(EdFiSet.ref(resource, namespace, value));
        if (value.length() <= 50 && !set.has(resource, EdFiSet.key(namespace, value))) {
            ObjectNode out = NODES.objectNode();
            out.put("codeValue", value);
            out.put("namespace", namespace);
            out.put("shortDescription", limit(value, 75));
            set.add(new EdFiSet.Item(resource, EdFiSet.key(namespace, value), out, new ArrayList<>()), "");
        }
        return namespace + "#" + value;
    }

    private ObjectNode studentReference() {
        return NODES.objectNode().put("studentUniqueId", ssid);
    }

    /** "Mathematics: Number Sense" is a standard of the subject Mathematics. */
    private static String strandless(String title) {
        if (title == null) {
            return null;
        }
        int colon = title.indexOf(": ");
        return colon > 0 ? title.substring(0, colon) : title;
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

    /** Ed-Fi school ids are integers: a school number that is not one cannot be exported. */
    static Long schoolId(String number) {
        return number != null && number.trim().matches("\\d{1,18}") ? Long.valueOf(number.trim()) : null;
    }

    /** The date as ISO yyyy-mm-dd, or null when it is not one. */
    static String date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim()).toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull() || !value.isValueNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    static String fingerprint(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
