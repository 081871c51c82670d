package org.utbackpack.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules of docs/ARCHITECTURE.md that the build enforces. The plugin is installed into a district's SIS,
 * which knows nothing of the local host: a plugin class that reached into the host would work here and fail
 * there.
 */
class ArchitectureTest {

    /**
     * The plugin's public types: what another of its packages uses. Everything else is package-private; a type
     * that has to become public is added here, so the surface grows only on purpose.
     */
    private static final Set<String> PUBLIC_PLUGIN_TYPES = Set.of(
            // the composition root, which the SIS finds through the jar's ServletContainerInitializer entry
            "BackpackPlugin", "BackpackException",
            // each web feature's registration, and what the features share
            "web.SharedRoutes", "web.BrokerServlet", "web.Routes", "web.requests.RequestRoutes",
            "web.decisions.DecisionRoutes", "web.staffaccess.StaffAccessRoutes", "web.export.ExportRoutes",
            "web.settings.SettingsRoutes",
            // the services and repositories the features are handed
            "access.StaffAccess", "access.StaffAccessEditor", "export.BackpackExport", "export.StoredFile",
            "request.RequestService", "request.RequestRepository", "request.RequestRetry", "request.RequestCancel",
            "request.BackpackRequest", "request.RequestState", "request.StudentRecord", "request.Forwarder",
            "request.ForwarderSettings",
            // what several packages below the features share
            "audit.AuditLog", "audit.DisclosureLog", "audit.ElementNames", "sis.Sis", "db.Jdbc",
            "backpack.BackpackIngest", "backpack.DocumentException", "backpack.ElementCatalog", "backpack.FileSummary",
            "backpack.RecordKeys",
            "source.StateConnection", "source.StoredFileSource", "edfi.UsimsConfig", "edfi.UsimsSource",
            "utrex.UtrexApi", "utrex.UtrexClient", "utrex.UtrexConfig", "utrex.UtrexConfigException",
            "utrex.UtrexException");

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
    void theHostNeverUsesThePluginsClasses() {
        noClasses().that().resideInAPackage("org.utbackpack.host..")
                .should().dependOnClassesThat().resideInAPackage("org.utbackpack.plugin..")
                .because("the host's jar leaves the plugin's classes out and loads the plugin from its zip, as a"
                        + " district's SIS does: a host class that used one would fail there (what both need is"
                        + " kept twice, with a test holding the copies together, like UtahTime)")
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

    @Test
    void webFeaturesDependOnlyOnWhatTheyShareNeverOnEachOther() {
        slices().matching("org.utbackpack.plugin.web.(*)..").should().notDependOnEachOther()
                .because("each feature (requests, decisions, staff access, export, settings) can then be read and"
                        + " changed alone; what two features need sits in org.utbackpack.plugin.web")
                .check(production);
        noClasses().that().resideInAPackage("org.utbackpack.plugin.web")
                .should().dependOnClassesThat().resideInAPackage("org.utbackpack.plugin.web.*..")
                .because("the shared web package is below the features that use it")
                .check(production);
        classes().that().resideInAPackage("org.utbackpack.plugin.web.*..")
                .should().onlyHaveDependentClassesThat().resideInAnyPackage("org.utbackpack.plugin",
                        "org.utbackpack.plugin.web.*..")
                .because("a feature is registered by the composition root, BackpackPlugin, and used by nothing else")
                .check(production);
    }

    @Test
    void theWebPackagesHoldNoSql() {
        noClasses().that().resideInAPackage("org.utbackpack.plugin.web..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.utbackpack.plugin.db..")
                .because("the web side reads the request and writes the answer; SQL lives in the repository classes"
                        + " (RequestRepository, StaffAccess, the export's StoredFiles) it is handed")
                .check(production);
    }

    @Test
    void aWebFeatureShowsOnlyItsRegistration() {
        classes().that().resideInAPackage("org.utbackpack.plugin.web.*..").and().arePublic()
                .should().haveSimpleNameEndingWith("Routes")
                .because("a feature's servlets, filters and actions are its own; BackpackPlugin calls its register")
                .check(production);
    }

    @Test
    void onlyTheListedPluginTypesArePublic() {
        Set<String> found = new TreeSet<>();
        for (JavaClass c : production) {
            if (c.getPackageName().startsWith("org.utbackpack.plugin") && c.isTopLevelClass()
                    && c.getModifiers().contains(JavaModifier.PUBLIC)) {
                found.add(c.getName().substring("org.utbackpack.plugin.".length()));
            }
        }
        assertEquals(new TreeSet<>(PUBLIC_PLUGIN_TYPES), found, "the plugin's public types: make a new one"
                + " package-private, or add it to PUBLIC_PLUGIN_TYPES when another package needs it");
    }
}
