package org.utbackpack.host;

import org.utbackpack.host.plugin.ValidateCommand;

import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;
import java.util.stream.Stream;

/**
 * {@code java -jar ut-backpack-host.jar [--port 8080] [--bind 127.0.0.1] [--data DIR] [--db JDBC-URL]
 * [--no-demo] [--state utrex|usims] [--plugin PLUGIN.zip|DIR [--plugin-classes DIR]] [--plugin-config FILE]
 * [--https] [--trusted-proxy ADDRESS]}, or {@code validate [--strict] PLUGIN.zip}. {@code --state usims} runs the
 * demo against the USIMS (Ed-Fi) simulator.
 */
public final class HostMain {

    private static final String USAGE = """
            Usage:
              java -jar ut-backpack-host.jar [--port 8080] [--bind 127.0.0.1] [--data DIR] [--db JDBC-URL]
                                             [--no-demo] [--state utrex|usims]
                                             [--plugin PLUGIN.zip|DIR [--plugin-classes DIR]] [--plugin-config FILE]
                                             [--https] [--trusted-proxy ADDRESS]
              java -jar ut-backpack-host.jar validate [--strict] PLUGIN.zip
            """;

    private HostMain() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("liquibase").setLevel(Level.WARNING);
        if (args.length > 0 && "validate".equals(args[0])) {
            boolean strict = args.length == 3 && "--strict".equals(args[1]);
            if (args.length != 2 && !strict) {
                System.err.print(USAGE);
                System.exit(2);
            }
            System.exit(ValidateCommand.run(Path.of(args[args.length - 1]), strict, System.out));
        }
        Host.Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        Host host = Host.start(settings);
        System.out.println("SIS host: " + host.baseUrl() + "/admin/pw.html (staff)   "
                + host.baseUrl() + "/public/home.html (parents)");
        if (host.usims() != null) {
            System.out.println("USIMS simulator (Ed-Fi API): " + host.usims().dataUrl());
        } else if (host.simulator() != null) {
            System.out.println("UTREx simulator: " + host.simulator().baseUrl());
        }
        if (host.simulator() != null) {
            System.out.println("Demo sign-ins (password demo-password): backpack.admin, backpack.viewer, no.access;"
                    + " parents parent.one, parent.two");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                host.close();
            } catch (Exception e) {
                System.err.println("Stopping the host: " + e);
            }
        }));
        Thread.currentThread().join();
    }

    static Host.Settings parse(String[] args) throws IOException {
        String bind = "127.0.0.1";
        int port = 8080;
        Path data = Path.of("data");
        String db = null;
        boolean demo = true;
        Path plugin = null;
        Path pluginClasses = null;
        Map<String, String> pluginSettings = new LinkedHashMap<>();
        String state = null;
        boolean httpsAlways = false;
        String trustedProxy = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, arg));
                case "--bind" -> bind = value(args, ++i, arg);
                case "--data" -> data = Path.of(value(args, ++i, arg));
                case "--db" -> db = value(args, ++i, arg);
                case "--no-demo" -> demo = false;
                case "--demo" -> demo = true;
                case "--plugin" -> plugin = Path.of(value(args, ++i, arg));
                case "--plugin-classes" -> pluginClasses = Path.of(value(args, ++i, arg));
                case "--plugin-config" -> pluginSettings.putAll(load(Path.of(value(args, ++i, arg))));
                case "--state" -> state = state(value(args, ++i, arg));
                case "--https" -> httpsAlways = true;
                case "--trusted-proxy" -> trustedProxy = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("Unknown option: " + arg);
            }
        }
        if (state != null) {
            pluginSettings.put(Host.SOURCE, state);
        }
        Path zip = plugin != null ? plugin : besideJar();
        if (Files.isDirectory(zip)) {
            // an unpacked plugin or the source tree (tests start separate host processes this way, without
            // mvn package): its code is in --plugin-classes, else in its own lib/*.jar
            List<Path> classes = pluginClasses != null ? List.of(pluginClasses) : jars(zip.resolve("lib"));
            return new Host.Settings(bind, port, data, db, demo, new Host.PluginSource(zip, false, classes),
                    pluginSettings, new Host.Https(httpsAlways, trustedProxy));
        }
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException("No plugin package at " + zip);
        }
        return new Host.Settings(bind, port, data, db, demo, Host.PluginSource.zip(zip), pluginSettings,
                new Host.Https(httpsAlways, trustedProxy));
    }

    /** --state utrex (the default) or usims: the state the demo's plugin gets Backpacks from. */
    private static String state(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "utrex" -> "UTREX";
            case "usims" -> Host.USIMS;
            default -> throw new IllegalArgumentException("--state must be utrex or usims, not '" + value + "'");
        };
    }

    private static List<Path> jars(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            throw new IllegalArgumentException("The plugin folder has no lib/ with its code; pass --plugin-classes DIR");
        }
        try (Stream<Path> files = Files.list(lib)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** Plugin settings (UTREx address, LEA, credentials) from a properties file kept outside web_root. */
    private static Map<String, String> load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> values = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
        return values;
    }

    /** The newest ut-backpack-plugin-*.zip in the folder of the host jar (target/ after mvn package). */
    private static Path besideJar() {
        try {
            Path jar = Path.of(HostMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = Files.isDirectory(jar) ? jar.getParent() : jar.getParent();
            try (Stream<Path> files = Files.list(dir)) {
                List<Path> zips = files.filter(p -> p.getFileName().toString().matches("ut-backpack-plugin-.*\\.zip"))
                        .sorted(Comparator.comparing(p -> p.toFile().lastModified())).toList();
                if (zips.isEmpty()) {
                    throw new IllegalArgumentException("No ut-backpack-plugin-*.zip beside " + jar
                            + ". Run 'mvn package' first, or pass --plugin PLUGIN.zip.");
                }
                return zips.get(zips.size() - 1);
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalArgumentException("Could not find the plugin package: " + e.getMessage());
        }
    }
}
