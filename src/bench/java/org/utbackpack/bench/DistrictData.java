package org.utbackpack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.utbackpack.host.Host;
import org.utbackpack.host.auth.Passwords;
import org.utbackpack.host.demo.DemoData;
import org.utbackpack.host.utrex.BackpackGenerator;
import org.utbackpack.host.utrex.SimulatedStudent;
import org.utbackpack.plugin.backpack.BackpackIngest;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A district-scale data set, generated from a seed so every run builds the same one: schools, students
 * (most with an SSID), guardians linked to them with parent access, pending guardian requests, and
 * retrieved Backpack files whose records add up to the asked-for total.
 *
 * <p>People and requests go in with JDBC batches. Backpack files are real: each is a document from the
 * UTREx simulator's generator for that student, stored by the plugin's own {@link BackpackIngest} (which
 * writes its records in JDBC batches too), so the rows, fingerprints and resolved names are exactly what
 * the product would hold. The demo people (DemoData) stay as they are; Avery Jensen and Carlos Martinez
 * get their files as well, so the benchmark's pages can show them.
 *
 * <pre>
 * DistrictData --db JDBC-URL [--seed N] [--students N] [--records N] [--pending N] [--decided N]
 * </pre>
 * The URL carries any user and password. A database without the SIS tables is set up first by starting
 * the host on it once (core tables, the plugin's extension tables, demo people).
 */
public final class DistrictData {

    /** What to build. */
    public record Spec(long seed, int students, int records, int pending, int decided) {
        public static Spec district() {
            return new Spec(20250901L, 100_000, 1_000_000, 50_000, 50_000);
        }
    }

    /** What the database holds afterwards. */
    public record Summary(long students, long records, long files, long pending, long guardians, Duration took) {
        @Override
        public String toString() {
            return String.format("%,d students, %,d Backpack records in %,d files, %,d pending guardian requests,"
                    + " %,d guardians (%.1f s)", students, records, files, pending, guardians, took.toMillis() / 1000.0);
        }
    }

    /** Where the generated district's ids start, clear of the demo's. */
    static final long FIRST_STUDENT_ID = 100_000;
    static final long FIRST_SSID = 2_000_000;
    static final String GUARDIAN_PREFIX = "bench.guardian.";
    /** The day the simulated state assembled the files. */
    static final LocalDate TODAY = LocalDate.of(2025, 9, 15);
    private static final Instant NOW = TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    private static final int BATCH = 1000;

    private static final String[] FIRST = {"Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah",
            "Isabella", "James", "Mia", "William", "Evelyn", "Benjamin", "Harper", "Lucas", "Luna", "Henry", "Camila",
            "Theodore", "Gianna", "Jack", "Eleanor", "Levi", "Ella", "Alexander", "Abigail", "Jackson", "Sofia",
            "Mateo", "Avery", "Daniel", "Scarlett", "Michael", "Emily", "Mason", "Aria", "Sebastian", "Penelope",
            "Ethan", "Chloe", "Logan", "Layla", "Owen", "Mila", "Samuel", "Nora", "Jacob", "Hazel", "Asher"};
    private static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller",
            "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas",
            "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark",
            "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
            "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
            "Roberts", "Christensen", "Jensen", "Larsen", "Hansen", "Petersen", "Olsen", "Nielsen", "Sorensen"};
    private static final String[] PLACES = {"Alpine", "Bonneville", "Canyon View", "Deer Creek", "Eagle Mountain",
            "Foothill", "Granite", "Hidden Hollow", "Iron Horse", "Jordan Ridge", "Kearns", "Lakeview", "Mountain Point",
            "North Star", "Oquirrh", "Pony Express", "Quail Hollow", "Red Cliffs", "Silver Crest", "Thunder Ridge",
            "Union", "Valley View", "Willow Canyon", "Westvale", "Yellowstone", "Zion Park", "Butterfield",
            "Copper Hills", "Dixie", "Escalante", "Freedom", "Golden Fields", "Herriman", "Indian Hills", "Juniper",
            "Kolob", "Legacy", "Maple", "Nebo", "Orchard", "Pioneer", "Riverton", "Summit", "Timpanogos", "Uinta"};

    private final DataSource data;
    private final Spec spec;
    private final PrintStream log;
    private final Random random;

    private DistrictData(DataSource data, Spec spec, PrintStream log) {
        this.data = data;
        this.spec = spec;
        this.log = log;
        this.random = new Random(spec.seed());
    }

    public static void main(String[] args) throws Exception {
        String url = null;
        Spec d = Spec.district();
        long seed = d.seed();
        int students = d.students();
        int records = d.records();
        int pending = d.pending();
        int decided = d.decided();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--db" -> url = args[++i];
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--students" -> students = Integer.parseInt(args[++i]);
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--pending" -> pending = Integer.parseInt(args[++i]);
                case "--decided" -> decided = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "\nUsage: DistrictData --db JDBC-URL [--seed N] [--students N] [--records N] [--pending N] [--decided N]");
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--db JDBC-URL is required");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.startsWith("jdbc:postgresql:") ? url + (url.contains("?") ? "&" : "?")
                + "reWriteBatchedInserts=true" : url);
        config.setMaximumPoolSize(2);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            System.out.println(ensure(ds, url, new Spec(seed, students, records, pending, decided), System.out));
        }
    }

    /**
     * Builds the data set unless the database already holds it (then only reports it). {@code url} is used
     * to start the host once on a database without the SIS tables.
     */
    public static Summary ensure(DataSource ds, String url, Spec spec, PrintStream log) throws Exception {
        if (!hasTable(ds, "STUDENTS") || !hasTable(ds, "U_UT_BP_FILE")) {
            bootstrap(url, log);
        }
        long existing = count(ds, "SELECT COUNT(*) FROM STUDENTS");
        if (existing >= spec.students()) {
            log.println("The district data set is already there.");
            if (!hasColumn(ds, "S_UT_STU_BACKPACKREQUEST_C", "SCHOOLID")) {
                // built with an earlier version of the plugin's tables: the host updates them as an Update would
                long upgrade = System.nanoTime();
                bootstrap(url, log);
                log.printf("  the plugin's tables updated (requests given their school) in %.1f s%n",
                        (System.nanoTime() - upgrade) / 1e9);
            }
            // a data set built before decided requests were part of it gets them now
            long start = System.nanoTime();
            if (new DistrictData(ds, spec, log).decidedRequests()) {
                analyze(ds, log);
                return summary(ds, Duration.ofNanos(System.nanoTime() - start));
            }
            return summary(ds, Duration.ZERO);
        }
        if (existing != 4) {
            throw new IllegalStateException("The database holds " + existing + " students: neither the demo alone"
                    + " nor a generated district. Start from an empty database.");
        }
        long start = System.nanoTime();
        new DistrictData(ds, spec, log).generate();
        analyze(ds, log);
        return summary(ds, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Starts the host once on the database: it creates its tables and the plugin's, and the demo people. */
    static void bootstrap(String url, PrintStream log) throws Exception {
        log.println("Creating the SIS and plugin tables (starting the host once)...");
        Path root = BenchPaths.projectRoot();
        Path dataDir = Files.createTempDirectory("utbackpack-bench-boot");
        try (Host host = Host.start(new Host.Settings("127.0.0.1", 0, dataDir, url, true,
                Host.PluginSource.sourceTree(root, BenchPaths.pluginClasses()), Map.of()))) {
            log.println("  plugins: " + host.plugins().size());
        }
    }

    private void generate() throws SQLException, InterruptedException {
        List<long[]> schools = schools();
        long[][] students = students(schools);          // {dcid, grade, index, hasSsid}
        log.printf("  %,d students%n", students.length);
        long[][] links = guardians(students);            // {guardianId, studentDcid, parentAccess}
        log.printf("  %,d guardian links%n", links.length);
        pendingRequests(links, students);
        log.printf("  %,d pending guardian requests%n", spec.pending());
        files(students);
        decidedRequests();
    }

    // ------------------------------------------------------------------ schools and students

    /** {id, lowGrade, highGrade}: elementary K-6, junior high 7-9, high 10-12. */
    private List<long[]> schools() throws SQLException {
        List<long[]> schools = new ArrayList<>();
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO SCHOOLS (ID, SCHOOL_NUMBER, NAME, LOW_GRADE,"
                    + " HIGH_GRADE) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < PLACES.length; i++) {
                    int kind = i < 30 ? 0 : i < 39 ? 1 : 2;
                    long id = 1000 + i;
                    int low = kind == 0 ? -1 : kind == 1 ? 7 : 10;
                    int high = kind == 0 ? 6 : kind == 1 ? 9 : 12;
                    String name = PLACES[i] + (kind == 0 ? " Elementary" : kind == 1 ? " Junior High" : " High School");
                    ps.setLong(1, id);
                    ps.setString(2, String.valueOf(id));
                    ps.setString(3, name);
                    ps.setInt(4, low);
                    ps.setInt(5, high);
                    ps.addBatch();
                    schools.add(new long[] {id, low, high});
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return schools;
    }

    private long[][] students(List<long[]> schools) throws SQLException {
        int n = spec.students() - 4; // the demo's four are already there
        int[] grades = new int[n];
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO STUDENTS (ID, STUDENT_NUMBER, FIRST_NAME,"
                    + " MIDDLE_NAME, LAST_NAME, DOB, GENDER, GRADE_LEVEL, SCHOOLID, ENROLL_STATUS, STATE_STUDENTNUMBER)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")) {
                for (int i = 0; i < n; i++) {
                    int grade = random.nextInt(14) - 1;
                    grades[i] = grade;
                    long[] school = school(schools, grade);
                    boolean female = random.nextBoolean();
                    ps.setLong(1, FIRST_STUDENT_ID + i);
                    ps.setString(2, String.valueOf(300_000 + i));
                    ps.setString(3, FIRST[random.nextInt(FIRST.length)]);
                    if (random.nextInt(3) == 0) {
                        ps.setNull(4, Types.VARCHAR);
                    } else {
                        ps.setString(4, FIRST[random.nextInt(FIRST.length)]);
                    }
                    ps.setString(5, LAST[random.nextInt(LAST.length)]);
                    ps.setDate(6, java.sql.Date.valueOf(birthDate(grade)));
                    ps.setString(7, female ? "F" : "M");
                    ps.setInt(8, grade);
                    ps.setLong(9, school[0]);
                    // one student in twenty has no SSID yet (new to Utah, or a data entry backlog)
                    if (random.nextInt(20) == 0) {
                        ps.setNull(10, Types.VARCHAR);
                    } else {
                        ps.setString(10, String.valueOf(FIRST_SSID + i));
                    }
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        ps.executeBatch();
                    }
                    if ((i + 1) % 20_000 == 0) {
                        c.commit();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        long[][] students = new long[n][];
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT DCID, ID, STATE_STUDENTNUMBER FROM STUDENTS WHERE ID >= ? ORDER BY ID")) {
            ps.setLong(1, FIRST_STUDENT_ID);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int index = (int) (rs.getLong(2) - FIRST_STUDENT_ID);
                    students[index] = new long[] {rs.getLong(1), grades[index], index, rs.getString(3) == null ? 0 : 1};
                }
            }
        }
        return students;
    }

    private long[] school(List<long[]> schools, int grade) {
        List<long[]> fit = schools.stream().filter(s -> grade >= s[1] && grade <= s[2]).toList();
        return fit.get(random.nextInt(fit.size()));
    }

    private static LocalDate birthDate(int grade) {
        // a first grader turned six by September 1st of this school year
        return LocalDate.of(2018 - grade, 9, 2).plusDays(Math.floorMod(grade * 37L + 11, 360));
    }

    // ------------------------------------------------------------------ guardians and requests

    /**
     * One guardian account per household: most students have one, a third share theirs with a sibling.
     * Parent access is on for nineteen links in twenty. Returns {guardianId, studentDcid, parentAccess}.
     */
    private long[][] guardians(long[][] students) throws SQLException {
        String hash = Passwords.hash(UUID.randomUUID().toString()); // nobody signs in as these
        List<long[]> households = new ArrayList<>(); // {firstStudentIndex, secondStudentIndex or -1}
        for (int i = 0; i < students.length; i++) {
            if (i + 1 < students.length && random.nextInt(3) == 0) {
                households.add(new long[] {i, i + 1});
                i++;
            } else {
                households.add(new long[] {i, -1});
            }
        }
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO GUARDIAN (FIRSTNAME, LASTNAME, EMAIL, ACCOUNTID,"
                    + " PASSWORD_HASH) VALUES (?, ?, ?, ?, ?)")) {
                for (int h = 0; h < households.size(); h++) {
                    String account = GUARDIAN_PREFIX + h;
                    ps.setString(1, FIRST[random.nextInt(FIRST.length)]);
                    ps.setString(2, LAST[random.nextInt(LAST.length)]);
                    ps.setString(3, account + "@example.com");
                    ps.setString(4, account);
                    ps.setString(5, hash);
                    ps.addBatch();
                    if ((h + 1) % BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        long[] guardianIds = new long[households.size()];
        try (Connection c = data.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT GUARDIANID, ACCOUNTID FROM GUARDIAN WHERE ACCOUNTID LIKE ?")) {
            ps.setString(1, GUARDIAN_PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    guardianIds[Integer.parseInt(rs.getString(2).substring(GUARDIAN_PREFIX.length()))] = rs.getLong(1);
                }
            }
        }
        List<long[]> links = new ArrayList<>();
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO GUARDIANSTUDENT (GUARDIANID, STUDENTSDCID,"
                    + " RELATIONSHIP, PARENTACCESS) VALUES (?, ?, ?, ?)")) {
                int batched = 0;
                for (int h = 0; h < households.size(); h++) {
                    for (long index : households.get(h)) {
                        if (index < 0) {
                            continue;
                        }
                        boolean access = random.nextInt(20) != 0;
                        long dcid = students[(int) index][0];
                        ps.setLong(1, guardianIds[h]);
                        ps.setLong(2, dcid);
                        ps.setString(3, random.nextBoolean() ? "Mother" : "Father");
                        ps.setBoolean(4, access);
                        ps.addBatch();
                        links.add(new long[] {guardianIds[h], dcid, access ? 1 : 0, index});
                        if (++batched % BATCH == 0) {
                            ps.executeBatch();
                        }
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return links.toArray(new long[0][]);
    }

    /**
     * Guardian requests waiting for a decision, as at the start of a school year: made over the last 30
     * days by guardians with parent access, for students with an SSID, at most one per student.
     */
    private void pendingRequests(long[][] links, long[][] students) throws SQLException {
        List<long[]> eligible = new ArrayList<>();
        for (long[] link : links) {
            if (link[2] == 1 && students[(int) link[3]][3] == 1) {
                eligible.add(link);
            }
        }
        shuffle(eligible);
        if (eligible.size() < spec.pending()) {
            throw new IllegalStateException("Only " + eligible.size() + " guardian links can hold a request");
        }
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            // as the plugin writes a request: in the student's school (STUDENTS.SCHOOLID) when it was made
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID,"
                    + " SCHOOLID, GUARDIANID, REQUESTDATE, STATUS, STATE, ATTEMPTS, NEXTATTEMPTAT, SSID, CORRELATIONID,"
                    + " WHENCREATED, WHOCREATED) VALUES (?, (SELECT SCHOOLID FROM STUDENTS WHERE DCID = ?), ?, ?, ?,"
                    + " 'PENDING', 0, ?, ?, ?, ?, 'utbackpack')")) {
                for (int i = 0; i < spec.pending(); i++) {
                    long[] link = eligible.get(i);
                    Timestamp at = Timestamp.from(NOW.minusSeconds(random.nextInt(30 * 24 * 3600)));
                    ps.setLong(1, link[1]);
                    ps.setLong(2, link[1]);
                    ps.setLong(3, link[0]);
                    ps.setTimestamp(4, at);
                    ps.setString(5, random.nextInt(5) == 0 ? "Update" : "Retrieve");
                    ps.setTimestamp(6, at);
                    ps.setString(7, String.valueOf(FIRST_SSID + link[3]));
                    ps.setString(8, new UUID(random.nextLong(), random.nextLong()).toString());
                    ps.setTimestamp(9, at);
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Marks the decided guardian requests of the data set (WHOCREATED), so a second run finds them. */
    private static final String DECIDED_BY = "bench-decided";

    /**
     * A year of staff decisions on guardian requests, for the queue's decided list: made over the last 365
     * days by guardians with parent access, for students with an SSID, decided within three days by
     * backpack.admin, four in five approved (the file received), the others rejected with a reason. Added
     * once; false when the data set already has them.
     */
    boolean decidedRequests() throws SQLException {
        if (count(data, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE WHOCREATED = '" + DECIDED_BY + "'") > 0
                || spec.decided() == 0) {
            return false;
        }
        long staff = count(data, "SELECT DCID FROM USERS WHERE LOGINID = 'backpack.admin'");
        List<long[]> links = new ArrayList<>();
        try (Connection c = data.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT gs.GUARDIANID, gs.STUDENTSDCID, s.SCHOOLID FROM GUARDIANSTUDENT gs"
                     + " JOIN STUDENTS s ON s.DCID = gs.STUDENTSDCID WHERE gs.PARENTACCESS = TRUE AND s.ID >= "
                     + FIRST_STUDENT_ID + " AND s.STATE_STUDENTNUMBER IS NOT NULL ORDER BY gs.GUARDIANID, gs.STUDENTSDCID")) {
            while (rs.next()) {
                links.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
            }
        }
        Random r = new Random(spec.seed() + 1);
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID,"
                    + " SCHOOLID, GUARDIANID, REQUESTDATE, STATUS, RESPONSETYPE, RESPONDEDBY, RESPONDEDAT,"
                    + " RESPONSEREASON, STATE, ATTEMPTS, SSID, CORRELATIONID, COMPLETEDAT, WHENCREATED, WHOCREATED)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT STATE_STUDENTNUMBER FROM STUDENTS WHERE DCID"
                    + " = ?), ?, ?, ?, '" + DECIDED_BY + "')")) {
                for (int i = 0; i < spec.decided(); i++) {
                    long[] link = links.get(r.nextInt(links.size()));
                    Instant asked = NOW.minusSeconds(3 * 24 * 3600 + r.nextInt(362 * 24 * 3600));
                    Instant decidedAt = asked.plusSeconds(r.nextInt(3 * 24 * 3600));
                    boolean approved = r.nextInt(5) != 0;
                    ps.setLong(1, link[1]);
                    ps.setLong(2, link[2]);
                    ps.setLong(3, link[0]);
                    ps.setTimestamp(4, Timestamp.from(asked));
                    ps.setString(5, r.nextInt(5) == 0 ? "Update" : "Retrieve");
                    ps.setString(6, approved ? "Approved" : "Rejected");
                    ps.setLong(7, staff);
                    ps.setTimestamp(8, Timestamp.from(decidedAt));
                    ps.setString(9, approved ? null : "Please ask at the front office: we could not confirm your access.");
                    ps.setString(10, approved ? "RECEIVED" : "REJECTED");
                    ps.setInt(11, approved ? 2 : 0);
                    ps.setLong(12, link[1]);
                    ps.setString(13, new UUID(r.nextLong(), r.nextLong()).toString());
                    ps.setTimestamp(14, Timestamp.from(approved ? decidedAt.plusSeconds(60) : decidedAt));
                    ps.setTimestamp(15, Timestamp.from(asked));
                    ps.addBatch();
                    if ((i + 1) % BATCH == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            c.commit();
        }
        log.printf("  %,d decided guardian requests%n", spec.decided());
        return true;
    }

    // ------------------------------------------------------------------ Backpack files

    /** A document to store: for whom, which retrieval, its bytes. */
    private record Doc(long dcid, String ssid, String type, Instant at, byte[] bytes) {
    }

    private static final Doc END = new Doc(0, null, null, null, null);

    /**
     * Retrieved files until the records reach the total: Avery Jensen and Carlos Martinez first, then
     * students drawn at random (one in eight retrieved twice, a year apart, so the pages compare two).
     * The documents are made on one thread and stored on this one, in the same order every run.
     */
    private void files(long[][] students) throws SQLException, InterruptedException {
        long staff = count(data, "SELECT DCID FROM USERS WHERE LOGINID = 'backpack.admin'");
        List<long[]> withSsid = new ArrayList<>();
        for (long[] s : students) {
            if (s[3] == 1 && s[1] >= 0) {
                withSsid.add(s);
            }
        }
        shuffle(withSsid);
        BlockingQueue<Doc> queue = new ArrayBlockingQueue<>(16);
        long target = spec.records();
        Thread maker = new Thread(() -> makeDocuments(withSsid, queue), "district-documents");
        maker.setDaemon(true);
        BackpackIngest ingest = new BackpackIngest(new ObjectMapper());
        long records = 0;
        int files = 0;
        Doc[] demo = {demoDocument("1234561", SimulatedStudent.Size.TYPICAL), demoDocument("1234563",
                SimulatedStudent.Size.VERY_LARGE)};
        for (Doc d : demo) {
            records += store(ingest, d, staff);
            files++;
        }
        maker.start();
        try {
            while (records < target) {
                Doc d = queue.take();
                if (d == END) {
                    throw new IllegalStateException("Ran out of students before " + target + " records");
                }
                records += store(ingest, d, staff);
                if (++files % 500 == 0) {
                    log.printf("  %,d files, %,d records%n", files, records);
                }
            }
        } finally {
            maker.interrupt();
        }
        log.printf("  %,d files, %,d records%n", files, records);
    }

    /** Runs on its own thread; a student's documents depend only on the student and the day. */
    private void makeDocuments(List<long[]> students, BlockingQueue<Doc> queue) {
        ObjectMapper json = new ObjectMapper();
        Random twice = new Random(spec.seed() + 1);
        try {
            for (long[] s : students) {
                SimulatedStudent student = simulated(s);
                boolean again = twice.nextInt(8) == 0;
                if (again) {
                    LocalDate earlier = TODAY.minusYears(1);
                    queue.put(new Doc(s[0], student.ssid(), "Retrieve", NOW.minus(Duration.ofDays(365)),
                            json.writeValueAsBytes(BackpackGenerator.generate(student, earlier,
                                    earlier.atTime(12, 0).toInstant(ZoneOffset.UTC)))));
                }
                queue.put(new Doc(s[0], student.ssid(), again ? "Update" : "Retrieve", NOW,
                        json.writeValueAsBytes(BackpackGenerator.generate(student, TODAY, NOW))));
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private SimulatedStudent simulated(long[] s) {
        return simulated(spec.seed(), (int) s[2], (int) s[1]);
    }

    /** The state's view of generated student {@code index} (its SSID is FIRST_SSID + index). */
    static SimulatedStudent simulated(long seed, int index, int grade) {
        Random names = new Random(seed ^ index);
        return new SimulatedStudent(String.valueOf(FIRST_SSID + index), DemoData.LEA_NUMBER, DemoData.LEA_NAME,
                FIRST[names.nextInt(FIRST.length)], null, LAST[names.nextInt(LAST.length)], birthDate(grade),
                names.nextBoolean() ? "F" : "M", grade, SimulatedStudent.Size.TYPICAL);
    }

    private Doc demoDocument(String ssid, SimulatedStudent.Size size) throws SQLException {
        long dcid = count(data, "SELECT DCID FROM STUDENTS WHERE STATE_STUDENTNUMBER = '" + ssid + "'");
        SimulatedStudent s = ssid.equals("1234561")
                ? new SimulatedStudent(ssid, DemoData.LEA_NUMBER, DemoData.LEA_NAME, "Avery", "Lynn", "Jensen",
                LocalDate.of(2009, 4, 12), "F", 11, size)
                : new SimulatedStudent(ssid, DemoData.LEA_NUMBER, DemoData.LEA_NAME, "Carlos", "Andres", "Martinez",
                LocalDate.of(2008, 1, 27), "M", 12, size);
        try {
            return new Doc(dcid, ssid, "Retrieve", NOW,
                    new ObjectMapper().writeValueAsBytes(BackpackGenerator.generate(s, TODAY, NOW)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A staff request that brought the file, the file and its records, in one transaction. */
    private int store(BackpackIngest ingest, Doc d, long staff) throws SQLException {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            long requestId;
            String idColumn = c.getMetaData().storesLowerCaseIdentifiers() ? "id" : "ID";
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO S_UT_STU_BACKPACKREQUEST_C (STUDENTSDCID,"
                    + " SCHOOLID, REQUESTEDBY, REQUESTDATE, STATUS, RESPONSETYPE, RESPONDEDBY, RESPONDEDAT, STATE,"
                    + " ATTEMPTS, NEXTATTEMPTAT, SSID, CORRELATIONID, COMPLETEDAT, WHENCREATED, WHOCREATED)"
                    + " VALUES (?, (SELECT SCHOOLID FROM STUDENTS WHERE DCID = ?), ?, ?, ?, 'Approved', ?, ?,"
                    + " 'RECEIVED', 2, ?, ?, ?, ?, ?, 'utbackpack')",
                    new String[] {idColumn})) {
                Timestamp at = Timestamp.from(d.at());
                ps.setLong(1, d.dcid());
                ps.setLong(2, d.dcid());
                ps.setLong(3, staff);
                ps.setTimestamp(4, at);
                ps.setString(5, d.type());
                ps.setLong(6, staff);
                ps.setTimestamp(7, at);
                ps.setTimestamp(8, at);
                ps.setString(9, d.ssid());
                ps.setString(10, new UUID(random.nextLong(), random.nextLong()).toString());
                ps.setTimestamp(11, at);
                ps.setTimestamp(12, at);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    requestId = keys.getLong(1);
                }
            }
            BackpackIngest.Stored stored = ingest.store(c, d.dcid(), requestId, d.ssid(), d.bytes(), d.at());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE S_UT_STU_BACKPACKREQUEST_C SET FILEID = ? WHERE ID = ?")) {
                ps.setLong(1, stored.fileId());
                ps.setLong(2, requestId);
                ps.executeUpdate();
            }
            c.commit();
            return stored.records();
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Brings the optimizer's statistics up to date after the bulk load, as a database in service has them
     * (PostgreSQL's autovacuum; VACUUM also marks pages all-visible, for index-only scans).
     */
    private static void analyze(DataSource ds, PrintStream log) throws SQLException {
        log.println("  analyzing...");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            s.execute(postgres ? "VACUUM ANALYZE" : "ANALYZE");
        }
    }

    private <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    static Summary summary(DataSource ds, Duration took) throws SQLException {
        long records = 0;
        for (String table : Arrays.asList("U_UT_BP_ENROLLMENT", "U_UT_BP_COURSEGRADE", "U_UT_BP_COURSEHIST",
                "U_UT_BP_ATTENDANCE", "U_UT_BP_TEACHER", "U_UT_BP_ASSESSMENT")) {
            records += count(ds, "SELECT COUNT(*) FROM " + table);
        }
        return new Summary(count(ds, "SELECT COUNT(*) FROM STUDENTS"), records,
                count(ds, "SELECT COUNT(*) FROM U_UT_BP_FILE"),
                count(ds, "SELECT COUNT(*) FROM S_UT_STU_BACKPACKREQUEST_C WHERE STATE = 'PENDING'"),
                count(ds, "SELECT COUNT(*) FROM GUARDIAN"), took);
    }

    static long count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static boolean hasColumn(DataSource ds, String table, String column) throws SQLException {
        try (Connection c = ds.getConnection()) {
            var meta = c.getMetaData();
            boolean lower = meta.storesLowerCaseIdentifiers();
            try (ResultSet rs = meta.getColumns(null, null, lower ? table.toLowerCase() : table,
                    lower ? column.toLowerCase() : column)) {
                return rs.next();
            }
        }
    }

    private static boolean hasTable(DataSource ds, String table) throws SQLException {
        try (Connection c = ds.getConnection()) {
            var meta = c.getMetaData();
            String name = meta.storesLowerCaseIdentifiers() ? table.toLowerCase() : table;
            try (ResultSet rs = meta.getTables(null, null, name, null)) {
                return rs.next();
            }
        }
    }
}
