package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query parameters each operation of the OpenAPI document declares, so that the server refuses any other (a
 * misspelt {@code ?limt=} is a 400, never silently ignored) and the document stays the one description of them.
 */
final class QueryParameters {
    private final Map<String, Set<String>> allowed = new HashMap<>();

    QueryParameters(byte[] openApiYaml) {
        JsonNode paths;
        try {
            paths = new YAMLMapper().readTree(openApiYaml).path("paths");
        } catch (IOException e) {
            throw new UncheckedIOException("the server's openapi.yaml is not valid YAML: " + e.getMessage(), e);
        }
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            Set<String> names = new TreeSet<>();
            for (JsonNode p : operation.getValue().path("parameters")) {
                if (p.path("in").asText().equals("query")) {
                    names.add(p.path("name").asText());
                }
            }
            allowed.put(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), names);
        }));
    }

    /** Refuses with 400 any query parameter that {@code route} does not declare. */
    void check(Router.Route route, Map<String, List<String>> query) {
        Set<String> names = allowed.getOrDefault(route.method() + " " + route.pattern().replace("...}", "}"), Set.of());
        for (String name : query.keySet()) {
            if (!names.contains(name)) {
                throw new HttpError(400, "bad_request", names.isEmpty()
                        ? "unknown query parameter '%s': %s %s takes none"
                        : "unknown query parameter '%s' for %s %s (known: " + String.join(", ", names) + ")",
                        name, route.method(), route.pattern().replace("...}", "}"));
            }
        }
    }
}
