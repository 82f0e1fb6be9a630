package io.jmreg.api.lifecycle;

import java.time.Instant;
import java.util.Map;

/**
 * A model as it was at an instant, replayed from its commit log ("which version served production at T").
 *
 * @param name        model name
 * @param asOf        the instant asked about
 * @param sequence    the last log entry at or before it (0: the model did not exist yet)
 * @param stages      version to stage
 * @param aliases     alias to version
 * @param deployments environment to what it served
 */
public record ModelSnapshot(String name, Instant asOf, long sequence, Map<String, String> stages,
                            Map<String, String> aliases, Map<String, EnvironmentDeployment> deployments) {
    /** Copies the maps. */
    public ModelSnapshot {
        stages = Map.copyOf(stages);
        aliases = Map.copyOf(aliases);
        deployments = Map.copyOf(deployments);
    }
}
