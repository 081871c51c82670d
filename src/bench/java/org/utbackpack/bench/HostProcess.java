package org.utbackpack.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host as a district runs it: its own JVM ({@code HostMain}), on the benchmark's database, with the
 * plugin from this source tree. Its output goes to a log file under target/bench.
 */
final class HostProcess implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final long launchedAt;
    private JMXConnector jmx;
    private MemoryMXBean memory;

    private HostProcess(Process process, URI base, long launchedAt) {
        this.process = process;
        this.base = base;
        this.launchedAt = launchedAt;
    }

    /**
     * Launches the host. {@code pluginConfig} null means demo mode (demo people, the host's own UTREx
     * simulator); otherwise {@code --no-demo} with the plugin settings from that file.
     */
    static HostProcess launch(String dbUrl, Path dataDir, Path pluginConfig, List<String> jvmOptions, Path log)
            throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Files.createDirectories(dataDir);
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.utbackpack.host.HostMain");
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--data", dataDir.toString(),
                "--db", dbUrl, "--plugin", BenchPaths.projectRoot().toString(),
                "--plugin-classes", BenchPaths.pluginClasses().toString()));
        if (pluginConfig != null) {
            command.add("--no-demo");
            command.add("--plugin-config");
            command.add(pluginConfig.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        long at = System.nanoTime();
        return new HostProcess(builder.start(), URI.create("http://127.0.0.1:" + port), at);
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits for the first 200 answer to {@code path} and returns the time from launch to it: the cold start
     * as a person sees it.
     */
    Duration awaitPage(String path, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = launchedAt + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The host stopped while starting (exit " + process.exitValue()
                        + "); see its log under target/bench");
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(base.resolve(path))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - launchedAt);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("The host did not answer " + path + " within " + timeout);
    }

    /** The host JVM's heap, through its local management agent (attach API, no port opened). */
    MemoryMXBean memory() throws IOException {
        if (memory == null) {
            try {
                VirtualMachine vm = VirtualMachine.attach(String.valueOf(process.pid()));
                String address = vm.startLocalManagementAgent();
                vm.detach();
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(address));
                MBeanServerConnection server = jmx.getMBeanServerConnection();
                memory = ManagementFactory.newPlatformMXBeanProxy(server, ManagementFactory.MEMORY_MXBEAN_NAME,
                        MemoryMXBean.class);
            } catch (com.sun.tools.attach.AttachNotSupportedException e) {
                throw new IOException("Cannot attach to the host JVM: " + e.getMessage(), e);
            }
        }
        return memory;
    }

    /** Heap in use after a full collection, in MiB. */
    double heapAfterGcMb() throws IOException {
        MemoryMXBean m = memory();
        m.gc();
        m.gc();
        return m.getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    double heapUsedMb() throws IOException {
        return memory().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /** Stops the host as an operator would (SIGTERM: its shutdown hook closes the forwarder and pool). */
    @Override
    public void close() throws InterruptedException {
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException ignored) {
                // the host is stopping anyway
            }
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
