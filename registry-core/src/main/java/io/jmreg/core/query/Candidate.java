package io.jmreg.core.query;

import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.ModelState;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A version as a query sees it: its record plus what its model's state says of it (aliases pointing at it,
 * environments serving it), at one instant ({@code now}, for relative dates).
 *
 * @param version the record
 * @param state   its model's state
 * @param now     the query's "now"
 */
public record Candidate(ModelVersion version, ModelState state, Instant now) {
    /** Aliases pointing at this version. */
    Set<String> aliases() {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, String> e : state.aliases().entrySet()) {
            if (e.getValue().equals(version.version())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Environments that serve this version now. */
    Set<String> deployedTo() {
        Set<String> out = new TreeSet<>();
        for (EnvironmentDeployment d : state.deployments().values()) {
            for (TrafficSplit s : d.splits()) {
                if (s.version().equals(version.version())) {
                    out.add(d.environment());
                }
            }
        }
        return out;
    }
}
