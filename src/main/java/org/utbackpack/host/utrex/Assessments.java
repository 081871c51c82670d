package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Writes the assessments array: Acadience (K-3, and K-6 with progress monitoring for the very large
 * record), RISE or DLM (3-8), Utah Aspire Plus (9-10), ACT (11) and WIDA ACCESS while an English
 * learner. Scores follow the student's ability; labels follow each test's own scale. The tables (labels,
 * Acadience's windows and benchmark goals per grade, RISE's categories, ACT's benchmarks, WIDA's exit level)
 * are data, in {@code assessments.json} beside this class; how a score is drawn is code.
 */
final class Assessments {

    private static final AssessmentTables TABLES = AssessmentTables.read("assessments.json");

    static final List<String> ACADIENCE_LABELS = TABLES.labels("Acadience");
    static final List<String> RISE_LABELS = TABLES.labels("RISE");
    static final List<String> DLM_LABELS = TABLES.labels("DLM");
    static final List<String> WIDA_LABELS = TABLES.labels("WIDA ACCESS");
    static final List<String> ACT_LABELS = TABLES.labels("ACT");
    /** Utah's exit criterion from English learner services: an overall WIDA level of 4.2. */
    static final double WIDA_EXIT = TABLES.widaExit();

    private static final List<String> WINDOWS = TABLES.windows("name");
    private static final List<Integer> WINDOW_DAY = TABLES.windows("day").stream().map(Integer::valueOf).toList();
    private static final double NONE = AssessmentTables.NONE;

    private static final Map<Integer, List<AssessmentTables.Measure>> READING = TABLES.measures("Acadience Reading");
    private static final Map<Integer, List<AssessmentTables.Measure>> MATH = TABLES.measures("Acadience Math");

    private final ArrayNode out;
    private final Profile profile;
    private final LocalDate today;
    private final boolean large;
    private final String ssid;
    private boolean exitedEnglishLearner;

    Assessments(ArrayNode out, SimulatedStudent student, Profile profile, LocalDate today) {
        this.out = out;
        this.profile = profile;
        this.today = today;
        this.large = student.size() == SimulatedStudent.Size.VERY_LARGE;
        this.ssid = student.ssid();
    }

    /** Whether the student is still an English learner after the years added so far. */
    boolean englishLearner() {
        return profile.englishLearner() && !exitedEnglishLearner;
    }

    void add(History.Year year) {
        int g = year.grade();
        if (g < 0) {
            return;
        }
        Dice dice = Dice.of(ssid, "assessments", year.label());
        SchoolCalendar cal = year.stints().get(0).calendar();
        double ability = profile.ability() + 0.15 * dice.normal();
        if (g <= (large ? 6 : 3)) {
            acadience(year, cal, ability, dice);
        }
        if (g >= 3 && g <= 8) {
            if (profile.alternateAssessment()) {
                dlm(year, cal, dice, List.of("English Language Arts", "Mathematics"));
            } else {
                rise(year, cal, ability, dice);
            }
        }
        if (g == 9 || g == 10) {
            aspirePlus(year, cal, ability, dice);
        }
        if (g == 11 && !profile.alternateAssessment()) {
            act(year, cal, ability, dice);
        }
        if (englishLearner()) {
            wida(year, cal, dice);
        }
    }

    // ---------------------------------------------------------------- Acadience

    private void acadience(History.Year year, SchoolCalendar cal, double ability, Dice dice) {
        for (int w = 0; w < WINDOWS.size(); w++) {
            LocalDate date = cal.day(WINDOW_DAY.get(w) + dice.between(-4, 4));
            benchmark(year, "Acadience Reading", READING.get(year.grade()), w, date, ability, dice);
            benchmark(year, "Acadience Math", MATH.get(year.grade()), w, date.plusDays(dice.between(1, 6)), ability, dice);
        }
        if (large) {
            progressMonitoring(year, cal, ability, dice);
        }
    }

    private void benchmark(History.Year year, String test, List<AssessmentTables.Measure> measures, int window, LocalDate date,
                           double ability, Dice dice) {
        for (AssessmentTables.Measure m : measures) {
            double goal = m.goals()[window];
            if (goal == NONE) {
                continue;
            }
            double score = score(m, goal, ability, dice);
            ObjectNode row = row(year, test, m.name(), date, score, acadienceLevel(score, goal, m.percent()),
                    ACADIENCE_LABELS);
            if (row == null) {
                continue;
            }
            row.put("period", WINDOWS.get(window));
            // The state's feed sometimes carries a component measure's status without its raw score.
            if (!m.name().endsWith("Composite Score") && dice.chance(0.04)) {
                row.putNull("scaleScore");
            }
        }
    }

    /** Every two weeks between benchmarks, the student below benchmark reads a probe and does a computation probe. */
    private void progressMonitoring(History.Year year, SchoolCalendar cal, double ability, Dice dice) {
        int g = year.grade();
        AssessmentTables.Measure reading = g == 0 ? READING.get(0).get(2) : READING.get(g).stream()
                .filter(x -> x.name().startsWith("Oral Reading Fluency - Words")).findFirst()
                .orElse(READING.get(g).get(0));
        AssessmentTables.Measure math = MATH.get(g).stream().filter(x -> x.name().equals("Computation")).findFirst()
                .orElse(MATH.get(g).get(1));
        for (int day = 20; day < 160; day += 10) {
            LocalDate date = cal.day(day);
            int window = day < 92 ? 1 : 2;
            pmProbe(year, "Acadience Reading", reading, window, date, ability, dice);
            pmProbe(year, "Acadience Math", math, window, date.plusDays(1), ability, dice);
        }
    }

    private void pmProbe(History.Year year, String test, AssessmentTables.Measure m, int window, LocalDate date, double ability,
                         Dice dice) {
        double goal = m.goals()[window] != NONE ? m.goals()[window] : m.goals()[2];
        double score = score(m, goal, ability - 0.3, dice);
        ObjectNode row = row(year, test, "Progress Monitoring: " + m.name(), date, score,
                acadienceLevel(score, goal, m.percent()), ACADIENCE_LABELS);
        if (row != null) {
            row.put("period", "Progress Monitoring");
        }
    }

    private static double score(AssessmentTables.Measure m, double goal, double ability, Dice dice) {
        if (m.percent()) {
            return Math.min(100, Math.max(40, Math.round(goal + 4 * ability + 3 * dice.normal())));
        }
        return Math.max(0, Math.round(goal * (1 + 0.25 * ability + 0.12 * dice.normal())));
    }

    private static int acadienceLevel(double score, double goal, boolean percent) {
        double above = percent ? Math.min(100, goal + 3) : goal * 1.2;
        double wellBelow = percent ? goal - 10 : goal * 0.75;
        return score >= above ? 4 : score >= goal ? 3 : score >= wellBelow ? 2 : 1;
    }

    // ---------------------------------------------------------------- RISE, DLM

    private void rise(History.Year year, SchoolCalendar cal, double ability, Dice dice) {
        int g = year.grade();
        LocalDate date = cal.day(150 + dice.between(0, 12));
        riseSubject(year, "English Language Arts", date, ability, dice,
                TABLES.riseCategories("English Language Arts"));
        riseSubject(year, "Mathematics", date.plusDays(2), ability, dice,
                TABLES.riseCategories("Mathematics"));
        if (g >= 4) {
            riseSubject(year, "Science", date.plusDays(4), ability, dice,
                    TABLES.riseCategories("Science"));
        }
        if (g == 5 || g == 8) {
            LocalDate writing = date.minusDays(14);
            riseSubject(year, "Writing", writing, ability, dice, List.of());
            // Writing also reports its rubric scores, which carry no proficiency level of their own.
            row(year, "RISE", "Writing Composition", writing, Math.max(1, Math.min(6,
                    Math.round(3.5 + 1.2 * ability + 0.6 * dice.normal()))), 0, RISE_LABELS);
            row(year, "RISE", "Writing Conventions", writing, Math.max(0.5, Math.min(3,
                    Math.round((1.9 + 0.6 * ability + 0.3 * dice.normal()) * 2) / 2.0)), 0, RISE_LABELS);
        }
    }

    private void riseSubject(History.Year year, String subject, LocalDate date, double ability, Dice dice,
                             List<String> categories) {
        double cut = 300 + 12 * (year.grade() - 3);
        double score = Math.round(cut + 10 + 38 * ability + 15 * dice.normal());
        int level = score < cut - 30 ? 1 : score < cut ? 2 : score < cut + 40 ? 3 : 4;
        row(year, "RISE", subject, date, score, level, RISE_LABELS);
        if (!large) {
            return;
        }
        for (String category : categories) {
            int catLevel = Math.max(1, Math.min(4, level + dice.between(-1, 1)));
            ObjectNode r = row(year, "RISE", subject + ": " + category, date, 0, catLevel, RISE_LABELS);
            if (r != null) {
                r.putNull("scaleScore");
            }
        }
    }

    private void dlm(History.Year year, SchoolCalendar cal, Dice dice, List<String> subjects) {
        LocalDate date = cal.day(140 + dice.between(0, 15));
        for (String subject : subjects) {
            ObjectNode r = row(year, "DLM", subject, date, 0, dice.weighted(List.of(1, 2, 3, 4), 35, 35, 22, 8),
                    DLM_LABELS);
            if (r != null) {
                r.putNull("scaleScore");
            }
        }
    }

    // ---------------------------------------------------------------- Aspire Plus, ACT

    private void aspirePlus(History.Year year, SchoolCalendar cal, double ability, Dice dice) {
        if (profile.alternateAssessment()) {
            if (year.grade() == 10) {
                dlm(year, cal, dice, List.of("English Language Arts", "Mathematics", "Science"));
            }
            return;
        }
        LocalDate date = cal.day(140 + dice.between(0, 8));
        double cut = 425 + 2 * (year.grade() - 9);
        double sum = 0;
        for (String subject : List.of("English", "Reading", "Mathematics", "Science")) {
            double score = Math.round(cut + 1 + 7 * ability + 3 * dice.normal());
            sum += score;
            aspireRow(year, subject, date, score, cut, ability);
        }
        aspireRow(year, "Composite", date, Math.round(sum / 4), cut, ability);
    }

    private void aspireRow(History.Year year, String subject, LocalDate date, double score, double cut, double ability) {
        int level = score < cut - 6 ? 1 : score < cut ? 2 : score < cut + 7 ? 3 : 4;
        ObjectNode r = row(year, "Utah Aspire Plus", subject, date, score, level, RISE_LABELS);
        if (r != null) {
            // Aspire Plus also predicts an ACT range; kept as an extra field that pages may ignore.
            int act = (int) Math.max(1, Math.min(36, Math.round(19 + 5 * ability + (score - cut) / 3)));
            r.put("predictedActRange", Math.max(1, act - 2) + "-" + Math.min(36, act + 2));
        }
    }

    private void act(History.Year year, SchoolCalendar cal, double ability, Dice dice) {
        LocalDate date = cal.day(122 + dice.between(0, 6));
        Map<String, Integer> benchmarks = TABLES.actBenchmarks();
        int sum = 0;
        for (String subject : List.of("English", "Mathematics", "Reading", "Science")) {
            int score = (int) Math.max(1, Math.min(36, Math.round(20 + 5 * ability + 2.5 * dice.normal())));
            sum += score;
            actRow(year, subject, date, score, benchmarks.get(subject));
        }
        actRow(year, "Composite", date, Math.round(sum / 4f), benchmarks.get("Composite"));
    }

    private void actRow(History.Year year, String subject, LocalDate date, int score, int benchmark) {
        ObjectNode r = row(year, "ACT", subject, date, score, 0, ACT_LABELS);
        if (r != null) {
            r.put("proficiencyLevel", Integer.toString(score))
                    .put("proficiencyLabel", ACT_LABELS.get(score >= benchmark ? 1 : 0));
        }
    }

    // ---------------------------------------------------------------- WIDA ACCESS

    private void wida(History.Year year, SchoolCalendar cal, Dice dice) {
        int yearsTested = year.grade();
        double overall = profile.widaStart() + profile.widaGrowth() * yearsTested + 0.15 * dice.normal();
        double listening = wobble(overall + 0.4, dice);
        double speaking = wobble(overall + 0.1, dice);
        double reading = wobble(overall - 0.1, dice);
        double writing = wobble(overall - 0.3, dice);
        LocalDate date = cal.day(100 + dice.between(0, 15));
        widaRow(year, "Listening", date, listening, dice);
        widaRow(year, "Speaking", date, speaking, dice);
        widaRow(year, "Reading", date, reading, dice);
        widaRow(year, "Writing", date, writing, dice);
        widaRow(year, "Oral Language", date, wobble((listening + speaking) / 2, null), dice);
        widaRow(year, "Literacy", date, wobble((reading + writing) / 2, null), dice);
        widaRow(year, "Comprehension", date, wobble(0.3 * listening + 0.7 * reading, null), dice);
        double overallLevel = wobble(0.15 * listening + 0.15 * speaking + 0.35 * reading + 0.35 * writing, null);
        ObjectNode overallRow = widaRow(year, "Overall", date, overallLevel, dice);
        if (overallRow != null && overallLevel >= WIDA_EXIT) {
            exitedEnglishLearner = true;
        }
    }

    private static double wobble(double level, Dice dice) {
        double l = dice == null ? level : level + 0.3 * dice.normal();
        return Math.max(1.0, Math.min(6.0, Math.round(l * 10) / 10.0));
    }

    private ObjectNode widaRow(History.Year year, String domain, LocalDate date, double level, Dice dice) {
        double scale = Math.round(180 + 12 * Math.max(0, year.grade()) + 45 * level + 6 * dice.normal());
        ObjectNode r = row(year, "WIDA ACCESS", domain, date, scale, (int) Math.floor(level), WIDA_LABELS);
        if (r != null) {
            r.put("proficiencyLevel", String.format("%.1f", level));
        }
        return r;
    }

    // ---------------------------------------------------------------- rows

    /**
     * Adds a result unless it lies after today. {@code level} 1..n picks the label (0 = no level, as for
     * rubric scores).
     */
    private ObjectNode row(History.Year year, String test, String subject, LocalDate date, double score, int level,
                           List<String> labels) {
        if (!date.isBefore(today)) {
            return null;
        }
        ObjectNode r = out.addObject()
                .put("schoolYear", year.label())
                .put("testName", test)
                .put("subject", subject)
                .put("gradeLevel", BackpackGenerator.gradeLevel(year.grade()))
                .put("testDate", date.toString());
        if (score == Math.rint(score)) {
            r.put("scaleScore", (long) score);
        } else {
            r.put("scaleScore", score);
        }
        if (level > 0) {
            r.put("proficiencyLevel", Integer.toString(level)).put("proficiencyLabel", labels.get(level - 1));
        } else {
            r.putNull("proficiencyLevel").putNull("proficiencyLabel");
        }
        return r;
    }
}
