package org.utbackpack.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of docs/ARCHITECTURE.md that the build enforces. The plugin is installed into a district's SIS,
 * which knows nothing of the local host: a plugin class that reached into the host would work here and fail
 * there.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.utbackpack");
    }

    @Test
    void thePluginNeverUsesTheHost() {
        noClasses().that().resideInAPackage("org.utbackpack.plugin..")
                .should().dependOnClassesThat().resideInAPackage("org.utbackpack.host..")
                .because("the plugin runs in a district's SIS, where the local host does not exist")
                .check(production);
    }

    @Test
    void thePluginUsesOnlyWhatTheSisProvidesAndItsOwnLibraries() {
        noClasses().that().resideInAPackage("org.utbackpack.plugin..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.eclipse.jetty..", "org.apache.velocity..", "com.zaxxer..", "liquibase..",
                        "org.h2..", "org.postgresql..", "oracle..")
                .because("the plugin's jar ships only Jackson and HttpClient; the SIS hands it the Servlet API"
                        + " and a DataSource")
                .check(production);
    }

    @Test
    void thePluginsPackagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.utbackpack.plugin.(*)..").should().beFreeOfCycles()
                .because("each of the plugin's packages can then be read, tested and changed from the bottom up")
                .check(production);
    }

    @Test
    void theHostsPackagesDependOnEachOtherWithoutCycles() {
        slices().matching("org.utbackpack.host.(*)..").should().beFreeOfCycles()
                .because("each of the host's packages can then be read, tested and changed from the bottom up")
                .check(production);
    }

    @Test
    void servletsNeverTouchTheDatabase() {
        noClasses().that().areAssignableTo(HttpServlet.class)
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..",
                        "org.utbackpack.plugin.db..", "org.utbackpack.host.db..")
                .because("a servlet reads the request and writes the answer; SQL lives in one repository or"
                        + " service class per table, where it can be tested on every database")
                .check(production);
    }
}
