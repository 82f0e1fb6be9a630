package io.jmreg.core.log;

import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.ModelVersion;

/** Checks a proposed change makes against the head state: the version still lives and its stage allows the change. */
public final class Guards {
    private Guards() {
    }

    /** The version as it is at the head, or VersionNotFoundException when it was deleted meanwhile. */
    public static ModelVersion requireLive(ModelState state, ModelVersion target) {
        return state.version(target.version()).orElseThrow(() ->
                new VersionNotFoundException("version %s was deleted meanwhile", target.reference()));
    }

    /** The version, or OperationNotAllowedException when its stage forbids {@code op}. */
    public static ModelVersion requireAllowed(StageMachine machine, ModelVersion v, Operation op) {
        if (!machine.allows(v.stage(), op)) {
            throw new OperationNotAllowedException("%s is in stage '%s', which does not allow %s (allowed: %s)",
                    v.reference(), v.stage(), op, machine.stage(v.stage()).operations());
        }
        return v;
    }
}
