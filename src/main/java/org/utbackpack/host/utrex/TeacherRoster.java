package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The teachers one document refers to. A teacher is seeded by school, role and slot (not by the
 * student), so classmates' Backpacks name the same teacher with the same CACTUS record.
 */
final class TeacherRoster {

    /** A role's slot 0 teacher started before 2008, so every year has someone to teach the section. */
    private static final int VETERAN_START_LATEST = 2008;

    record License(String type, String area, String level, LocalDate expires) {
    }

    record Teacher(String cactusId, String firstName, String lastName, int careerStart, List<License> licenses,
                   List<String> endorsements, List<String> degrees) {
    }

    private final LocalDate today;
    private final Map<String, Teacher> byKey = new HashMap<>();
    private final Map<String, String> keyByCactusId = new HashMap<>();
    private final Map<String, Teacher> referenced = new LinkedHashMap<>();

    TeacherRoster(LocalDate today) {
        this.today = today;
    }

    /**
     * The teacher who held a role (a grade's classroom, "MATH", "PK"...) at a school in a school year.
     * Slots other than 0 fall back to slot 0 when that teacher had not started teaching yet.
     */
    Teacher teach(School school, String role, int slot, int schoolYear) {
        return teach(school, role, null, slot, schoolYear);
    }

    /** As above for a specialist: {@code endorsement} (e.g. "Music") is part of who the teacher is. */
    Teacher teach(School school, String role, String endorsement, int slot, int schoolYear) {
        Teacher t = teacher(school, role, endorsement, slot);
        if (t.careerStart() > schoolYear) {
            t = teacher(school, role, endorsement, 0);
        }
        referenced.putIfAbsent(t.cactusId(), t);
        return t;
    }

    ArrayNode toJson(JsonNodeFactory f) {
        ArrayNode array = f.arrayNode();
        int schoolYearNow = SchoolCalendar.schoolYearOf(today);
        for (Teacher t : referenced.values()) {
            ObjectNode node = array.addObject()
                    .put("cactusId", t.cactusId())
                    .put("firstName", t.firstName())
                    .put("lastName", t.lastName());
            ArrayNode licenses = node.putArray("licenses");
            for (License l : t.licenses()) {
                licenses.addObject().put("type", l.type()).put("area", l.area()).put("level", l.level())
                        .put("expires", l.expires().toString());
            }
            ArrayNode endorsements = node.putArray("endorsements");
            t.endorsements().forEach(endorsements::add);
            ArrayNode degrees = node.putArray("degrees");
            t.degrees().forEach(degrees::add);
            node.put("yearsExperience", Math.max(0, schoolYearNow - t.careerStart() + 1));
        }
        return array;
    }

    private Teacher teacher(School school, String role, String endorsement, int slot) {
        String key = school.leaNumber() + "|" + school.number() + "|" + role + "|"
                + (endorsement == null ? "" : endorsement) + "|" + slot;
        return byKey.computeIfAbsent(key, k -> create(k, role, endorsement, slot));
    }

    private Teacher create(String key, String role, String endorsement, int slot) {
        Dice dice = Dice.of("teacher", key);
        String cactusId = uniqueCactusId(dice, key);
        int latestStart = Math.min(SchoolCalendar.schoolYearOf(today), 2024);
        int careerStart = slot == 0 ? dice.between(1988, VETERAN_START_LATEST) : dice.between(1990, latestStart);
        int experience = SchoolCalendar.schoolYearOf(today) - careerStart + 1;
        return new Teacher(cactusId, dice.pick(Catalog.TEACHER_FIRST), dice.pick(Catalog.TEACHER_LAST), careerStart,
                licenses(dice, role, experience), endorsements(dice, role, endorsement),
                degrees(dice, role, endorsement, careerStart));
    }

    /** CACTUS ids are 6-7 digits; a clash with another teacher in this document moves to the next free id. */
    private String uniqueCactusId(Dice dice, String key) {
        int id = dice.between(100_000, 9_899_999);
        while (keyByCactusId.containsKey(Integer.toString(id))) {
            id++;
        }
        keyByCactusId.put(Integer.toString(id), key);
        return Integer.toString(id);
    }

    private List<License> licenses(Dice dice, String role, int experience) {
        List<License> result = new ArrayList<>();
        String area = area(role);
        int year = today.getYear();
        if (experience <= 3 && dice.chance(0.4)) {
            result.add(new License("Associate Educator License", area, "Level 1", juneThirtieth(year + dice.between(0, 2))));
            return result;
        }
        String level = experience <= 3 ? "Level 1" : (experience >= 8 && dice.chance(0.08) ? "Level 3" : "Level 2");
        // Level 2 renews every five years; a few lapse and show an expiry in the past.
        int expiresYear = dice.chance(0.05) ? year - 1 : year + dice.between(0, "Level 1".equals(level) ? 2 : 4);
        result.add(new License("Professional Educator License", area, level, juneThirtieth(expiresYear)));
        if (!"Special Education".equals(area) && dice.chance(0.12)) {
            result.add(new License("Professional Educator License", "Special Education", level,
                    juneThirtieth(year + dice.between(0, 4))));
        }
        return result;
    }

    private static LocalDate juneThirtieth(int year) {
        return LocalDate.of(year, 6, 30);
    }

    private static String area(String role) {
        if ("PK".equals(role)) {
            return "Early Childhood";
        }
        if ("SPED".equals(role)) {
            return "Special Education";
        }
        if (isElementaryRole(role)) {
            return "Elementary";
        }
        return "CTE".equals(role) ? "Career and Technical Education" : "Secondary";
    }

    private static boolean isElementaryRole(String role) {
        return role.startsWith("HR") || role.startsWith("E_");
    }

    private List<String> endorsements(Dice dice, String role, String endorsement) {
        List<String> result = new ArrayList<>(endorsement != null ? List.of(endorsement) : roleEndorsements(dice, role));
        if (dice.chance(0.2) && !result.contains("ESL")) {
            result.add("ESL");
        }
        if (dice.chance(0.1)) {
            String extra = dice.pick(List.of("Gifted and Talented", "Dual Language Immersion", "Reading"));
            if (!result.contains(extra)) {
                result.add(extra);
            }
        }
        return result;
    }

    private static List<String> roleEndorsements(Dice dice, String role) {
        return switch (role) {
            case "PK" -> List.of("Early Childhood Education");
            case "SPED" -> List.of("Special Education (Mild/Moderate)");
            case "ELA" -> List.of("English Language Arts");
            case "MATH" -> List.of("Mathematics");
            case "SCIENCE" -> List.of(dice.pick(List.of("Biological Science", "Physical Science", "Earth Science")));
            case "SOCIAL_STUDIES" -> List.of(dice.pick(List.of("Social Studies", "History")));
            case "HEALTH_PE", "E_PE" -> List.of("Physical Education", "Health Education");
            case "E_ARTS" -> List.of(dice.pick(List.of("Music", "Visual Arts")));
            case "GENERAL", "E_LIBRARY" -> List.of("Library Media");
            case "E_ESL" -> List.of("ESL");
            default -> List.of(dice.pick(List.of("Elementary Mathematics", "Reading", "STEM")));
        };
    }

    private List<String> degrees(Dice dice, String role, String endorsement, int careerStart) {
        List<String> result = new ArrayList<>();
        String major = endorsement == null ? bachelor(dice, role) : bachelorFor(endorsement);
        result.add(major + ", " + dice.pick(Catalog.UNIVERSITIES));
        if (careerStart < 2018 && dice.chance(0.4)) {
            result.add(dice.pick(List.of("M.Ed. Curriculum and Instruction", "M.Ed. Educational Leadership",
                    "M.A. Teaching", "M.Ed. Special Education", "M.S. Instructional Technology"))
                    + ", " + dice.pick(Catalog.UNIVERSITIES));
        }
        return result;
    }

    private static String bachelorFor(String endorsement) {
        if (endorsement.startsWith("World Languages: ")) {
            return "B.A. " + endorsement.substring("World Languages: ".length()) + " Teaching";
        }
        return switch (endorsement) {
            case "Earth Science" -> "B.S. Geology";
            case "Biological Science" -> "B.S. Biology Education";
            case "Chemistry" -> "B.S. Chemistry Education";
            case "Physics" -> "B.S. Physics Teaching";
            case "Physical Science" -> "B.S. Physical Science Teaching";
            case "Music" -> "B.M. Music Education";
            case "Theatre" -> "B.A. Theatre Arts Education";
            case "Visual Arts" -> "B.F.A. Art Education";
            case "Computer Science" -> "B.S. Computer Science";
            case "Family and Consumer Sciences" -> "B.S. Family and Consumer Sciences Education";
            case "Skilled and Technical Sciences" -> "B.S. Technology and Engineering Education";
            case "Engineering and Technology" -> "B.S. Mechanical Engineering";
            default -> "B.S. Business Education";
        };
    }

    private static String bachelor(Dice dice, String role) {
        return switch (role) {
            case "PK" -> "B.S. Early Childhood Education";
            case "SPED" -> "B.S. Special Education";
            case "ELA" -> "B.A. English Teaching";
            case "MATH" -> "B.S. Mathematics Education";
            case "SCIENCE" -> dice.pick(List.of("B.S. Biology Education", "B.S. Chemistry Education",
                    "B.S. Physical Science Teaching"));
            case "SOCIAL_STUDIES" -> "B.A. History Teaching";
            case "HEALTH_PE", "E_PE" -> "B.S. Physical Education Teacher Education";
            case "FINE_ARTS", "E_ARTS" -> dice.pick(List.of("B.M. Music Education", "B.F.A. Art Education"));
            case "WORLD_LANGUAGE" -> "B.A. Spanish Teaching";
            case "CTE" -> dice.pick(List.of("B.S. Family and Consumer Sciences Education",
                    "B.S. Technology and Engineering Education", "B.S. Business Education"));
            case "GENERAL", "E_LIBRARY" -> "B.A. English, Library Media";
            case "E_ESL" -> "B.A. Teaching English to Speakers of Other Languages";
            default -> "B.S. Elementary Education";
        };
    }
}
