package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Invents a student's Backpack document (DESIGN §6) the way UTREx would assemble it from every school's
 * submissions. Deterministic: everything is seeded from the SSID (and the LEA number for schools and
 * teachers), so the same student and day give the same document apart from {@code generatedAt}.
 */
public final class BackpackGenerator {

    /** The arrays of a document, in document order; their lengths add up to its record count. */
    public static final List<String> ELEMENTS = List.of(
            "enrollments", "courseGrades", "courseHistory", "sectionAttendance", "teachers", "assessments");

    private BackpackGenerator() {
    }

    public static ObjectNode generate(SimulatedStudent s, LocalDate today) {
        return generate(s, today, Instant.now());
    }

    /** As {@link #generate(SimulatedStudent, LocalDate)}, stamped with the given instant. */
    public static ObjectNode generate(SimulatedStudent s, LocalDate today, Instant generatedAt) {
        return generate(s, today, generatedAt, List.of());
    }

    /**
     * As {@link #generate(SimulatedStudent, LocalDate, Instant)} for an LEA some of whose schools are the
     * SIS's ({@code schools}): the student's current school is the SIS's school for the current grade.
     */
    public static ObjectNode generate(SimulatedStudent s, LocalDate today, Instant generatedAt,
                                      List<SimulatedSchool> schools) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Lea district = Lea.district(s.leaNumber(), s.leaName(), schools);
        Profile profile = Profile.of(s, Dice.of(s.ssid(), "profile"));
        List<History.Year> years = History.plan(s, today, district, Dice.of(s.ssid(), "history"));

        // The document's outline is written out here, not taken from the plugin (whose BackpackMapper writes the
        // same outline from Ed-Fi records): the simulator stands for the state, so a name the plugin got wrong must
        // not be copied into what the state sends, and the host's jar does not carry the plugin's classes.
        // ElementCatalogConsistencyTest holds this outline to the plugin's catalog instead.
        ObjectNode doc = f.objectNode();
        doc.put("ssid", s.ssid());
        doc.put("generatedAt", generatedAt.truncatedTo(ChronoUnit.SECONDS).toString());
        ObjectNode student = doc.putObject("student");
        ArrayNode enrollments = doc.putArray("enrollments");
        ArrayNode grades = doc.putArray("courseGrades");
        ArrayNode history = doc.putArray("courseHistory");
        ArrayNode attendance = doc.putArray("sectionAttendance");
        ArrayNode teachersSlot = doc.putArray("teachers");
        ArrayNode assessments = doc.putArray("assessments");

        TeacherRoster roster = new TeacherRoster(today);
        Coursework coursework = new Coursework(s, profile, today, roster, grades, history, attendance);
        Assessments tests = new Assessments(assessments, s, profile, today);
        for (History.Year year : years) {
            year.stints().forEach(st -> enrollment(enrollments, st));
            coursework.add(year);
            tests.add(year);
        }
        teachersSlot.addAll(roster.toJson(f));
        fillStudent(student, s, profile, tests.englishLearner(), years.get(years.size() - 1));
        // a data element the state holds nothing of is sent, as UTREx does, as an empty array
        s.blankFields().stream().filter(ELEMENTS::contains).forEach(doc::putArray);
        return doc;
    }

    /** Total rows across the document's arrays. */
    public static int recordCount(ObjectNode doc) {
        int n = 0;
        for (String element : ELEMENTS) {
            n += doc.path(element).size();
        }
        return n;
    }

    /** "PK", "K", "1".."12". */
    static String gradeLevel(int grade) {
        return grade < 0 ? "PK" : grade == 0 ? "K" : Integer.toString(grade);
    }

    private static void enrollment(ArrayNode enrollments, History.Stint st) {
        ObjectNode row = enrollments.addObject()
                .put("leaNumber", st.school().leaNumber())
                .put("leaName", st.school().leaName())
                .put("schoolNumber", st.school().number())
                .put("schoolName", st.school().name())
                .put("schoolYear", st.schoolYear())
                .put("gradeLevel", gradeLevel(st.grade()))
                .put("entryDate", st.entry().toString());
        if (st.exit() == null) {
            row.putNull("exitDate");
        } else {
            row.put("exitDate", st.exit().toString());
        }
    }

    private static void fillStudent(ObjectNode node, SimulatedStudent s, Profile p, boolean englishLearner,
                                    History.Year current) {
        node.put("ssid", s.ssid())
                .put("firstName", s.firstName());
        if (s.middleName() == null) {
            node.putNull("middleName");
        } else {
            node.put("middleName", s.middleName());
        }
        node.put("lastName", s.lastName())
                .put("birthDate", s.birthDate().toString())
                .put("gender", s.gender())
                .put("raceEthnicity", p.raceEthnicity())
                .put("primaryLanguage", p.primaryLanguage())
                .put("englishLearner", englishLearner)
                .put("specialEducation", p.specialEducation())
                .put("section504", p.section504())
                .put("homeLanguage", p.homeLanguage())
                .put("currentGradeLevel", gradeLevel(s.currentGrade()))
                .put("currentSchoolName", current.last().school().name());
        s.blankFields().stream().filter(field -> !ELEMENTS.contains(field)).forEach(node::putNull);
    }
}
