package org.utbackpack.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.utbackpack.host.Host;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One real host per test class per database, instead of one per test method. Register it on the class and
 * ask for the host of the database a parameterised test runs on:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SharedHosts HOSTS = new SharedHosts();
 *
 * @ParameterizedTest
 * @MethodSource("org.utbackpack.testing.Databases#kinds")
 * void something(Databases.Kind kind) throws Exception {
 *     Host host = HOSTS.host(kind);
 *     ...
 * }
 * }</pre>
 *
 * A host starts at the first test that asks for it, over a fresh database in demo mode (as
 * {@link TestHost#start} does), and stops after the class. After each test the plugin's tables (requests, files
 * and their records, the disclosure log, staff access) are put back as they were when the host started, and the
 * UTREx and USIMS simulators' faults and counters are reset, so every test sees the plugin as a fresh host shows
 * it. A class whose tests change some of the host's own tables names them, and they are put back after each test
 * too ({@link #restoringHostTables}: e.g. STUDENTS for an SSID, GUARDIANSTUDENT for parent access, HOST_AUDIT for
 * the Audit Trail). A test that changes anything else (installed plugins, sign-in lockouts) must use people and
 * students no other test of its class relies on, or undo the change itself; a test that needs a host started
 * differently (settings read at start-up, a restart, several processes) starts its own.
 */
public final class SharedHosts implements AfterEachCallback, AfterAllCallback {

    private final Map<String, String> pluginSettings;
    private final Set<String> hostTables;
    private final Map<Databases.Kind, Host> hosts = new EnumMap<>(Databases.Kind.class);
    private final Map<Databases.Kind, PluginTables.Snapshot> atStart = new EnumMap<>(Databases.Kind.class);

    public SharedHosts() {
        this(Map.of());
    }

    /** Hosts started with these plugin settings (as {@link TestHost#start(Databases.Kind, Map)}). */
    public SharedHosts(Map<String, String> pluginSettings) {
        this(pluginSettings, Set.of());
    }

    private SharedHosts(Map<String, String> pluginSettings, Set<String> hostTables) {
        this.pluginSettings = Map.copyOf(pluginSettings);
        this.hostTables = Set.copyOf(hostTables);
    }

    /**
     * These hosts, with the host's own {@code tables} (such as STUDENTS or HOST_AUDIT) also put back as they were
     * when the host started after each test. Every row of a named table is deleted and written again, so name only
     * the tables the class's tests change.
     */
    public SharedHosts restoringHostTables(String... tables) {
        Set<String> names = new TreeSet<>(hostTables);
        for (String table : tables) {
            names.add(table.toUpperCase(Locale.ROOT));
        }
        return new SharedHosts(pluginSettings, names);
    }

    /** This class's host on {@code kind}, started on first use. */
    public synchronized Host host(Databases.Kind kind) throws Exception {
        Host host = hosts.get(kind);
        if (host == null) {
            host = TestHost.start(kind, pluginSettings);
            hosts.put(kind, host);
            atStart.put(kind, PluginTables.snapshot(host.dataSource(), hostTables));
        }
        return host;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws Exception {
        for (Map.Entry<Databases.Kind, Host> e : hosts.entrySet()) {
            Host host = e.getValue();
            new UtrexControl(host.simulator().baseUrl()).control("{\"reset\": true, \"resetStats\": true}");
            if (host.usims() != null) {
                new UtrexControl(host.usims().baseUrl()).control("{\"reset\": true, \"resetStats\": true}");
            }
            atStart.get(e.getKey()).restore(host.dataSource());
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws Exception {
        Exception failure = null;
        for (Host host : hosts.values()) {
            try {
                host.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        hosts.clear();
        atStart.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
