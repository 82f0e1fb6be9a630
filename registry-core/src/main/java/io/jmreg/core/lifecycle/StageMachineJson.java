package io.jmreg.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a lifecycle state machine from JSON:
 * {@code {"initial": "dev", "stages": {"dev": {"transitions": ["prod"], "operations": ["DEPLOY"]}, "prod": {}}}}.
 * A stage without {@code operations} allows none of them, as a {@code StageDefinition} built in code with no
 * operations does: least privilege, so that a forgotten list never opens a stage to every change. A stage may say
 * who must approve promotions into it: {@code "approval": "other-principal"} or
 * {@code "other-than-requester-and-creator"}.
 */
public final class StageMachineJson {
    private StageMachineJson() {
    }

    /** Parses the file. */
    public static StageMachine read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ValidationException(e, "cannot read stage machine file %s: %s", file, e.getMessage());
        }
        JsonNode stages = root.path("stages");
        if (!root.path("initial").isTextual() || !stages.isObject()) {
            throw new ValidationException("stage machine file %s needs \"initial\" (a stage name) and \"stages\" (an object)", file);
        }
        Map<String, StageDefinition> defs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : stages.properties()) {
            Set<String> transitions = new TreeSet<>();
            e.getValue().path("transitions").forEach(t -> transitions.add(t.asText()));
            Set<Operation> ops = EnumSet.noneOf(Operation.class);
            JsonNode opsNode = e.getValue().get("operations");
            if (opsNode != null) {
                for (JsonNode o : opsNode) {
                    try {
                        ops.add(Operation.valueOf(o.asText()));
                    } catch (IllegalArgumentException bad) {
                        throw new ValidationException("stage '%s' in %s lists unknown operation '%s'; known: %s", e.getKey(),
                                file, o.asText(), EnumSet.allOf(Operation.class));
                    }
                }
            }
            io.jmreg.api.lifecycle.Approval approval = io.jmreg.api.lifecycle.Approval.NONE;
            JsonNode approvalNode = e.getValue().get("approval");
            if (approvalNode != null) {
                approval = switch (approvalNode.asText()) {
                    case "other-principal" -> io.jmreg.api.lifecycle.Approval.OTHER_PRINCIPAL;
                    case "other-than-requester-and-creator" ->
                            io.jmreg.api.lifecycle.Approval.OTHER_THAN_REQUESTER_AND_CREATOR;
                    case "none" -> io.jmreg.api.lifecycle.Approval.NONE;
                    default -> throw new ValidationException("stage '%s' in %s has approval '%s'; one of none, "
                            + "other-principal, other-than-requester-and-creator", e.getKey(), file, approvalNode.asText());
                };
            }
            defs.put(e.getKey(), new StageDefinition(e.getKey(), transitions, ops, approval));
        }
        return new StageMachine(root.path("initial").asText(), defs);
    }
}
