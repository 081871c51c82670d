package org.utbackpack.host.db;

import com.zaxxer.hikari.HikariDataSource;
import liquibase.resource.DirectoryResourceAccessor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.utbackpack.host.auth.Roles;
import org.utbackpack.testing.Databases;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A database made before school staff rows and roles existed keeps working after the upgrade. */
class CoreSchemaUpgradeTest {

    private static final String CHANGELOG = "org/utbackpack/host/db/core-changelog.xml";

    @ParameterizedTest
    @MethodSource("org.utbackpack.testing.Databases#kinds")
    void existingStaffGetSchoolStaffRowsAndAdministratorsKeepTheirRights(Databases.Kind kind, @TempDir Path dir)
            throws Exception {
        try (HikariDataSource dataSource = Databases.newDataSource(kind)) {
            migrateAsBefore(dataSource, dir);
            Sql sql = new Sql(dataSource);
            sql.update("INSERT INTO USERS (LOGINID, FIRST_NAME, LAST_NAME, PASSWORD_HASH, HOMESCHOOLID, SYSADMIN)"
                    + " VALUES ('old.admin', 'Ada', 'Old', 'x', 100, ?)", true);
            sql.update("INSERT INTO USERS (LOGINID, FIRST_NAME, LAST_NAME, PASSWORD_HASH, SYSADMIN)"
                    + " VALUES ('old.teacher', 'Tom', 'Old', 'x', ?)", false);

            HostDatabase.migrateCore(dataSource);

            long admin = sql.first("SELECT DCID FROM USERS WHERE LOGINID = 'old.admin'", rs -> rs.getLong(1)).orElseThrow();
            long teacher = sql.first("SELECT DCID FROM USERS WHERE LOGINID = 'old.teacher'", rs -> rs.getLong(1)).orElseThrow();
            assertEquals(List.of(100L), sql.query("SELECT SCHOOLID FROM SCHOOLSTAFF WHERE USERS_DCID = ?",
                    rs -> rs.getLong(1), admin));
            assertEquals(List.of(0L), sql.query("SELECT SCHOOLID FROM SCHOOLSTAFF WHERE USERS_DCID = ?",
                    rs -> rs.getLong(1), teacher), "no home school: the district office row");
            Roles roles = new Roles(sql);
            assertEquals(Set.of("student.ssid.edit", "guardian.parentaccess.edit", "utbackpack.staffaccess.edit"),
                    roles.permissionsOf(admin));
            assertEquals(Set.of(), roles.permissionsOf(teacher));
        }
    }

    /** Runs the core changelog as it was before SCHOOLSTAFF and roles (the same file name, so they resume). */
    private static void migrateAsBefore(HikariDataSource dataSource, Path dir) throws Exception {
        String full;
        try (var in = CoreSchemaUpgradeTest.class.getClassLoader().getResourceAsStream(CHANGELOG)) {
            full = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int cut = full.indexOf("  <!-- The school staff rows");
        Path file = dir.resolve(CHANGELOG);
        Files.createDirectories(file.getParent());
        Files.writeString(file, full.substring(0, cut) + "</databaseChangeLog>\n");
        try (Connection c = dataSource.getConnection()) {
            LiquibaseRunner.update(c, new DirectoryResourceAccessor(dir), CHANGELOG);
        }
    }
}
