package org.utbackpack.host.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks an uploaded plugin zip without trusting it: every entry must stay inside the target folder
 * (no {@code ../}, no absolute paths, no symbolic links), no file may be in it twice, and the entry count
 * and the bytes actually written are capped so a zip bomb stops early. Everything wrong is reported as a
 * {@link Problem}.
 */
final class ZipExtractor {

    static final long MAX_TOTAL_BYTES = 200L * 1024 * 1024;
    static final int MAX_ENTRIES = 20_000;

    private static final Pattern DRIVE_LETTER = Pattern.compile("^[A-Za-z]:.*");

    private final long maxTotalBytes;
    private final int maxEntries;

    ZipExtractor() {
        this(MAX_TOTAL_BYTES, MAX_ENTRIES);
    }

    /** Smaller limits let tests exercise the caps without building 200 MB archives. */
    ZipExtractor(long maxTotalBytes, int maxEntries) {
        this.maxTotalBytes = maxTotalBytes;
        this.maxEntries = maxEntries;
    }

    /**
     * Extracts {@code zip} into {@code target} (absent or empty). Returns false, with problems added,
     * when the archive is refused; then {@code target} may hold a partial extraction.
     */
    boolean extract(Path zip, Path target, Problems problems) {
        String zipName = zip.getFileName().toString();
        prepareTarget(target);
        ZipDirectory directory;
        try {
            directory = ZipDirectory.read(zip);
        } catch (IOException e) {
            problems.add(zipName, 0, "cannot be read as a zip file: " + e.getMessage());
            return false;
        }
        if (directory.entryCount() > maxEntries) {
            problems.add(zipName, 0, "has " + directory.entryCount() + " entries; at most " + maxEntries + " allowed");
            return false;
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(file.entries());
            Path root = target.toAbsolutePath().normalize();
            return checkEntries(entries, directory.symlinks(), root, problems)
                    && checkLayout(entries, problems)
                    && write(file, entries, root, zipName, problems);
        } catch (IOException e) {
            problems.add(zipName, 0, "cannot be read as a zip file: " + e.getMessage());
            return false;
        }
    }

    private static void prepareTarget(Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> existing = Files.list(target)) {
                if (existing.findAny().isPresent()) {
                    throw new PluginPackageException("Cannot extract a plugin into " + target + ": the folder is not empty");
                }
            }
        } catch (IOException e) {
            throw new PluginPackageException("Cannot create the extraction folder " + target + ": " + e.getMessage(), e);
        }
    }

    /** Refuses the whole archive, before writing anything, when any entry could land outside the folder. */
    private static boolean checkEntries(List<? extends ZipEntry> entries, Set<String> symlinks, Path root, Problems problems) {
        boolean ok = true;
        Set<Path> seen = new java.util.HashSet<>();
        for (ZipEntry entry : entries) {
            String problem = entryProblem(entry.getName(), symlinks, root);
            if (problem == null && !seen.add(root.resolve(entry.getName()).normalize())) {
                // which copy a reader takes depends on the reader, so the package would mean two things
                problem = "this file is in the zip more than once; refused";
            }
            if (problem != null) {
                problems.add(entry.getName(), 0, problem);
                ok = false;
            }
        }
        return ok;
    }

    private static String entryProblem(String name, Set<String> symlinks, Path root) {
        if (symlinks.contains(name)) {
            return "symbolic links are not allowed in a plugin zip; refused";
        }
        if (name.startsWith("/") || name.startsWith("\\") || DRIVE_LETTER.matcher(name).matches()) {
            return "absolute paths are not allowed in a plugin zip; refused";
        }
        if (name.contains("\\")) {
            return "backslashes are not allowed in zip entry names (use '/'); refused";
        }
        if (name.contains("\0") || !root.resolve(name).normalize().startsWith(root)) {
            return "entry would be written outside the plugin folder (zip slip); refused";
        }
        return null;
    }

    /** plugin.xml must be at the zip root; a single wrapping folder is the classic packaging mistake. */
    private static boolean checkLayout(List<? extends ZipEntry> entries, Problems problems) {
        Set<String> wrappers = new TreeSet<>();
        for (ZipEntry entry : entries) {
            String name = entry.getName();
            if (name.equals(DescriptorReader.FILE)) {
                return true;
            }
            int slash = name.indexOf('/');
            if (slash > 0 && name.substring(slash + 1).equals(DescriptorReader.FILE)) {
                wrappers.add(name.substring(0, slash));
            }
        }
        for (String folder : wrappers) {
            problems.add(folder + "/" + DescriptorReader.FILE, 0, "plugin.xml must be at the zip root, not inside the folder '"
                    + folder + "/'; zip the contents of '" + folder + "' instead of the folder itself");
        }
        // With no plugin.xml anywhere, loading the folder reports it as missing.
        return wrappers.isEmpty();
    }

    private boolean write(ZipFile zip, List<? extends ZipEntry> entries, Path root, String zipName, Problems problems)
            throws IOException {
        long written = 0;
        List<ZipEntry> files = new ArrayList<>();
        for (ZipEntry entry : entries) {
            Path path = root.resolve(entry.getName()).normalize();
            if (entry.isDirectory()) {
                Files.createDirectories(path);
            } else {
                files.add(entry);
            }
        }
        for (ZipEntry entry : files) {
            Path path = root.resolve(entry.getName()).normalize();
            Files.createDirectories(path.getParent());
            try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(path)) {
                written = copy(in, out, written);
            }
            if (written > maxTotalBytes) {
                problems.add(zipName, 0, "unpacks to more than " + describeBytes(maxTotalBytes)
                        + "; refused (stopped at " + entry.getName() + ")");
                return false;
            }
        }
        return true;
    }

    private static String describeBytes(long bytes) {
        long megabyte = 1024L * 1024;
        return bytes % megabyte == 0 ? bytes / megabyte + " MB" : bytes + " bytes";
    }

    /** Copies until done or the running total passes the cap; returns the new running total. */
    private long copy(InputStream in, OutputStream out, long total) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long running = total;
        int read;
        while ((read = in.read(buffer)) > 0) {
            running += read;
            if (running > maxTotalBytes) {
                return running;
            }
            out.write(buffer, 0, read);
        }
        return running;
    }
}
