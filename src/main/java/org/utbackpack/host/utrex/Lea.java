package org.utbackpack.host.utrex;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fictional LEA: its schools and its local choices (calendar start, terms, grade configuration).
 * Everything is seeded from the LEA number, so every student of one LEA sees the same schools and the
 * same teachers.
 */
final class Lea {

    private static final List<String> PLACE = List.of(
            "Sego Lily", "Juniper", "Quail Run", "Aspen Leaf", "Sagebrush", "Red Ledge", "Cottonwood Bend",
            "Bonneville Shore", "Oquirrh Vista", "Wasatch Hollow", "Pioneer Trail", "Heritage Oaks",
            "Golden Spike", "Beehive", "Deseret Sky", "Maple Bench", "Box Elder Flats", "Willow Draw",
            "Silver Sage", "Pine Canyon", "Eagle Gate", "Dixie Rock", "Lone Cedar", "Bear Hollow",
            "Kestrel Point", "Timber Rim", "Indian Paintbrush", "Lakeshore Bluff", "Granite Wash", "Falcon Crest");
    private static final List<String> ELEMENTARY_SUFFIX = List.of(
            "Elementary", "Elementary School", "Elementary");

    private final String number;
    private final String name;
    private final List<School> elementary;
    private final List<School> middle;
    private final List<School> high;
    private final boolean juniorHigh;
    private final int elementaryTerms;
    private final int secondaryTerms;
    private final int startOffset;
    private final boolean elementaryMarks;
    private final java.util.EnumSet<School.Level> knownLevels = java.util.EnumSet.noneOf(School.Level.class);

    private Lea(String number, String name, Dice dice, int elementaryCount, int middleCount, int highCount) {
        this(number, name, dice, elementaryCount, middleCount, highCount, List.of());
    }

    private Lea(String number, String name, Dice dice, int elementaryCount, int middleCount, int highCount,
                List<SimulatedSchool> known) {
        this.number = number;
        this.name = name;
        boolean drawnJuniorHigh = dice.chance(0.6);
        // The SIS's own grade configuration wins: a 7-9 school makes it junior high, a 9-12 one middle school.
        this.juniorHigh = known.stream().anyMatch(k -> k.serves(9) && !k.serves(10)) || drawnJuniorHigh
                && known.stream().noneMatch(k -> k.serves(9) && k.serves(12));
        this.elementaryTerms = dice.chance(0.7) ? 4 : 3;
        this.secondaryTerms = dice.chance(0.5) ? 4 : 2;
        this.startOffset = dice.between(0, 8);
        // LEAs that mark secondary by semester send elementary report-card marks too; quarter LEAs send
        // only secondary marks. This keeps a typical record's size in a predictable band either way.
        this.elementaryMarks = secondaryTerms == 2;
        Set<String> usedPlaces = new HashSet<>();
        Set<String> usedNumbers = new HashSet<>();
        this.elementary = schools(dice, School.Level.ELEMENTARY, elementaryCount, usedPlaces, usedNumbers);
        this.middle = schools(dice, School.Level.MIDDLE, middleCount, usedPlaces, usedNumbers);
        this.high = schools(dice, School.Level.HIGH, highCount, usedPlaces, usedNumbers);
        for (SimulatedSchool k : known) {
            School.Level level = levelOf(k.highGrade());
            List<School> list = schools(level);
            // first in its level's list, so a student's current school is the SIS's (History.plan)
            list.removeIf(s -> s.name().equals(k.name()) || s.number().equals(k.number()));
            list.add(0, new School(k.number(), k.name(), level, number, name));
            knownLevels.add(level);
        }
    }

    /** A school district whose schools at some levels are the SIS's own (registered with the simulator). */
    static Lea district(String number, String name, List<SimulatedSchool> known) {
        return new Lea(number, name, Dice.of("lea", number), 9, 3, 2, known);
    }

    /** True when the SIS named a school of this level: the history places the current year there. */
    boolean knows(School.Level level) {
        return knownLevels.contains(level);
    }

    /** A school district with its own elementary, junior high (or middle) and high schools. */
    static Lea district(String number, String name) {
        return new Lea(number, name, Dice.of("lea", number), 9, 3, 2);
    }

    /** A one-school elementary charter, where some students start before moving to the district. */
    static Lea charter(String nearLeaNumber) {
        Dice dice = Dice.of("charter", nearLeaNumber);
        String number = "8" + dice.between(10, 99);
        String place = dice.pick(PLACE);
        String name = place + " Academy";
        Lea lea = new Lea(number, name, Dice.of("lea", number), 1, 0, 0);
        // A charter is its own LEA and its one school carries the LEA's name.
        School only = lea.elementary.get(0);
        lea.elementary.set(0, new School(only.number(), name, only.level(), number, name));
        return lea;
    }

    private List<School> schools(Dice dice, School.Level level, int count, Set<String> usedPlaces,
                                 Set<String> usedNumbers) {
        List<School> result = new ArrayList<>();
        while (result.size() < count) {
            String place = dice.pick(PLACE);
            if (!usedPlaces.add(place)) {
                continue;
            }
            String schoolNumber = schoolNumber(dice, level, usedNumbers);
            result.add(new School(schoolNumber, place + " " + suffix(dice, level), level, number, name));
        }
        return result;
    }

    private String schoolNumber(Dice dice, School.Level level, Set<String> used) {
        int base = switch (level) {
            case ELEMENTARY -> 1000;
            case MIDDLE -> 4000;
            case HIGH -> 7000;
        };
        while (true) {
            String candidate = Integer.toString(base + dice.between(100, 2899));
            if (used.add(candidate)) {
                return candidate;
            }
        }
    }

    private String suffix(Dice dice, School.Level level) {
        return switch (level) {
            case ELEMENTARY -> dice.pick(ELEMENTARY_SUFFIX);
            case MIDDLE -> juniorHigh ? "Junior High" : "Middle School";
            case HIGH -> "High School";
        };
    }

    String number() {
        return number;
    }

    String name() {
        return name;
    }

    /** Which kind of school serves a grade: K-6 elementary, then 7-9 junior high + 10-12, or 7-8 middle + 9-12. */
    School.Level levelOf(int grade) {
        if (grade <= 6) {
            return School.Level.ELEMENTARY;
        }
        int lastMiddleGrade = juniorHigh ? 9 : 8;
        return grade <= lastMiddleGrade ? School.Level.MIDDLE : School.Level.HIGH;
    }

    List<School> schools(School.Level level) {
        return switch (level) {
            case ELEMENTARY -> elementary;
            case MIDDLE -> middle;
            case HIGH -> high;
        };
    }

    boolean hasLevel(School.Level level) {
        return !schools(level).isEmpty();
    }

    /** Terms a year is cut into at this level (elementary trimesters or quarters; secondary semesters or quarters). */
    int terms(School.Level level) {
        return level == School.Level.ELEMENTARY ? elementaryTerms : secondaryTerms;
    }

    int startOffset() {
        return startOffset;
    }

    /** Whether elementary report cards reach the state as per-subject marks (many LEAs send none). */
    boolean elementaryMarks() {
        return elementaryMarks;
    }

    SchoolCalendar calendar(int startYear) {
        return new SchoolCalendar(startYear, startOffset);
    }
}
