package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes courseGrades, courseHistory and sectionAttendance year by year. Every mark names its section
 * and teacher; history sums the term credits; attendance is counted on the LEA's calendar so that
 * membership = attended + excused + unexcused + suspension.
 */
final class Coursework {

    private static final String[] LETTERS = {"F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A"};
    private static final double[] LETTER_FLOOR = {0, 0.5, 0.85, 1.15, 1.5, 1.85, 2.15, 2.5, 2.85, 3.15, 3.5, 3.85};
    private static final int SLOTS = 3;

    /** A class the student sat in, at one school in one school year. */
    private record Section(String id, String courseTitle, TeacherRoster.Teacher teacher, History.Stint stint) {
    }

    private final SimulatedStudent student;
    private final Profile profile;
    private final LocalDate today;
    private final TeacherRoster roster;
    private final boolean large;
    private final ArrayNode grades;
    private final ArrayNode history;
    private final ArrayNode attendance;
    private final Set<String> taken = new HashSet<>();

    Coursework(SimulatedStudent student, Profile profile, LocalDate today, TeacherRoster roster,
               ArrayNode grades, ArrayNode history, ArrayNode attendance) {
        this.student = student;
        this.profile = profile;
        this.today = today;
        this.roster = roster;
        this.large = student.size() == SimulatedStudent.Size.VERY_LARGE;
        this.grades = grades;
        this.history = history;
        this.attendance = attendance;
    }

    void add(History.Year year) {
        Dice dice = Dice.of(student.ssid(), "coursework", year.label());
        if (year.grade() < 0) {
            year.stints().forEach(st -> attend(section(st, "PK", "Preschool", "PK", null, dice, null), dice));
        } else if (year.grade() <= 6) {
            year.stints().forEach(st -> elementary(st, dice));
        } else {
            secondary(year, dice);
        }
    }

    // ---------------------------------------------------------------- elementary

    private void elementary(History.Stint st, Dice dice) {
        int g = st.grade();
        Section homeroom = section(st, "HR" + g, (g == 0 ? "Kindergarten" : "Grade " + g) + " Homeroom",
                "HR" + g, null, dice, null);
        attend(homeroom, dice);
        if (!large && g >= 1) {
            // Specials are scheduled as sections of their own, so they have attendance but no marks here.
            attend(section(st, "E_PE", "Physical Education", "PE", null, dice, null), dice);
            attend(section(st, "E_ARTS", "Art and Music", "ART", null, dice, null), dice);
        }
        if (large) {
            standardsCard(st, homeroom, dice);
        } else if (st.lea().elementaryMarks()) {
            for (Catalog.Subject subject : Catalog.ELEMENTARY_CORE) {
                double effect = dice.normal() * 0.3;
                for (int term : endedTerms(st)) {
                    elementaryMark(st, term, subject.code(g), subject.title(g), homeroom, null, effect, dice);
                }
            }
        }
    }

    /** Standards-based report card: every strand of every subject each term, specials marked by specialists. */
    private void standardsCard(History.Stint st, Section homeroom, Dice dice) {
        int g = st.grade();
        Map<String, Section> specials = new LinkedHashMap<>();
        specials.put("Fine Arts", section(st, "E_ARTS", "Art and Music", "ART", null, dice, null));
        specials.put("Physical Education", section(st, "E_PE", "Physical Education", "PE", null, dice, null));
        specials.put("Library", section(st, "E_LIBRARY", "Library", "LIB", null, dice, null));
        if (profile.englishLearner()) {
            specials.put("ESL", section(st, "E_ESL", "English Language Development", "ELD", null, dice, null));
        }
        specials.values().forEach(s -> attend(s, dice));
        List<Catalog.Subject> subjects = new ArrayList<>(Catalog.ELEMENTARY_CORE);
        subjects.addAll(Catalog.ELEMENTARY_SPECIALS);
        for (Catalog.Subject subject : subjects) {
            Section by = specials.getOrDefault(subject.title(), "Health".equals(subject.title())
                    ? specials.get("Physical Education") : homeroom);
            for (String strand : subject.strands()) {
                double effect = dice.normal() * 0.3;
                for (int term : endedTerms(st)) {
                    elementaryMark(st, term, subject.code(g), subject.title(g) + ": " + strand, by, strand, effect, dice);
                }
            }
        }
    }

    private void elementaryMark(History.Stint st, int term, String code, String title, Section section,
                                String standard, double effect, Dice dice) {
        long level = Math.round(2.9 + 0.6 * profile.ability() + effect + 0.35 * dice.normal());
        ObjectNode row = gradeRow(st, term, code, title, section, Long.toString(Math.max(1, Math.min(4, level))), 0);
        if (standard != null) {
            row.put("standard", standard);
        }
    }

    // ---------------------------------------------------------------- secondary

    private void secondary(History.Year year, Dice dice) {
        List<Catalog.Course> courses = schedule(year.grade(), dice);
        Map<Catalog.Course, double[]> termPoints = new LinkedHashMap<>();
        Map<Catalog.Course, Double> credits = new LinkedHashMap<>();
        for (History.Stint st : year.stints()) {
            int period = 1;
            for (Catalog.Course course : courses) {
                String role = course.dept().name();
                Section section = section(st, role, course.title(), course.code(), course, dice,
                        String.format("%02d", period++));
                attend(section, dice);
                double effect = dice.normal() * 0.4;
                for (int term : endedTerms(st)) {
                    double points = points(effect, dice);
                    double attempted = creditsPerTerm(st);
                    String mark = letter(points);
                    double earned = "F".equals(mark) ? 0 : attempted;
                    gradeRow(st, term, course.code(), course.title(), section, mark, attempted).put("creditsEarned", earned);
                    termPoints.merge(course, new double[]{points, 1}, (a, b) -> new double[]{a[0] + b[0], a[1] + b[1]});
                    credits.merge(course, earned, Double::sum);
                    if (large) {
                        progressAndStandards(st, term, course, section, effect, dice);
                    }
                }
            }
        }
        if (complete(year)) {
            History.Stint last = year.last();
            termPoints.forEach((course, sum) -> historyRow(year, last, course, letter(sum[0] / sum[1]),
                    credits.getOrDefault(course, 0.0)));
        }
    }

    /** Required courses for the grade, concurrent enrollment for some juniors and seniors, then electives. */
    private List<Catalog.Course> schedule(int grade, Dice dice) {
        int periods = large ? 9 : dice.between(7, 8);
        List<Catalog.Course> result = new ArrayList<>(Catalog.required(grade));
        int concurrent = !profile.concurrentStudent() || grade < 11 ? 0 : large ? 2 : grade == 11 ? 1 : dice.between(1, 2);
        addSome(result, Catalog.concurrent(grade), concurrent, dice);
        if (profile.ensemble() != null) {
            Catalog.SECONDARY.stream().filter(c -> c.code().equals(profile.ensemble())).findFirst().ifPresent(result::add);
        }
        List<Catalog.Course> electives = new ArrayList<>();
        for (Catalog.Course c : Catalog.electives(grade)) {
            boolean ready = c.prerequisite() == null || taken.contains(c.prerequisite());
            if (ready && (c.repeatable() ? profile.ensemble() == null : !taken.contains(c.code()))) {
                electives.add(c);
            }
        }
        addSome(result, electives, periods - result.size(), dice);
        result.forEach(c -> taken.add(c.code()));
        return result;
    }

    private static void addSome(List<Catalog.Course> into, List<Catalog.Course> pool, int count, Dice dice) {
        List<Catalog.Course> left = new ArrayList<>(pool);
        left.removeAll(into);
        for (int i = 0; i < count && !left.isEmpty(); i++) {
            into.add(left.remove(dice.between(0, left.size() - 1)));
        }
    }

    /**
     * Very large records carry standards-based progress reports: eight checkpoints a year whatever the term
     * scheme, each with a progress mark for the course and a mark per standard.
     */
    private void progressAndStandards(History.Stint st, int term, Catalog.Course course, Section section,
                                      double effect, Dice dice) {
        int checkpoints = 8 / st.terms();
        for (int c = 1; c <= checkpoints; c++) {
            String label = termName(term, st.terms()) + " Progress " + c;
            gradeRow(st, term, course.code(), course.title(), section, letter(points(effect, dice)), 0)
                    .put("term", label);
            for (String strand : Catalog.strands(course.dept())) {
                long level = Math.round(2.9 + 0.6 * profile.ability() + effect + 0.4 * dice.normal());
                gradeRow(st, term, course.code(), course.title() + ": " + strand, section,
                        Long.toString(Math.max(1, Math.min(4, level))), 0)
                        .put("term", label).put("standard", strand);
            }
        }
    }

    private void historyRow(History.Year year, History.Stint last, Catalog.Course course, String finalMark,
                            double creditsEarned) {
        history.addObject()
                .put("schoolYear", year.label())
                .put("gradeLevel", BackpackGenerator.gradeLevel(year.grade()))
                .put("schoolNumber", last.school().number())
                .put("schoolName", last.school().name())
                .put("courseCode", course.code())
                .put("courseTitle", course.title())
                .put("finalMark", finalMark)
                .put("creditsEarned", creditsEarned)
                .put("concurrentEnrollment", course.concurrent());
    }

    private double points(double courseEffect, Dice dice) {
        return 3.0 + 0.55 * profile.ability() + courseEffect + 0.35 * dice.normal();
    }

    static String letter(double points) {
        for (int i = LETTERS.length - 1; i > 0; i--) {
            if (points >= LETTER_FLOOR[i]) {
                return LETTERS[i];
            }
        }
        return LETTERS[0];
    }

    /** High-school credit (grades 9-12): one credit a year for a year-long course, split over its terms. */
    private static double creditsPerTerm(History.Stint st) {
        return st.grade() < 9 ? 0 : 1.0 / st.terms();
    }

    // ---------------------------------------------------------------- shared

    private Section section(History.Stint st, String role, String title, String code, Catalog.Course course,
                            Dice dice, String suffix) {
        int slot = dice.between(0, SLOTS - 1);
        String endorsement = course == null ? null : Catalog.endorsement(course);
        TeacherRoster.Teacher teacher = roster.teach(st.school(), role, endorsement, slot, st.calendar().startYear());
        String id = st.school().number() + "-" + String.format("%02d", st.calendar().startYear() % 100) + "-"
                + code + "-" + (suffix == null ? String.valueOf((char) ('A' + slot)) : suffix);
        return new Section(id, title, teacher, st);
    }

    private ObjectNode gradeRow(History.Stint st, int term, String code, String title, Section section, String mark,
                                double attempted) {
        return grades.addObject()
                .put("schoolYear", st.schoolYear())
                .put("term", termName(term, st.terms()))
                .put("schoolNumber", st.school().number())
                .put("schoolName", st.school().name())
                .put("courseCode", code)
                .put("courseTitle", title)
                .put("sectionId", section.id())
                .put("mark", mark)
                .put("creditsAttempted", attempted)
                .put("creditsEarned", attempted)
                .put("teacherCactusId", section.teacher().cactusId());
    }

    private void attend(Section section, Dice dice) {
        History.Stint st = section.stint();
        LocalDate to = st.lastDay().isBefore(today) ? st.lastDay() : today;
        int membership = st.calendar().count(st.entry(), to);
        if (membership == 0) {
            return;
        }
        Dice stintDice = Dice.of(student.ssid(), "absence", st.schoolYear(), st.school().number());
        int fullDays = (int) Math.min(membership, Math.round(membership * profile.absenceRate()
                * (0.7 + 0.6 * stintDice.unit())));
        int suspension = stintDice.chance(0.04) ? Math.min(fullDays, stintDice.between(1, 3)) : 0;
        int unexcused = (int) Math.round((fullDays - suspension) * (0.15 + 0.3 * stintDice.unit()));
        // Secondary students also miss single periods; those are unexcused for that section only.
        int skipped = st.grade() >= 7 && dice.chance(0.4) ? dice.between(1, 3) : 0;
        skipped = Math.min(skipped, membership - fullDays);
        int excused = fullDays - suspension - unexcused;
        attendance.addObject()
                .put("schoolYear", st.schoolYear())
                .put("schoolNumber", st.school().number())
                .put("schoolName", st.school().name())
                .put("sectionId", section.id())
                .put("courseTitle", section.courseTitle())
                .put("teacherCactusId", section.teacher().cactusId())
                .put("membershipDays", membership)
                .put("daysAttended", membership - fullDays - skipped)
                .put("excusedAbsences", excused)
                .put("unexcusedAbsences", unexcused + skipped)
                .put("suspensionAbsences", suspension);
    }

    /** Terms of this stint whose marks are final: the term ended before today. */
    private List<Integer> endedTerms(History.Stint st) {
        List<Integer> result = new ArrayList<>();
        for (int t = st.firstTerm(); t < st.endTerm(); t++) {
            if (st.calendar().termEnd(t, st.terms()).isBefore(today)) {
                result.add(t);
            }
        }
        return result;
    }

    private boolean complete(History.Year year) {
        return year.last().calendar().lastDay().isBefore(today);
    }

    static String termName(int term, int terms) {
        String prefix = switch (terms) {
            case 2 -> "S";
            case 3 -> "T";
            default -> "Q";
        };
        return prefix + (term + 1);
    }
}
