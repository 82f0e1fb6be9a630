package io.jmreg.api.lifecycle;

import io.jmreg.api.exceptions.ValidationException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The lifecycle state machine (SPEC 5.1): the stage new versions start in, and every stage's transitions and
 * allowed operations. {@link #defaults()} is the SPEC's machine; a host application can supply its own, in code
 * or as JSON ({@code RegistryOptions.Builder#stageMachineFile}).
 *
 * @param initial the stage of a newly registered version
 * @param stages  stage name to definition
 */
public record StageMachine(String initial, Map<String, StageDefinition> stages) {
    /** Checks that the initial stage and every transition target exist. */
    public StageMachine {
        if (stages == null || stages.isEmpty()) {
            throw new ValidationException("a stage machine needs at least one stage");
        }
        stages = Map.copyOf(stages);
        if (!stages.containsKey(initial)) {
            throw new ValidationException("initial stage '%s' is not one of the stages %s", initial, stages.keySet());
        }
        for (StageDefinition s : stages.values()) {
            for (String t : s.transitions()) {
                if (!stages.containsKey(t)) {
                    throw new ValidationException("stage '%s' lists a transition to unknown stage '%s'", s.name(), t);
                }
            }
        }
    }

    /**
     * The default machine: development -> testing | deprecated; testing -> staging | development | deprecated;
     * staging -> production | testing | deprecated; production -> deprecated | archived; deprecated -> archived;
     * archived -> development. Production versions are immutable (metrics aside) and cannot be deleted.
     */
    public static StageMachine defaults() {
        Set<Operation> all = EnumSet.allOf(Operation.class);
        Map<String, StageDefinition> m = new LinkedHashMap<>();
        m.put("development", new StageDefinition("development", Set.of("testing", "deprecated"), all));
        m.put("testing", new StageDefinition("testing", Set.of("staging", "development", "deprecated"), all));
        m.put("staging", new StageDefinition("staging", Set.of("production", "testing", "deprecated"), all));
        m.put("production", new StageDefinition("production", Set.of("deprecated", "archived"),
                EnumSet.of(Operation.UPDATE_METRICS, Operation.SET_ALIAS, Operation.DEPLOY)));
        m.put("deprecated", new StageDefinition("deprecated", Set.of("archived"),
                EnumSet.of(Operation.UPDATE_METRICS, Operation.UPDATE_TAGS, Operation.SET_ALIAS, Operation.DELETE)));
        m.put("archived", new StageDefinition("archived", Set.of("development"),
                EnumSet.of(Operation.UPDATE_TAGS, Operation.DELETE)));
        return new StageMachine("development", m);
    }

    /** The definition of a stage. */
    public StageDefinition stage(String name) {
        StageDefinition s = stages.get(name);
        if (s == null) {
            throw new ValidationException("unknown stage '%s'; stages: %s", name, List.copyOf(new TreeSet<>(stages.keySet())));
        }
        return s;
    }

    /** Whether {@code operation} is allowed on a version in {@code stage}. */
    public boolean allows(String stage, Operation operation) {
        StageDefinition s = stages.get(stage);
        return s == null || s.operations().contains(operation);
    }
}
