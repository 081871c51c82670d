package org.utbackpack.plugin.audit;

import org.junit.jupiter.api.Test;
import org.utbackpack.testing.TestPaths;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The disclosure log's element names are the pages' names, for every element the pages list. */
class ElementNamesTest {

    @Test
    void theLogNamesEveryElementAsThePagesDo() throws IOException {
        Properties english = new Properties();
        try (Reader r = Files.newBufferedReader(TestPaths.projectRoot().resolve("MessageKeys/UTBackpack.US_en.properties"),
                StandardCharsets.UTF_8)) {
            english.load(r);
        }
        Matcher keys = Pattern.compile("\\{\"key\": \"([A-Za-z]+)\"(?:, \"query\": \"([a-z_]+)\")?").matcher(
                Files.readString(TestPaths.projectRoot().resolve("web_root/scripts/utbackpack/elements.vm")));
        Map<String, String> pages = new LinkedHashMap<>();
        while (keys.find()) {
            String name = english.getProperty("utbackpack.element." + keys.group(1));
            pages.put(keys.group(1), name);
            // Student Demographics is read field by field (demographic_fields), not through a query of its own
            String query = keys.group(2) != null ? keys.group(2) : "demographic_fields";
            assertEquals(name, ElementNames.ofQuery(query), "what PowerQuery " + query + " reads");
        }
        assertEquals(7, pages.size(), "the data elements of elements.vm: demographics, enrollments and the other five");
        assertEquals(new TreeMap<>(pages), new TreeMap<>(ElementNames.all()),
                "ElementNames and MessageKeys utbackpack.element.* must name the elements alike");
    }
}
