package org.utbackpack.host.admin.plugins;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.utbackpack.host.admin.Actor;
import org.utbackpack.host.admin.audit.AuditTrail;
import org.utbackpack.host.db.HostDatabase;
import org.utbackpack.host.plugin.PackageCorpus;
import org.utbackpack.host.plugin.PluginPackage;
import org.utbackpack.host.plugin.Problem;
import org.utbackpack.host.plugin.ValidateCommand;
import org.utbackpack.testing.Databases;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One rule set: Plugin Management installs exactly the packages {@code validate} accepts (warnings or not)
 * and refuses the others with the same errors, file and line, since both read the package with
 * {@link PluginPackage}. Checked on the district-style corpus (which installs) and each of its broken variants.
 */
class InstallAgreesWithValidateTest {

    private static final Actor ADMIN = new Actor(1L, "admin", "Admin");

    @TempDir
    Path temp;

    @Test
    void whatValidateAcceptsInstallsAndWhatItRefusesIsRefusedWithTheSameErrors() throws Exception {
        try (HikariDataSource db = HostDatabase.open(Databases.newUrl(Databases.Kind.H2), null, null, 4)) {
            HostDatabase.migrateCore(db);
            PluginManager manager = new PluginManager(db, temp.resolve("plugins"), new ArrayList<>(),
                    getClass().getClassLoader(), new AuditTrail(db, Clock.systemUTC()), Clock.systemUTC());
            try {
                int n = 0;
                for (Map<String, String> files : PackageCorpus.packages()) {
                    Path zip = zip(files, temp.resolve("package" + n++ + ".zip"));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    int exit = ValidateCommand.run(zip, new PrintStream(out, true, StandardCharsets.UTF_8));
                    List<String> validateErrors = out.toString(StandardCharsets.UTF_8).lines()
                            .filter(l -> !l.contains(": warning: ") && !l.startsWith("OK: ")).sorted().toList();

                    PluginManager.Outcome outcome = manager.install(zip, ADMIN);

                    if (n <= 2) {
                        assertTrue(outcome.ok(), () -> "the corpus package " + zip + " installs: " + outcome.problems());
                    }
                    assertEquals(exit == 0, outcome.ok(), () -> zip + ": validate said " + out + ", install said "
                            + outcome.message() + " " + outcome.problems());
                    assertEquals(validateErrors, outcome.problems().stream().map(Problem::toString).sorted().toList(),
                            zip::toString);
                    if (outcome.ok()) {
                        String name = manager.installed().get(0).name();
                        assertTrue(manager.delete(name, ADMIN).ok(), name);
                    }
                }
                assertTrue(n > 10, "the corpus and its broken variants: " + n);
            } finally {
                manager.close();
            }
        }
    }

    private static Path zip(Map<String, String> files, Path zip) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : new TreeMap<>(files).entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        assertFalse(files.isEmpty());
        return zip;
    }
}
