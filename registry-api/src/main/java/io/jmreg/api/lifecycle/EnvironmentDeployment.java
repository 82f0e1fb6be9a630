package io.jmreg.api.lifecycle;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * What an environment serves: one version at 100 %, or an A/B split.
 *
 * @param environment environment name
 * @param splits      versions and their traffic shares (adding up to 100)
 * @param endpoint    serving endpoint
 * @param replicas    replica count
 * @param deployedAt  when this deployment was committed
 * @param deployedBy  principal
 * @param sequence    log sequence number
 * @param rollback    true when this state was restored by a rollback
 * @param adapters    adapter versions ({@code name:version}) served with the deployed base version
 */
public record EnvironmentDeployment(String environment, List<TrafficSplit> splits, String endpoint, Integer replicas,
                                    Instant deployedAt, String deployedBy, long sequence, boolean rollback,
                                    List<String> adapters) {
    /** Copies the lists. */
    public EnvironmentDeployment {
        splits = splits == null ? List.of() : List.copyOf(splits);
        adapters = adapters == null ? List.of() : List.copyOf(adapters);
    }

    /** The version with the largest share (the first of equals): the one the environment's alias points to. */
    public String primaryVersion() {
        return splits.stream().max(Comparator.comparingDouble(TrafficSplit::percent)
                .thenComparing(s -> -splits.indexOf(s))).map(TrafficSplit::version).orElse(null);
    }
}
