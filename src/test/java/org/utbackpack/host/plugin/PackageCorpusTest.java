package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packages shaped like the ones districts publish and run: wildcards, fragments of wildcards with
 * placement files, Enhanced Navigation JSON, the SIS's page tags, message keys, query names with a
 * digit-led part and queries without ORDER BY. The SIS installs them, so {@code validate} accepts them
 * (conventions are warnings); each broken variant is refused with the file and line.
 */
class PackageCorpusTest {

    @TempDir
    Path dir;

    /** A student-profile style package: portal and admin pages, a wildcard, a child table, two PowerQueries. */
    static Map<String, String> studentProfile() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("plugin.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <plugin xmlns="http://plugin.powerschool.pearson.com" name="Student Profile" version="2.4.1"
                        description="Student overview for staff and parents">
                  <publisher name="Example School District"><contact email="it@example.k12.ut.us"/></publisher>
                  <access_request>
                    <field table="STUDENTS" field="DCID" access="ViewOnly"/>
                    <field table="STUDENTS" field="ID" access="ViewOnly"/>
                    <field table="STUDENTS" field="FIRST_NAME" access="ViewOnly"/>
                    <field table="STUDENTS" field="LAST_NAME" access="ViewOnly"/>
                    <field table="STUDENTS" field="DOB" access="ViewOnly"/>
                    <field table="STUDENTS" field="SCHOOLID" access="ViewOnly"/>
                    <field table="SCHOOLS" field="SCHOOL_NUMBER" access="ViewOnly"/>
                    <field table="SCHOOLS" field="NAME" access="ViewOnly"/>
                  </access_request>
                </plugin>
                """);
        files.put("user_schema_root/u_sp_contacts.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <psExtension xmlns="http://www.powerschool.com">
                  <extensionname>U_SP_CONTACTS</extensionname>
                  <extendedTable coreTable="STUDENTS" dbTableName="U_SP_CONTACTS" childName="U_SP_CONTACTS">
                    <field name="PRIORITY" type="Integer"/>
                    <field name="FIRST_NAME" type="String" length="60"/>
                    <field name="LAST_NAME" type="String" length="60"/>
                    <field name="VERIFIED" type="Date"/>
                  </extendedTable>
                </psExtension>
                """);
        files.put("queries_root/sp.overview.named_queries.xml", """
                <queries>
                    <query flattened="true" name="com.example.sp.overview.general">
                        <args>
                            <arg description="STUDENTS.DCID" name="students_dcid" required="true" type="primitive"/>
                        </args>
                        <columns>
                            <column column="students.id">id</column>
                            <column column="students.first_name">first_name</column>
                            <column column="students.dob">dob</column>
                            <column column="schools.name">school_name</column>
                        </columns>
                        <sql>
                            <![CDATA[
                  SELECT
                    students.id,
                    students.first_name,
                    TO_CHAR(students.dob, 'MM/DD/YYYY') AS dob,
                    schools.name
                  FROM students
                    JOIN schools ON students.schoolid = schools.school_number
                  WHERE students.dcid = :students_dcid
                ]]>
                        </sql>
                    </query>
                    <query flattened="true" name="com.example.sync.contacts.01other">
                        <args>
                            <arg description="STUDENTS.DCID" name="students_dcid" required="true" type="primitive"/>
                        </args>
                        <columns>
                            <column column="u_sp_contacts.id">id</column>
                            <column column="u_sp_contacts.priority">priority</column>
                            <column column="u_sp_contacts.last_name">name</column>
                        </columns>
                        <sql><![CDATA[
                  SELECT c.id, c.priority, c.last_name || ', ' || c.first_name
                  FROM u_sp_contacts c
                  WHERE c.studentsdcid = :students_dcid
                ]]></sql>
                    </query>
                    <query flattened="true" name="com.example.sp.overview.contact_names" coreTable="STUDENTS">
                        <args>
                            <arg name="students_dcid" required="true" type="primitive"/>
                            <arg name="prefix" required="false" type="primitive"/>
                        </args>
                        <columns>
                            <column column="students.id">id</column>
                            <column column="u_sp_contacts.last_name">names</column>
                            <column column="u_sp_contacts.verified">verified</column>
                        </columns>
                        <sql><![CDATA[
                  WITH recent AS (SELECT c.studentsdcid, CASE WHEN c.verified < sysdate THEN 'true' ELSE 'false' END AS flag
                                  FROM u_sp_contacts c)
                  SELECT s.id,
                         chr(91) || listagg('"' || c.last_name || '"', ',') WITHIN GROUP (ORDER BY c.priority) || chr(93) AS names,
                         nvl(MAX(r.flag), 'false') AS verified
                  FROM students s
                    LEFT JOIN u_sp_contacts c ON c.studentsdcid = s.dcid
                    LEFT JOIN recent r ON r.studentsdcid = s.dcid
                  WHERE s.dcid = :students_dcid AND (c.last_name LIKE :prefix || '%' OR :prefix IS NULL)
                  -- one row per student
                  GROUP BY s.id
                  ORDER BY s.id
                ]]></sql>
                    </query>
                </queries>
                """);
        files.put("permissions_root/sp.permission_mappings.xml", """
                <permission_mappings>
                  <permission name="/admin/students/student-profile.html">
                    <implies allow="post">/ws/schema/query/com.example.sp.overview.general</implies>
                    <implies allow="post">/ws/schema/query/com.example.sync.contacts.01other</implies>
                  </permission>
                </permission_mappings>
                """);
        files.put("web_root/wildcards/sp_profile_styles.txt", "<link href=\"/scripts/sp/sp.css\" rel=\"stylesheet\">\n");
        files.put("web_root/wildcards/guardian_header.sp.leftnav.footer.txt",
                "<li><a href=\"/guardian/student-profile.html\">~[text:psx.html.guardian.sp.nav]</a></li>\n");
        files.put("web_root/wildcards/guardian_header_yui.sp.leftnav.footer.txt",
                "<li><a href=\"/guardian/student-profile.html\">~[text:psx.html.guardian.sp.nav]</a></li>\n");
        files.put("web_root/admin/students/more2.student-profile.leftnav.footer.txt",
                "<li><a href=\"/admin/students/student-profile.html?frn=~(studentfrn)\">Student Profile</a></li>\n");
        files.put("web_root/admin/students/more2.student-profile.leftnav.footer.xml", """
                <insertionMetadata>
                  <inject location="#std_information ul" how="append"/>
                </insertionMetadata>
                """);
        files.put("web_root/admin/students/student-profile.html", """
                <!DOCTYPE html>
                <html>
                <head>
                  <title>~[text:psx.html.admin_students.student_profile.title]</title>
                  ~[wc:commonscripts]
                  ~[wc:sp_profile_styles]
                  <link href="/styles/screen.css" rel="stylesheet" media="screen">
                </head>
                <body>
                  ~[wc:admin_header_frame_css]
                  ~[wc:title_student_begin_css]Student Profile~[wc:title_student_end_css]
                  ~[if.security.pageview=/admin/students/generaldemographics.html]
                    <a href="generaldemographics.html?frn=~(studentfrn)">~(lastfirst)</a>
                  [/if]
                  <div id="profile" data-dcid="~(id)"></div>
                  ~[wc:admin_footer_frame_css]
                </body>
                </html>
                """);
        files.put("web_root/guardian/student-profile.html", """
                <!DOCTYPE html>
                <html>
                <head><title>~[text:psx.html.guardian.sp.title]</title>~[wc:commonscripts]</head>
                <body>
                  ~[wc:guardian_header]
                  <div id="profile" data-student="~[x:userid]"></div>
                  ~[wc:guardian_footer]
                </body>
                </html>
                """);
        files.put("web_root/scripts/sp/sp.css", "#profile { margin: 0; }\n");
        files.put("web_root/scripts/sp/readme.txt", "Styles for the student profile.\n");
        files.put("pagecataloging/SPNav.json", """
                {"pages": [{"page": "/admin/students/student-profile.html", "title": "Student Profile",
                  "category": "Information", "keywords": ["profile", "overview"]}]}
                """);
        files.put("web_root/pagecataloging/SPGuardianNav.json", "{\"pages\": []}\n");
        files.put("MessageKeys/SP.US_en.properties", """
                psx.html.admin_students.student_profile.title=Student Profile
                psx.html.guardian.sp.title=Student Profile
                psx.html.guardian.sp.nav=Student Profile
                """);
        files.put("MessageKeys/SP.US_es.properties", "psx.html.guardian.sp.nav=Perfil del estudiante\n");
        return files;
    }

    @Test
    void aDistrictPackageIsAcceptedWithItsConventionsAsWarnings() throws IOException {
        Path zip = zip(studentProfile());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = ValidateCommand.run(zip, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        assertTrue(output.contains("OK: Student Profile 2.4.1"), output);
        assertTrue(output.contains("queries_root/sp.overview.named_queries.xml:14: warning: com.example.sp.overview.general:"
                + " SQL has no ORDER BY"), output);
        assertTrue(output.contains("part '01other' is not lower-case snake_case"), output);
        assertTrue(output.contains("web_root/scripts/sp/readme.txt:0: warning: not a page fragment"), output);
        assertFalse(output.contains("wildcards/sp_profile_styles.txt"), "a wildcard is not a fragment: " + output);
        assertFalse(output.contains("~[wc:"), "every wildcard the pages include exists: " + output);
        assertFalse(output.contains("pagecataloging"), output);
        assertFalse(output.contains("MessageKeys"), output);

        assertEquals(1, ValidateCommand.run(zip, true, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)),
                "--strict refuses what only warns");
    }

    record Broken(String what, String file, UnaryOperator<String> change, int line, String message, boolean error) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Broken> broken() {
        return Stream.of(
                new Broken("plugin.xml does not parse", "plugin.xml",
                        x -> x.replace("</publisher>", "</publish>"), 4, "not well-formed XML", true),
                new Broken("no plugin name", "plugin.xml",
                        x -> x.replace("name=\"Student Profile\" ", ""), 3, "needs a name", true),
                new Broken("no plugin version", "plugin.xml",
                        x -> x.replace("version=\"2.4.1\"", ""), 3, "needs a version", true),
                new Broken("a String field without a length", "user_schema_root/u_sp_contacts.xml",
                        x -> x.replace(" length=\"60\"/>\n    <field name=\"LAST_NAME\"", "/>\n    <field name=\"LAST_NAME\""),
                        6, "needs length", true),
                new Broken("a query file that does not parse", "queries_root/sp.overview.named_queries.xml",
                        x -> x.replaceFirst("</columns>", "</colums>"), 11, "not well-formed XML", true),
                new Broken("two queries with one name", "queries_root/sp.overview.named_queries.xml",
                        x -> x.replace("com.example.sync.contacts.01other\"", "com.example.sp.overview.general\""),
                        25, "is already declared at queries_root/sp.overview.named_queries.xml:2", true),
                new Broken("a query that writes", "queries_root/sp.overview.named_queries.xml",
                        x -> x.replace("WHERE c.studentsdcid = :students_dcid\n",
                                "WHERE c.studentsdcid = :students_dcid;\n DELETE FROM u_sp_contacts\n"),
                        37, "a PowerQuery is exactly one SELECT", true),
                new Broken("a query reading a field access_request does not list", "queries_root/sp.overview.named_queries.xml",
                        x -> x.replace("students.first_name,\n", "students.first_name || students.gender,\n"),
                        16, "reads STUDENTS.GENDER, which plugin.xml's access_request does not list", false),
                new Broken("a query reading a credential", "queries_root/sp.overview.named_queries.xml",
                        x -> x.replace("students.first_name,\n", "students.first_name || students.password,\n"),
                        16, "reads STUDENTS.PASSWORD, which the SIS never grants", true),
                new Broken("a query reading the host's own table", "queries_root/sp.overview.named_queries.xml",
                        x -> x.replace("WHERE students.dcid = :students_dcid\n",
                                "WHERE students.dcid = :students_dcid AND students.id IN (SELECT id FROM host_plugin)\n"),
                        21, "reads the table HOST_PLUGIN, which the SIS never grants", true),
                new Broken("a placement file that is not XML", "web_root/admin/students/more2.student-profile.leftnav.footer.xml",
                        x -> x.replace("</insertionMetadata>", "</insertion>"), 3, "not well-formed XML", true),
                new Broken("a page including a wildcard nobody has", "web_root/guardian/student-profile.html",
                        x -> x.replace("~[wc:guardian_footer]", "~[wc:district_footer]"), 7,
                        "~[wc:district_footer], which neither this package", false),
                new Broken("navigation JSON that does not parse", "pagecataloging/SPNav.json",
                        x -> x.replace("\"Information\",", "\"Information\""), 2, "not JSON", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenVariantsNameFileAndLine(Broken broken) throws IOException {
        Map<String, String> files = studentProfile();
        String changed = broken.change().apply(files.get(broken.file()));
        assertFalse(changed.equals(files.get(broken.file())), "the test changes " + broken.file());
        files.put(broken.file(), changed);
        Path zip = zip(files);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = ValidateCommand.run(zip, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        String prefix = broken.file() + ":" + broken.line() + ": " + (broken.error() ? "" : "warning: ");
        assertTrue(output.lines().anyMatch(l -> l.startsWith(prefix) && l.contains(broken.message())),
                "expected '" + prefix + "..." + broken.message() + "' in:\n" + output);
        assertEquals(broken.error() ? 1 : 0, exit, output);
    }

    private Path zip(Map<String, String> files) throws IOException {
        Path zip = Files.createTempFile(dir, "package", ".zip");
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : new TreeMap<>(files).entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }

    /**
     * A Data Export Manager style package: PowerQueries and permission mappings only, no access_request
     * (DEM runs them in the signed-in user's session), Oracle SQL as districts write it: the outer join
     * marker (+), PowerSchool's selection tag, an alias the parser reserves (sel), interval conversions,
     * PowerSchool's PS_CUSTOMFIELDS functions, column targets with digit-led parts.
     */
    static Map<String, String> dataExport() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("plugin.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <plugin xmlns="http://plugin.powerschool.pearson.com"
                        xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                        xsi:schemaLocation="http://plugin.powerschool.pearson.com plugin.xsd"
                        name="LMS Roster Export" version="2.3.20240501" description="Roster files for the LMS">
                  <publisher name="Example International School"><contact email="data@example.org"/></publisher>
                </plugin>
                """);
        files.put("queries_root/10_sections.named_queries.xml", """
                <queries>
                  <query name="com.example.lms.roster.10sections" coreTable="cc" flattened="false">
                    <description>sections of the selected students</description>
                    <columns>
                      <column column="SECTIONS.ID">section_id</column>
                      <column column="COURSES.COURSE_NAME">course_name</column>
                      <column column="Roster.01Teacher">teacher</column>
                      <column column="GEN.NAME">activity</column>
                    </columns>
                    <sql><![CDATA[
                      SELECT DISTINCT
                        sec.id AS section_id,
                        crs.course_name,
                        t.lastfirst AS teacher,
                        PS_CustomFields.GetStudentsCF(sel.id, 'activity') AS activity
                      FROM (SELECT id, dcid FROM students
                            WHERE <@restricted_table table="students" selector="selectedstudents"/>) sel
                        JOIN cc ON cc.studentid = sel.id
                        JOIN sections sec ON sec.id = ABS(cc.sectionid)
                        JOIN courses crs ON crs.course_number = sec.course_number,
                        teachers t
                      WHERE sec.teacher = t.id(+)
                        AND cc.dateleft > SYSDATE - TO_DSINTERVAL('30 00:00:00')
                      ORDER BY sec.id
                    ]]></sql>
                  </query>
                </queries>
                """);
        files.put("permissions_root/10_sections.permission_mappings.xml", """
                <permission_mappings>
                  <permission name="/admin/home.html">
                    <implies allow="post">/ws/schema/query/com.example.lms.roster.10sections</implies>
                  </permission>
                </permission_mappings>
                """);
        return files;
    }

    @Test
    void aDataExportPackageWithoutAccessRequestIsAcceptedWithWarnings() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = ValidateCommand.run(zip(dataExport()), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output);
        assertTrue(output.contains("OK: LMS Roster Export 2.3.20240501 (0 extension tables, 1 queries, 1 permission mappings;"),
                output);
        String file = "queries_root/10_sections.named_queries.xml:";
        assertTrue(output.contains(file + "16: warning: com.example.lms.roster.10sections: reads the table STUDENTS,"
                + " which is neither one of the plugin's extension tables nor listed in plugin.xml's access_request;"
                + " the SIS installs the query but answers 403"), output);
        assertTrue(output.contains(file + "19: warning: com.example.lms.roster.10sections: reads the table SECTIONS"), output);
        assertTrue(output.contains(file + "15: warning: com.example.lms.roster.10sections: calls"
                + " PS_CUSTOMFIELDS.GETSTUDENTSCF(), a function of PowerSchool's own database"), output);
        assertTrue(output.lines().noneMatch(l -> l.contains("(+)") || l.contains("T.ID()") || l.contains("TO_DSINTERVAL")
                || l.contains("cannot be read") || l.contains("restricted_table") || l.contains("needs column=")), output);
    }

    @Test
    void theSelectionTagIsWhatTheSisRunsWithoutASelection() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("export"));
        for (Map.Entry<String, String> file : dataExport().entrySet()) {
            Files.createDirectories(folder.resolve(file.getKey()).getParent());
            Files.writeString(folder.resolve(file.getKey()), file.getValue());
        }

        String sql = PluginPackage.fromDirectory(folder).namedQueries().get(0).sql();

        assertTrue(sql.contains("FROM students\n") && sql.contains("WHERE 1=1) sel"), sql);
        assertFalse(sql.contains("<@"), sql);
    }

    @Test
    void theCorpusHoldsEveryKindOfFile() {
        List<String> names = List.copyOf(studentProfile().keySet());
        for (String part : List.of("web_root/wildcards/", ".leftnav.footer.xml", "pagecataloging/", "MessageKeys/",
                "user_schema_root/", "permissions_root/")) {
            assertTrue(names.stream().anyMatch(n -> n.contains(part)), part);
        }
    }
}
