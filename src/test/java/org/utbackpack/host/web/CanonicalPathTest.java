package org.utbackpack.host.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalPathTest {

    @Test
    void addressesWrittenAsTheSisWritesThemAreAccepted() {
        for (String path : List.of("", "/", "/admin/home.html", "/admin/students/state/USA_UT/backpack.html",
                "/ws/schema/query/com.utbackpack.backpack.student.course_grades", "/scripts/utbackpack/backpack.js",
                "/admin/", "/host-assets/host.css", "/a/b~c/d_e-f.html")) {
            assertTrue(CanonicalPath.problem(path).isEmpty(), path);
        }
    }

    @Test
    void everyAddressThatCouldReadTwoWaysIsRefused() {
        for (String path : List.of("/admin/%68ome.html", "/admin/home%2Ehtml", "/admin%2Fhome.html", "/admin/./home.html",
                "/admin/x/../home.html", "/admin//home.html", "//admin/home.html", "/admin/home.html;jsessionid=1",
                "/admin/.", "/admin/..", "/admin/home .html", "/admin\\home.html", "/admin/h\u00f6me.html", "/%",
                "admin/home.html", "/admin/home.html%00")) {
            assertFalse(CanonicalPath.problem(path).isEmpty(), path);
        }
    }

    @Test
    void aCaseVariantOfAServletMappingIsTold() {
        assertTrue(CanonicalPath.caseVariant("/Admin/home.html", "/admin/home.html"));
        assertTrue(CanonicalPath.caseVariant("/WS/utbackpack/status", "/ws/utbackpack/*"));
        assertFalse(CanonicalPath.caseVariant("/admin/home.html", "/admin/home.html"));
        assertFalse(CanonicalPath.caseVariant("/ws/utbackpack/status", "/ws/utbackpack/*"));
        assertFalse(CanonicalPath.caseVariant("/anything.html", "/"));
    }
}
