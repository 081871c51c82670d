package org.utbackpack.host.utrex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated state's assessment tables, read once from {@code assessments.json} beside this class: each
 * test's labels, Acadience's benchmark windows and the goal of each measure per grade and window, RISE's
 * reporting categories, ACT's benchmarks and WIDA's exit level. A table missing from the file stops the
 * simulator at its first use, naming the table.
 */
final class AssessmentTables {

    /** A goal the file leaves out (null): the measure is not given in that window. */
    static final double NONE = -1;

    /** An Acadience measure with its benchmark goal at each window ({@link #NONE} where not given). */
    record Measure(String name, boolean percent, double... goals) {
    }

    private final JsonNode json;

    private AssessmentTables(JsonNode json) {
        this.json = json;
    }

    static AssessmentTables read(String resource) {
        try (InputStream in = AssessmentTables.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The simulator's " + resource + " is missing from the classpath");
            }
            return new AssessmentTables(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the simulator's " + resource, e);
        }
    }

    List<String> labels(String test) {
        return strings(required(json.path("labels"), test));
    }

    List<String> windows(String field) {
        List<String> values = new ArrayList<>();
        required(json, "windows").forEach(w -> values.add(w.path(field).asText()));
        return List.copyOf(values);
    }

    List<String> riseCategories(String subject) {
        return strings(required(json.path("riseCategories"), subject));
    }

    /** Utah's exit criterion from English learner services: an overall WIDA level. */
    double widaExit() {
        return required(json, "widaExit").asDouble();
    }

    /** ACT's college readiness benchmark of each subject, in the order the test reports them. */
    Map<String, Integer> actBenchmarks() {
        Map<String, Integer> benchmarks = new LinkedHashMap<>();
        required(json, "actBenchmarks").properties().forEach(e -> benchmarks.put(e.getKey(), e.getValue().asInt()));
        return Collections.unmodifiableMap(benchmarks);
    }

    Map<Integer, List<Measure>> measures(String test) {
        Map<Integer, List<Measure>> byGrade = new HashMap<>();
        required(json.path("acadience"), test).properties().forEach(grade -> {
            List<Measure> measures = new ArrayList<>();
            for (JsonNode m : grade.getValue()) {
                double[] goals = new double[windows("name").size()];
                for (int w = 0; w < goals.length; w++) {
                    JsonNode goal = m.path("goals").path(w);
                    goals[w] = goal.isNumber() ? goal.asDouble() : NONE;
                }
                measures.add(new Measure(m.path("measure").asText(), m.path("percent").asBoolean(false), goals));
            }
            byGrade.put(Integer.valueOf(grade.getKey()), List.copyOf(measures));
        });
        return Map.copyOf(byGrade);
    }

    private static JsonNode required(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null) {
            throw new IllegalStateException("The simulator's assessments.json has no " + name);
        }
        return node;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }
}
