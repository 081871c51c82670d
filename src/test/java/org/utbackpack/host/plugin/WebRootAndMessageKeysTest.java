package org.utbackpack.host.plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WebRootAndMessageKeysTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "web_root/admin/students/more2.Backpack.leftnav.footer.txt",
            "web_root/admin/home.Backpack.content.header.txt",
            "web_root/wildcards/guardian_header.backpack-nav.leftnav.footer.txt",
            "web_root/admin/students/state/USA_UT/stateinfo.UT_Backpack.content.footer.txt",
            "web_root/guardian/home.Notice.page.header.txt",
    })
    void validFragmentNames(String file) {
        assertEquals(List.of(), TestPackage.valid(dir).write(file, "<p>x</p>").load().problems());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "web_root/admin/students/more2.leftnav.footer.txt",
            "web_root/admin/students/more2.Backpack.sidebar.footer.txt",
            "web_root/admin/students/notes.txt",
            "web_root/admin/more 2.Backpack.content.footer.txt",
    })
    void textFilesNotNamedAsFragmentsAreServedAsTheyAre(String file) {
        TestPackage.valid(dir).write(file, "<p>x</p>").onlyWarning(file, 0, "<page>.<FragmentName>");
    }

    @Test
    void sidecarMustBeInsertionMetadata() {
        String fragment = "web_root/admin/home.Backpack.content.footer";
        TestPackage.valid(dir).write(fragment + ".txt", "<p>x</p>")
                .write(fragment + ".xml", "<?xml version=\"1.0\"?>\n<insertion/>\n")
                .onlyProblem(fragment + ".xml", 2, "root element must be <insertionMetadata>");
        TestPackage.valid(dir).write(fragment + ".xml", "<insertionMetadata>\n<inject location=\"#x\">\n</insertionMetadata>\n")
                .onlyProblem(fragment + ".xml", 3, "not well-formed XML");
    }

    @ParameterizedTest
    @ValueSource(strings = {"MessageKeys/Test.properties", "MessageKeys/Test.en_US.properties", "MessageKeys/Test.US_EN.properties"})
    void messageKeyFileNames(String file) {
        TestPackage.valid(dir).write(file, "a=b\n").onlyWarning(file, 0, "<Name>.<CC>_<ll>.properties");
    }

    @Test
    void messageKeysMustLoad() {
        TestPackage.valid(dir).write("MessageKeys/Test.US_es.properties", "bad=\\uZZZZ\n")
                .onlyProblem("MessageKeys/Test.US_es.properties", 0, "cannot be read as a properties file");
    }
}
