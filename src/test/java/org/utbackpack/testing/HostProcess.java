package org.utbackpack.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real host in its own JVM, as an operator starts it ({@code HostMain}), with the plugin from this
 * source tree and its compiled classes. Its output goes to a file the test can read; {@link #kill()}
 * is SIGKILL, {@link #close()} a normal stop.
 */
public final class HostProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("SIS host: (http://[^/\\s]+)/admin/pw\\.html");

    private final Process process;
    private final Path log;
    private final URI baseUrl;

    private HostProcess(Process process, Path log, URI baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts a host on any free port over {@code jdbcUrl} in demo mode (it loads the demo people into an
     * empty database), with {@code pluginSettings} written to a --plugin-config file outside web_root,
     * and waits until it serves.
     */
    public static HostProcess start(String jdbcUrl, Map<String, String> pluginSettings, Duration timeout)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("utbackpack-node");
        Path config = dir.resolve("plugin.properties");
        Properties p = new Properties();
        p.putAll(pluginSettings);
        try (var out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(out, "UTREx and forwarder settings for a test node");
        }
        Path root = TestPaths.projectRoot();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "org.utbackpack.host.HostMain",
                "--port", "0", "--data", dir.resolve("data").toString(), "--db", jdbcUrl,
                "--plugin", root.toString(), "--plugin-classes", root.resolve("target/classes").toString(),
                "--plugin-config", config.toString()));
        Path log = dir.resolve("host.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("UTBACKPACK_DB_USER", "postgres");
        builder.environment().put("UTBACKPACK_DB_PASSWORD", "postgres");
        Process process = builder.start();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = READY.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return new HostProcess(process, log, URI.create(m.group(1)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The host process stopped while starting:\n" + tail(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("The host process did not start within " + timeout + ":\n" + tail(log));
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public long pid() {
        return process.pid();
    }

    /** Everything the process printed. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is handed back. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the host process did not die");
        }
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** A normal stop (SIGTERM: the host's shutdown hook closes it), then SIGKILL if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
