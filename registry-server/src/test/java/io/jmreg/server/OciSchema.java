package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates JSON against the OCI image-spec 1.1 schemas (test resources {@code oci-image-spec/}), implementing the
 * JSON Schema draft-04 keywords those files use: type, properties, required, patternProperties, items, minItems,
 * minimum, maximum, pattern, oneOf and {@code $ref} across the files. A keyword it does not know fails the check
 * instead of being ignored.
 */
final class OciSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> IGNORED = Set.of("description", "id", "$schema", "format", "media", "definitions");
    private final Map<String, JsonNode> files = new HashMap<>();

    /** The problems of {@code doc} against schema file {@code schema} (empty when valid). */
    List<String> validate(String schema, JsonNode doc) {
        List<String> problems = new ArrayList<>();
        check(schema, file(schema), doc, "$", problems);
        return problems;
    }

    private JsonNode file(String name) {
        return files.computeIfAbsent(name, n -> {
            try (InputStream in = OciSchema.class.getResourceAsStream("/oci-image-spec/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("no schema " + n);
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void check(String file, JsonNode schema, JsonNode doc, String at, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> keywords = schema.fields();
        while (keywords.hasNext()) {
            Map.Entry<String, JsonNode> k = keywords.next();
            JsonNode v = k.getValue();
            switch (k.getKey()) {
                case "$ref" -> {
                    String ref = v.asText();
                    int hash = ref.indexOf('#');
                    String target = hash == 0 ? file : hash < 0 ? ref : ref.substring(0, hash);
                    JsonNode node = file(target);
                    if (hash >= 0) {
                        for (String part : ref.substring(hash + 2).split("/")) {
                            if (!part.isEmpty()) {
                                node = node.path(part);
                            }
                        }
                    }
                    if (node.isMissingNode()) {
                        throw new IllegalStateException("unresolved $ref " + ref);
                    }
                    check(target, node, doc, at, problems);
                }
                case "type" -> {
                    boolean ok = switch (v.asText()) {
                        case "object" -> doc.isObject();
                        case "array" -> doc.isArray();
                        case "string" -> doc.isTextual();
                        case "integer" -> doc.isIntegralNumber();
                        case "boolean" -> doc.isBoolean();
                        case "null" -> doc.isNull();
                        default -> throw new IllegalStateException("type " + v);
                    };
                    if (!ok) {
                        problems.add(at + " must be of type " + v.asText());
                        return;
                    }
                }
                case "required" -> v.forEach(r -> {
                    if (doc.isObject() && !doc.has(r.asText())) {
                        problems.add(at + " lacks required '" + r.asText() + "'");
                    }
                });
                case "properties" -> v.fields().forEachRemaining(p -> {
                    if (doc.has(p.getKey())) {
                        check(file, p.getValue(), doc.get(p.getKey()), at + "." + p.getKey(), problems);
                    }
                });
                case "patternProperties" -> v.fields().forEachRemaining(p -> {
                    Pattern re = Pattern.compile(p.getKey());
                    doc.fields().forEachRemaining(f -> {
                        if (re.matcher(f.getKey()).find()) {
                            check(file, p.getValue(), f.getValue(), at + "." + f.getKey(), problems);
                        }
                    });
                });
                case "items" -> {
                    for (int i = 0; doc.isArray() && i < doc.size(); i++) {
                        check(file, v, doc.get(i), at + "[" + i + "]", problems);
                    }
                }
                case "minItems" -> {
                    if (doc.isArray() && doc.size() < v.asInt()) {
                        problems.add(at + " needs at least " + v.asInt() + " items");
                    }
                }
                case "minimum" -> {
                    if (doc.isNumber() && doc.decimalValue().compareTo(new BigDecimal(v.asText())) < 0) {
                        problems.add(at + " is below " + v.asText());
                    }
                }
                case "maximum" -> {
                    if (doc.isNumber() && doc.decimalValue().compareTo(new BigDecimal(v.asText())) > 0) {
                        problems.add(at + " is above " + v.asText());
                    }
                }
                case "pattern" -> {
                    if (doc.isTextual() && !Pattern.compile(v.asText()).matcher(doc.asText()).find()) {
                        problems.add(at + " '" + doc.asText() + "' does not match " + v.asText());
                    }
                }
                case "oneOf" -> {
                    int matching = 0;
                    for (JsonNode option : v) {
                        List<String> sub = new ArrayList<>();
                        check(file, option, doc, at, sub);
                        matching += sub.isEmpty() ? 1 : 0;
                    }
                    if (matching != 1) {
                        problems.add(at + " matches " + matching + " of the oneOf options");
                    }
                }
                default -> {
                    if (!IGNORED.contains(k.getKey())) {
                        throw new IllegalStateException("schema keyword '" + k.getKey() + "' is not implemented");
                    }
                }
            }
        }
    }
}
