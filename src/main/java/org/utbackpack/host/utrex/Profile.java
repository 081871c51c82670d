package org.utbackpack.host.utrex;

import java.util.List;

/**
 * The invented traits that tie a student's document together: one ability drives marks and scores,
 * one absence rate drives attendance, and language drives WIDA testing.
 *
 * @param ability     about N(0, 0.8); higher means better marks and scores
 * @param absenceRate share of days missed
 * @param ensemble    course code of the band/choir/orchestra the student sticks with, or null
 */
record Profile(double ability, double absenceRate, boolean englishLearner, double widaStart, double widaGrowth,
               boolean specialEducation, boolean section504, boolean alternateAssessment, String raceEthnicity,
               String primaryLanguage, String homeLanguage, String ensemble, boolean concurrentStudent) {

    private static final List<String> EL_LANGUAGES = List.of(
            "Spanish", "Tongan", "Samoan", "Navajo", "Arabic", "Vietnamese", "Portuguese", "Chinese (Mandarin)",
            "Swahili");
    private static final List<String> RACES = List.of(
            "White", "Hispanic/Latino", "Two or More Races", "Asian", "Native Hawaiian/Pacific Islander",
            "Black/African American", "American Indian/Alaska Native");

    static Profile of(SimulatedStudent s, Dice dice) {
        boolean large = s.size() == SimulatedStudent.Size.VERY_LARGE;
        double ability = dice.normal() * 0.8;
        boolean chronic = dice.chance(0.1);
        double absenceRate = chronic ? 0.10 + dice.unit() * 0.10 : 0.015 + dice.unit() * 0.065;
        boolean el = large || dice.chance(0.1);
        String language = large ? "Spanish" : el
                ? dice.weighted(EL_LANGUAGES, 70, 5, 4, 3, 4, 4, 4, 3, 3) : "English";
        String race = el ? raceFor(language) : dice.weighted(RACES, 72, 19, 4, 2, 1.5, 1.2, 1);
        String home = el ? language : ("Hispanic/Latino".equals(race) && dice.chance(0.4) ? "Spanish" : "English");
        boolean sped = dice.chance(0.12);
        boolean s504 = !sped && dice.chance(0.05);
        // The very large student stays an English learner for most of the history: slow growth.
        double widaStart = large ? 1.0 + dice.unit() * 0.3 : 1.2 + dice.unit() * 1.5;
        double widaGrowth = large ? 0.2 + dice.unit() * 0.05 : 0.4 + dice.unit() * 0.5;
        String ensemble = dice.chance(0.35) ? dice.pick(List.of("06000100", "06000200", "06000300")) : null;
        return new Profile(ability, absenceRate, el, widaStart, widaGrowth, sped, s504,
                sped && !large && dice.chance(0.08), race, language, home, ensemble, large || dice.chance(0.45));
    }

    private static String raceFor(String language) {
        return switch (language) {
            case "Spanish" -> "Hispanic/Latino";
            case "Tongan", "Samoan" -> "Native Hawaiian/Pacific Islander";
            case "Navajo" -> "American Indian/Alaska Native";
            case "Vietnamese", "Chinese (Mandarin)" -> "Asian";
            case "Swahili" -> "Black/African American";
            default -> "White";
        };
    }
}
