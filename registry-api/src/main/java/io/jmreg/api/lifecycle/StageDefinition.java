package io.jmreg.api.lifecycle;

import io.jmreg.api.exceptions.ValidationException;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * One lifecycle stage: where a version in it may move next, and which operations it allows.
 *
 * @param name        stage name
 * @param transitions stages reachable in one step
 * @param operations  operations allowed on versions in this stage; null or empty allows none (least privilege, the
 *                    same rule as a JSON stage without {@code "operations"})
 * @param approval    who must approve a promotion into this stage (null: nobody)
 */
public record StageDefinition(String name, Set<String> transitions, Set<Operation> operations, Approval approval) {
    /** A stage entered without approval. */
    public StageDefinition(String name, Set<String> transitions, Set<Operation> operations) {
        this(name, transitions, operations, Approval.NONE);
    }

    /** Validates and copies. */
    public StageDefinition {
        approval = approval == null ? Approval.NONE : approval;
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw new ValidationException("stage name '%s' must be a lower-case letter then up to 63 of a-z 0-9 _ -", name);
        }
        transitions = Collections.unmodifiableSortedSet(new TreeSet<>(transitions == null ? Set.of() : transitions));
        operations = operations == null || operations.isEmpty() ? Collections.unmodifiableSet(EnumSet.noneOf(Operation.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(operations));
    }
}
