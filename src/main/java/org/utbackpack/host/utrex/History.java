package org.utbackpack.host.utrex;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the student was, year by year: from the first school year (pre-K or K) to the current one, one
 * grade a year, in district schools by level, sometimes starting at a charter, with one or two moves
 * (at a year boundary or mid-year, at the half-way term).
 */
final class History {

    /**
     * Part of a school year at one school.
     *
     * @param firstTerm first term (0-based) taught here
     * @param endTerm   one past the last term taught here
     * @param exit      null for the current enrollment
     */
    record Stint(School school, Lea lea, int grade, SchoolCalendar calendar, int firstTerm, int endTerm,
                 LocalDate entry, LocalDate exit) {

        int terms() {
            return lea.terms(school.level());
        }

        String schoolYear() {
            return calendar.label();
        }

        /** The last day the student could have attended here (clipped to today by callers). */
        LocalDate lastDay() {
            return exit == null ? calendar.lastDay() : exit;
        }
    }

    record Year(int startYear, int grade, List<Stint> stints) {

        String label() {
            return SchoolCalendar.label(startYear);
        }

        Stint last() {
            return stints.get(stints.size() - 1);
        }
    }

    private record Move(int yearIndex, boolean midYear) {
    }

    private History() {
    }

    static List<Year> plan(SimulatedStudent s, LocalDate today, Lea district, Dice dice) {
        boolean large = s.size() == SimulatedStudent.Size.VERY_LARGE;
        int currentYear = SchoolCalendar.schoolYearOf(today);
        boolean charterStart = !large && s.currentGrade() >= 1 && dice.chance(0.12);
        int firstGrade = s.currentGrade() == -1 || large || (!charterStart && dice.chance(0.3)) ? -1 : 0;
        int charterUntil = charterStart ? dice.between(0, Math.min(3, s.currentGrade() - 1)) : -2;
        Lea charter = charterStart ? Lea.charter(district.number()) : null;
        List<Move> moves = moves(dice, large, s.currentGrade() - firstGrade + 1);

        int neighborhood = dice.between(0, 1000);
        List<Placement> placements = new ArrayList<>();
        for (int grade = firstGrade, i = 0; grade <= s.currentGrade(); grade++, i++) {
            int startYear = currentYear - (s.currentGrade() - grade);
            Lea lea = grade <= charterUntil ? charter : district;
            Move move = moveAt(moves, i);
            int before = neighborhood;
            if (move != null && lea == district) {
                neighborhood = moved(dice, neighborhood, district.schools(lea.levelOf(grade)).size());
            }
            boolean midYear = move != null && move.midYear() && before != neighborhood;
            placements.add(new Placement(lea, grade, startYear, midYear ? before : neighborhood, neighborhood, midYear));
        }
        // Where the SIS named the school of the student's current level, the student is there now: every
        // year's school is counted from the one the student ends in, which is first in its level's list.
        int shift = district.knows(district.levelOf(s.currentGrade())) ? neighborhood : 0;
        List<Year> years = new ArrayList<>();
        for (Placement p : placements) {
            years.add(year(p.lea(), p.grade(), p.startYear(), p.from() - shift, p.to() - shift, p.midYear(), dice));
        }
        return closeCurrent(years, today);
    }

    private record Placement(Lea lea, int grade, int startYear, int from, int to, boolean midYear) {
    }

    private static List<Move> moves(Dice dice, boolean large, int yearCount) {
        List<Move> result = new ArrayList<>();
        if (yearCount < 2) {
            return result;
        }
        int count = large ? 2 : dice.weighted(List.of(0, 1, 2), 0.5, 0.35, 0.15);
        for (int k = 0; k < count; k++) {
            result.add(new Move(dice.between(1, yearCount - 1), large ? k == 0 : dice.chance(0.3)));
        }
        return result;
    }

    private static Move moveAt(List<Move> moves, int yearIndex) {
        for (Move m : moves) {
            if (m.yearIndex() == yearIndex) {
                return m;
            }
        }
        return null;
    }

    /** A move always lands at a different school of the same level when the LEA has one. */
    private static int moved(Dice dice, int neighborhood, int schoolsAtLevel) {
        return schoolsAtLevel < 2 ? neighborhood : neighborhood + dice.between(1, schoolsAtLevel - 1);
    }

    private static Year year(Lea lea, int grade, int startYear, int from, int to, boolean midYear, Dice dice) {
        School.Level level = lea.levelOf(grade);
        List<School> schools = lea.schools(level);
        SchoolCalendar calendar = lea.calendar(startYear);
        int terms = lea.terms(level);
        School first = schools.get(Math.floorMod(from, schools.size()));
        List<Stint> stints = new ArrayList<>();
        if (!midYear) {
            stints.add(new Stint(first, lea, grade, calendar, 0, terms, calendar.firstDay(), calendar.lastDay()));
            return new Year(startYear, grade, stints);
        }
        int split = terms / 2;
        School second = schools.get(Math.floorMod(to, schools.size()));
        int splitIndex = SchoolCalendar.termStartIndex(split, terms);
        // Families move over a weekend or a few school days; the gap is not membership anywhere.
        LocalDate leave = calendar.day(splitIndex - 1 - dice.between(0, 2));
        LocalDate arrive = calendar.day(splitIndex + dice.between(0, 2));
        stints.add(new Stint(first, lea, grade, calendar, 0, split, calendar.firstDay(), leave));
        stints.add(new Stint(second, lea, grade, calendar, split, terms, arrive, calendar.lastDay()));
        return new Year(startYear, grade, stints);
    }

    /** The current year's last stint is open (no exit date); a move planned after today has not happened. */
    private static List<Year> closeCurrent(List<Year> years, LocalDate today) {
        Year current = years.get(years.size() - 1);
        List<Stint> stints = new ArrayList<>(current.stints());
        if (stints.size() > 1 && stints.get(1).entry().isAfter(today)) {
            Stint first = stints.get(0);
            stints.clear();
            stints.add(new Stint(first.school(), first.lea(), first.grade(), first.calendar(), 0, first.terms(),
                    first.entry(), first.calendar().lastDay()));
        }
        Stint last = stints.remove(stints.size() - 1);
        stints.add(new Stint(last.school(), last.lea(), last.grade(), last.calendar(), last.firstTerm(),
                last.endTerm(), last.entry(), null));
        years.set(years.size() - 1, new Year(current.startYear(), current.grade(), List.copyOf(stints)));
        return years;
    }
}
