package io.jmreg.interop;

import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import java.util.List;
import java.util.TreeSet;

/**
 * Whether an imported version's stage changes and aliases can be replayed in this registry, decided before the version
 * is registered, so that an import never registers a version and then fails half-way through its history: every
 * stage exists, each change is a transition of the stage machine into a stage that needs no approval, and the aliases
 * that point at the version can be set in its initial stage (the importers set them right after registering, before
 * replaying its stages: an alias may point at a version that was archived later).
 */
final class StagePlan {
    private StagePlan() {
    }

    /**
     * Why the stage changes {@code path} (target stages in order, from the machine's initial stage) and
     * {@code aliases} cannot be replayed, or null when they can.
     */
    static String problem(StageMachine machine, List<String> path, boolean aliases) {
        String at = machine.initial();
        if (aliases && !machine.allows(at, Operation.SET_ALIAS)) {
            return "aliases point at it and its first stage '" + at + "' allows no alias here";
        }
        for (String to : path) {
            if (to.equals(at)) {
                continue;
            }
            StageDefinition next = machine.stages().get(to);
            if (next == null) {
                return "its stage '" + to + "' is not a stage here (stages: "
                        + new TreeSet<>(machine.stages().keySet()) + ")";
            }
            if (!machine.stages().get(at).transitions().contains(to)) {
                return "its stage change " + at + " -> " + to + " is not a transition here";
            }
            if (next.approval() != Approval.NONE) {
                return "stage '" + to + "' needs approval here (" + next.approval() + ")";
            }
            at = to;
        }
        return null;
    }
}
