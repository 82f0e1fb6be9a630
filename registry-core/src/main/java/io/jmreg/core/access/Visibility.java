package io.jmreg.core.access;

import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.ModelState;

import java.util.Collection;
import java.util.function.Predicate;

/**
 * Which entries of a model's histories a caller may see: an entry is shown when every version it names that still
 * exists is one the caller may see (versions deleted since are named by number only and reveal nothing new).
 */
public final class Visibility {
    private final ModelState state;
    private final Predicate<ModelVersion> visible;

    /** Over {@code state}, showing what {@code visible} accepts. */
    public Visibility(ModelState state, Predicate<ModelVersion> visible) {
        this.state = state;
        this.visible = visible;
    }

    /** Whether every one of {@code versions} (nulls skipped) that exists is visible. */
    public boolean shows(Collection<String> versions) {
        for (String v : versions) {
            if (v != null && state.version(v).filter(visible.negate()).isPresent()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a deployment's versions (and the adapters it serves, when of this model) are visible. */
    public boolean shows(EnvironmentDeployment d) {
        return shows(d.splits().stream().map(TrafficSplit::version).toList());
    }
}
