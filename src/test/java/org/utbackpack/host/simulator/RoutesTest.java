package org.utbackpack.host.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutesTest {

    private final Routes<String> routes = new Routes<String>()
            .add("POST", "/oauth/token", "token")
            .add("POST", "/backpack/v1/requests", "submit")
            .add("GET", "/backpack/v1/requests/{id}", "status")
            .add("GET", "/backpack/v1/requests/{id}/document", "document")
            .add("GET", "/api/data/v3/ed-fi/{resource*}", "resource");

    @Test
    void aPathFindsItsRouteWithTheNamedSegments() {
        Routes.Match<String> status = routes.find("GET", "/backpack/v1/requests/abc-1").orElseThrow();
        assertEquals("status", status.handler());
        assertEquals(Map.of("id", "abc-1"), status.params());
        Routes.Match<String> document = routes.find("GET", "/backpack/v1/requests/id with spaces/document").orElseThrow();
        assertEquals("document", document.handler());
        assertEquals("id with spaces", document.param("id"));
        assertEquals("submit", routes.find("POST", "/backpack/v1/requests").orElseThrow().handler());
    }

    @Test
    void aNamedSegmentIsNeverEmptyAndNeverTwoSegments() {
        assertTrue(routes.find("GET", "/backpack/v1/requests/").isEmpty());
        assertTrue(routes.find("GET", "/backpack/v1/requests/a/b").isEmpty());
        assertTrue(routes.find("GET", "/backpack/v1/requests//document").isEmpty());
        assertTrue(routes.find("GET", "/backpack/v1/requests/a/document/").isEmpty());
    }

    @Test
    void aTailTakesTheRestOfThePathButNeedsItsSlash() {
        assertEquals("students", routes.find("GET", "/api/data/v3/ed-fi/students").orElseThrow().param("resource"));
        assertEquals("a/b", routes.find("GET", "/api/data/v3/ed-fi/a/b").orElseThrow().param("resource"));
        assertEquals("", routes.find("GET", "/api/data/v3/ed-fi/").orElseThrow().param("resource"));
        assertTrue(routes.find("GET", "/api/data/v3/ed-fi").isEmpty());
    }

    @Test
    void theMethodsOfAPathTellAWrongMethodFromAnUnknownPath() {
        assertTrue(routes.find("GET", "/oauth/token").isEmpty());
        assertEquals(List.of("POST"), routes.methods("/oauth/token"));
        assertEquals(List.of("GET"), routes.methods("/backpack/v1/requests/x"));
        assertEquals(List.of(), routes.methods("/backpack/v2/whatever"));
    }
}
