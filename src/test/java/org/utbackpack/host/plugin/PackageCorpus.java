package org.utbackpack.host.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The district-style packages of {@link PackageCorpusTest}, whole and with each broken variant, for other tests. */
public final class PackageCorpus {

    private PackageCorpus() {
    }

    /** Each package as its files (path in the zip to text): the accepted ones first, then each broken variant. */
    public static List<Map<String, String>> packages() {
        List<Map<String, String>> packages = new ArrayList<>();
        packages.add(PackageCorpusTest.studentProfile());
        packages.add(PackageCorpusTest.dataExport());
        PackageCorpusTest.broken().forEach(broken -> {
            Map<String, String> files = PackageCorpusTest.studentProfile();
            files.put(broken.file(), broken.change().apply(files.get(broken.file())));
            packages.add(files);
        });
        return packages;
    }
}
