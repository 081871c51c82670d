package org.utbackpack.host.utrex;

import java.util.ArrayList;
import java.util.List;

/**
 * The course catalog and the words the generator draws on. Course codes are invented 8-digit state
 * core codes (two-digit area, two-digit course, four-digit variant); titles follow Utah's core.
 */
final class Catalog {

    enum Dept { ELA, MATH, SCIENCE, SOCIAL_STUDIES, HEALTH_PE, FINE_ARTS, WORLD_LANGUAGE, CTE, GENERAL }

    /**
     * A secondary course.
     *
     * @param prerequisite code of the course that must come first, or null
     * @param repeatable   performing groups are taken year after year
     */
    record Course(String code, String title, Dept dept, int minGrade, int maxGrade, boolean required,
                  boolean concurrent, String prerequisite, boolean repeatable) {

        boolean offeredIn(int grade) {
            return grade >= minGrade && grade <= maxGrade;
        }
    }

    /** An elementary report-card subject; its code depends on the grade. */
    record Subject(String title, Dept dept, String area, List<String> strands) {

        String code(int grade) {
            return area + "00" + String.format("%02d", Math.max(0, grade)) + "00";
        }

        String title(int grade) {
            return (grade == 0 ? "Kindergarten " : "Grade " + grade + " ") + title;
        }
    }

    static final List<Course> SECONDARY = List.of(
            required("01070000", "English Language Arts 7", Dept.ELA, 7),
            required("01080000", "English Language Arts 8", Dept.ELA, 8),
            required("01090000", "English 9", Dept.ELA, 9),
            required("01100000", "English 10", Dept.ELA, 10),
            required("01110000", "English 11", Dept.ELA, 11),
            required("01120000", "English 12", Dept.ELA, 12),
            required("02070000", "Mathematics 7", Dept.MATH, 7),
            required("02080000", "Mathematics 8", Dept.MATH, 8),
            required("02090100", "Secondary Mathematics I", Dept.MATH, 9),
            required("02100200", "Secondary Mathematics II", Dept.MATH, 10),
            required("02110300", "Secondary Mathematics III", Dept.MATH, 11),
            required("03070000", "Integrated Science 7", Dept.SCIENCE, 7),
            required("03080000", "Integrated Science 8", Dept.SCIENCE, 8),
            required("03090100", "Earth Science", Dept.SCIENCE, 9),
            required("03100200", "Biology", Dept.SCIENCE, 10),
            required("03110300", "Chemistry", Dept.SCIENCE, 11),
            required("04070000", "Utah Studies", Dept.SOCIAL_STUDIES, 7),
            required("04080000", "U.S. History I", Dept.SOCIAL_STUDIES, 8),
            required("04090100", "Geography for Life", Dept.SOCIAL_STUDIES, 9),
            required("04100200", "World History", Dept.SOCIAL_STUDIES, 10),
            required("04110300", "U.S. History II", Dept.SOCIAL_STUDIES, 11),
            required("04120400", "U.S. Government and Citizenship", Dept.SOCIAL_STUDIES, 12),
            required("05070100", "Physical Education 7", Dept.HEALTH_PE, 7),
            required("05080100", "Physical Education 8", Dept.HEALTH_PE, 8),
            required("05080200", "Health Education I", Dept.HEALTH_PE, 8),
            required("05090300", "Fitness for Life", Dept.HEALTH_PE, 9),
            required("05100400", "Health Education II", Dept.HEALTH_PE, 10),
            required("09070000", "Digital Literacy", Dept.CTE, 7),
            required("09080000", "College and Career Awareness", Dept.CTE, 8),
            required("09120000", "General Financial Literacy", Dept.GENERAL, 12),
            elective("02120400", "Precalculus", Dept.MATH, 12, 12, "02110300"),
            elective("02120500", "AP Calculus AB", Dept.MATH, 12, 12, "02110300"),
            elective("02110600", "AP Statistics", Dept.MATH, 11, 12, "02100200"),
            elective("03120400", "Physics", Dept.SCIENCE, 11, 12, null),
            elective("03110500", "Medical Anatomy and Physiology", Dept.SCIENCE, 11, 12, "03100200"),
            elective("01110600", "AP English Language and Composition", Dept.ELA, 11, 12, null),
            elective("01100700", "Creative Writing", Dept.ELA, 10, 12, null),
            elective("04110700", "AP Psychology", Dept.SOCIAL_STUDIES, 11, 12, null),
            elective("05110500", "Lifetime Activities", Dept.HEALTH_PE, 10, 12, null),
            elective("05100600", "Weight Training", Dept.HEALTH_PE, 10, 12, null),
            performing("06000100", "Band", Dept.FINE_ARTS, 7, 12),
            performing("06000200", "Choir", Dept.FINE_ARTS, 7, 12),
            performing("06000300", "Orchestra", Dept.FINE_ARTS, 7, 12),
            elective("06000400", "Art Foundations I", Dept.FINE_ARTS, 7, 12, null),
            elective("06000410", "Drawing I", Dept.FINE_ARTS, 9, 12, "06000400"),
            elective("06000500", "Theatre Foundations I", Dept.FINE_ARTS, 7, 12, null),
            elective("06000600", "Ceramics I", Dept.FINE_ARTS, 9, 12, null),
            elective("06000700", "Digital Photography I", Dept.FINE_ARTS, 9, 12, null),
            elective("07000100", "Spanish I", Dept.WORLD_LANGUAGE, 7, 12, null),
            elective("07000200", "Spanish II", Dept.WORLD_LANGUAGE, 8, 12, "07000100"),
            elective("07000210", "Spanish III", Dept.WORLD_LANGUAGE, 9, 12, "07000200"),
            elective("07000300", "French I", Dept.WORLD_LANGUAGE, 7, 12, null),
            elective("07000310", "French II", Dept.WORLD_LANGUAGE, 8, 12, "07000300"),
            elective("07000400", "Chinese I", Dept.WORLD_LANGUAGE, 7, 12, null),
            elective("08000100", "Exploring Computer Science", Dept.CTE, 9, 12, null),
            elective("08000200", "Foods and Nutrition I", Dept.CTE, 8, 12, null),
            elective("08000300", "Child Development", Dept.CTE, 10, 12, null),
            elective("08000400", "Automotive I", Dept.CTE, 10, 12, null),
            elective("08000500", "Welding I", Dept.CTE, 10, 12, null),
            elective("08000600", "Business Office Specialist", Dept.CTE, 9, 12, null),
            elective("08000700", "Engineering Principles I", Dept.CTE, 9, 12, null),
            elective("08000800", "Web Development I", Dept.CTE, 9, 12, "08000100"),
            elective("08000900", "Keyboarding", Dept.CTE, 7, 9, null),
            elective("09000100", "Yearbook", Dept.GENERAL, 10, 12, null),
            elective("09000200", "Student Government", Dept.GENERAL, 9, 12, null),
            elective("09000300", "Peer Tutoring", Dept.GENERAL, 11, 12, null),
            concurrent("10110100", "ENGL 1010 Introduction to Writing (CE)", Dept.ELA, 11),
            concurrent("10110200", "MATH 1050 College Algebra (CE)", Dept.MATH, 11),
            concurrent("10110300", "PSY 1010 General Psychology (CE)", Dept.SOCIAL_STUDIES, 11),
            concurrent("10110400", "HIST 1700 American Civilization (CE)", Dept.SOCIAL_STUDIES, 11),
            concurrent("10120500", "ENGL 2010 Intermediate Writing (CE)", Dept.ELA, 12),
            concurrent("10120600", "COMM 1020 Public Speaking (CE)", Dept.GENERAL, 12),
            concurrent("10120700", "BIOL 1010 General Biology (CE)", Dept.SCIENCE, 12),
            concurrent("10120800", "ECON 2010 Principles of Microeconomics (CE)", Dept.SOCIAL_STUDIES, 12));

    /** Report-card subjects every LEA marks; strands are what standards-based cards mark separately. */
    static final List<Subject> ELEMENTARY_CORE = List.of(
            new Subject("English Language Arts", Dept.ELA, "11", List.of(
                    "Foundational Skills: Phonics", "Foundational Skills: Fluency", "Reading: Literature",
                    "Reading: Informational Text", "Writing: Opinion", "Writing: Narrative",
                    "Writing: Informative", "Speaking and Listening", "Language: Conventions")),
            new Subject("Mathematics", Dept.MATH, "12", List.of(
                    "Counting and Cardinality", "Operations and Algebraic Thinking",
                    "Number and Operations in Base Ten", "Number and Operations: Fractions",
                    "Measurement and Data", "Geometry", "Math Fact Fluency")),
            new Subject("Science", Dept.SCIENCE, "13", List.of(
                    "Physical Science", "Life Science", "Earth and Space Science", "Engineering Design")),
            new Subject("Social Studies", Dept.SOCIAL_STUDIES, "14", List.of(
                    "Civics", "Geography", "History")));

    /** Subjects marked by specialists (standards-based cards only). */
    static final List<Subject> ELEMENTARY_SPECIALS = List.of(
            new Subject("Fine Arts", Dept.FINE_ARTS, "16", List.of("Visual Arts", "Music")),
            new Subject("Physical Education", Dept.HEALTH_PE, "15", List.of("Motor Skills", "Fitness")),
            new Subject("Health", Dept.HEALTH_PE, "17", List.of("Healthy Choices")),
            new Subject("Learning Behaviors", Dept.GENERAL, "19", List.of(
                    "Follows Directions", "Works Cooperatively", "Completes Work on Time")));

    /** Standards marked per course per term on standards-based secondary report cards. */
    static List<String> strands(Dept dept) {
        return switch (dept) {
            case ELA -> List.of("Reading: Literature", "Reading: Informational Text", "Writing: Argument",
                    "Writing: Research", "Speaking and Listening", "Language", "Work Habits");
            case MATH -> List.of("Number and Quantity", "Algebra", "Functions", "Geometry",
                    "Statistics and Probability", "Modeling", "Work Habits");
            case SCIENCE -> List.of("Asking Questions", "Developing Models", "Planning Investigations",
                    "Analyzing Data", "Constructing Explanations", "Arguing from Evidence", "Work Habits");
            case SOCIAL_STUDIES -> List.of("Historical Thinking", "Geographic Reasoning", "Civic Engagement",
                    "Economic Reasoning", "Sourcing Evidence", "Writing in Social Studies", "Work Habits");
            case HEALTH_PE -> List.of("Motor Skills", "Movement Concepts", "Fitness", "Personal Responsibility",
                    "Health Literacy", "Decision Making", "Work Habits");
            case FINE_ARTS -> List.of("Creating", "Performing", "Responding", "Connecting", "Technique",
                    "Collaboration", "Work Habits");
            case WORLD_LANGUAGE -> List.of("Interpretive Listening", "Interpretive Reading",
                    "Interpersonal Communication", "Presentational Speaking", "Presentational Writing",
                    "Culture", "Work Habits");
            case CTE, GENERAL -> List.of("Technical Skills", "Safety", "Problem Solving", "Communication",
                    "Workplace Skills", "Project Quality", "Work Habits");
        };
    }

    static final List<String> TEACHER_FIRST = List.of(
            "Jennifer", "Melissa", "Amy", "Rebecca", "Heather", "Emily", "Sarah", "Rachel", "Kristen", "Megan",
            "Brittany", "Ashley", "Camille", "Marianne", "Lorraine", "Kimberly", "Natalie", "Whitney", "Ana",
            "Maria", "Lupe", "Mei", "Leilani", "Siosaia", "Michael", "David", "Jason", "Brian", "Tyler",
            "Spencer", "Bryce", "Jared", "Kent", "Scott", "Dallin", "Travis", "Jorge", "Luis", "Tevita",
            "Daniel", "Ryan", "Steven", "Mark", "Nathan", "Cody", "Derek", "Aaron", "Hoang", "Kenji", "Ahmed");
    static final List<String> TEACHER_LAST = List.of(
            "Jensen", "Christensen", "Larsen", "Nielsen", "Petersen", "Hansen", "Olsen", "Andersen", "Sorensen",
            "Madsen", "Young", "Smith", "Johnson", "Anderson", "Thompson", "Allred", "Bingham", "Call", "Despain",
            "Egbert", "Fullmer", "Gardner", "Hatch", "Iverson", "Jeppson", "Kimball", "Lund", "Murdock",
            "Nuttall", "Ostler", "Pratt", "Rasband", "Stucki", "Tanner", "Udall", "Wardle", "Yates", "Zollinger",
            "Martinez", "Garcia", "Hernandez", "Lopez", "Ramirez", "Nguyen", "Tran", "Fifita", "Tuilagi",
            "Begay", "Yazzie", "Kim", "Chen", "Okafor", "Haddad", "Sato");
    static final List<String> UNIVERSITIES = List.of(
            "Utah State University", "University of Utah", "Brigham Young University", "Weber State University",
            "Southern Utah University", "Utah Tech University", "Utah Valley University", "Westminster University",
            "Western Governors University", "Snow College");

    private Catalog() {
    }

    /**
     * The CACTUS endorsement a course's teacher holds, so the band teacher is not also the drawing
     * teacher; null where any teacher of the department will do.
     */
    static String endorsement(Course c) {
        String t = c.title();
        return switch (c.dept()) {
            case SCIENCE -> t.contains("Earth") ? "Earth Science" : t.contains("Biolog") || t.contains("Anatomy")
                    ? "Biological Science" : t.contains("Chemistry") ? "Chemistry" : t.contains("Physics") ? "Physics"
                    : "Physical Science";
            case FINE_ARTS -> t.equals("Band") || t.equals("Orchestra") || t.equals("Choir") ? "Music"
                    : t.startsWith("Theatre") ? "Theatre" : "Visual Arts";
            case WORLD_LANGUAGE -> "World Languages: " + t.substring(0, t.indexOf(' '));
            case CTE -> t.contains("Computer") || t.contains("Web") ? "Computer Science"
                    : t.contains("Foods") || t.contains("Child") ? "Family and Consumer Sciences"
                    : t.contains("Automotive") || t.contains("Welding") ? "Skilled and Technical Sciences"
                    : t.contains("Engineering") ? "Engineering and Technology" : "Business and Marketing";
            case GENERAL -> t.contains("Financial") ? "Business and Marketing" : null;
            default -> null;
        };
    }

    static List<Course> required(int grade) {
        List<Course> result = new ArrayList<>();
        for (Course c : SECONDARY) {
            if (c.required() && c.offeredIn(grade)) {
                result.add(c);
            }
        }
        return result;
    }

    static List<Course> electives(int grade) {
        List<Course> result = new ArrayList<>();
        for (Course c : SECONDARY) {
            if (!c.required() && !c.concurrent() && c.offeredIn(grade)) {
                result.add(c);
            }
        }
        return result;
    }

    static List<Course> concurrent(int grade) {
        List<Course> result = new ArrayList<>();
        for (Course c : SECONDARY) {
            if (c.concurrent() && c.offeredIn(grade)) {
                result.add(c);
            }
        }
        return result;
    }

    private static Course required(String code, String title, Dept dept, int grade) {
        return new Course(code, title, dept, grade, grade, true, false, null, false);
    }

    private static Course elective(String code, String title, Dept dept, int min, int max, String prerequisite) {
        return new Course(code, title, dept, min, max, false, false, prerequisite, false);
    }

    private static Course performing(String code, String title, Dept dept, int min, int max) {
        return new Course(code, title, dept, min, max, false, false, null, true);
    }

    /** Concurrent enrollment: college courses taught at the high school, open to grades 11-12. */
    private static Course concurrent(String code, String title, Dept dept, int grade) {
        return new Course(code, title, dept, grade, 12, false, true, null, false);
    }
}
