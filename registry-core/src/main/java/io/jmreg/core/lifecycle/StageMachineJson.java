package io.jmreg.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a lifecycle state machine from JSON:
 * {@code {"initial": "dev", "stages": {"dev": {"transitions": ["prod"], "operations": ["DEPLOY"]}, "prod": {}}}}.
 * A stage without {@code operations} allows none of them, as a {@code StageDefinition} built in code with no
 * operations does: least privilege, so that a forgotten list never opens a stage to every change. A stage may say
 * who must approve promotions into it: {@code "approval": "other-principal"} or
 * {@code "other-than-requester-and-creator"}. Reading is strict: a duplicate key, content after the document or a
 * value of the wrong type fails naming the JSON path.
 */
public final class StageMachineJson {
    private StageMachineJson() {
    }

    /** Parses the file. */
    public static StageMachine read(Path file) {
        String text;
        try {
            if (Files.size(file) > Json.MAX_USER_CHARS) {
                throw new ValidationException("stage machine file %s has %d bytes; at most %d are read", file,
                        Files.size(file), Json.MAX_USER_CHARS);
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ValidationException(e, "cannot read stage machine file %s: %s", file, e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses a stage machine document; {@code file} (its file name) names it in errors. */
    public static StageMachine parse(String json, String file) {
        JsonNode root = Json.parseUserDocument(json, "stage machine " + file);
        JsonNode stages = root == null ? null : root.path("stages");
        if (root == null || !root.path("initial").isTextual() || !stages.isObject()) {
            throw new ValidationException("stage machine file %s needs \"initial\" (a stage name) and \"stages\" (an object)", file);
        }
        Map<String, StageDefinition> defs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : stages.properties()) {
            String path = "$.stages." + e.getKey();
            if (!e.getValue().isObject()) {
                throw new ValidationException("stage machine %s: %s must be an object", file, path);
            }
            Set<String> transitions = new TreeSet<>();
            for (JsonNode t : strings(e.getValue().get("transitions"), path + ".transitions", file)) {
                transitions.add(t.asText());
            }
            Set<Operation> ops = EnumSet.noneOf(Operation.class);
            JsonNode opsNode = e.getValue().get("operations");
            if (opsNode != null) {
                for (JsonNode o : strings(opsNode, path + ".operations", file)) {
                    try {
                        ops.add(Operation.valueOf(o.asText()));
                    } catch (IllegalArgumentException bad) {
                        throw new ValidationException("stage '%s' in %s lists unknown operation '%s'; known: %s", e.getKey(),
                                file, o.asText(), EnumSet.allOf(Operation.class));
                    }
                }
            }
            Approval approval = Approval.NONE;
            JsonNode approvalNode = e.getValue().get("approval");
            if (approvalNode != null) {
                if (!approvalNode.isTextual()) {
                    throw new ValidationException("stage machine %s: %s.approval must be a string", file, path);
                }
                approval = switch (approvalNode.asText()) {
                    case "other-principal" -> Approval.OTHER_PRINCIPAL;
                    case "other-than-requester-and-creator" ->
                            Approval.OTHER_THAN_REQUESTER_AND_CREATOR;
                    case "none" -> Approval.NONE;
                    default -> throw new ValidationException("stage '%s' in %s has approval '%s'; one of none, "
                            + "other-principal, other-than-requester-and-creator", e.getKey(), file, approvalNode.asText());
                };
            }
            defs.put(e.getKey(), new StageDefinition(e.getKey(), transitions, ops, approval));
        }
        return new StageMachine(root.path("initial").asText(), defs);
    }

    /** {@code node} when it is absent or a list of strings; else a {@link ValidationException} naming the path. */
    private static Iterable<JsonNode> strings(JsonNode node, String path, String file) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ValidationException("stage machine %s: %s must be a list of strings", file, path);
        }
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new ValidationException("stage machine %s: %s[%d] must be a string", file, path, i);
            }
        }
        return node;
    }
}
