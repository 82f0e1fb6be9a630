package io.jmreg.core.lifecycle;

import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.Lifecycle;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.access.Visibility;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.Operation;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.pipeline.OperationPipeline;
import io.jmreg.core.resolve.ReferenceResolver;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The lifecycle as one principal sees and changes it: every call passes the operation pipeline and is delegated to
 * {@link LifecycleOperations}; histories show only the entries whose versions the principal may read.
 */
public final class LifecycleView implements Lifecycle {
    private final OperationPipeline pipeline;
    private final Caller principal;
    private final LifecycleOperations lifecycle;
    private final ReferenceResolver resolver;

    /** The lifecycle of {@code lifecycle}'s store, acting as {@code principal}. */
    public LifecycleView(OperationPipeline pipeline, Caller principal, LifecycleOperations lifecycle,
                         ReferenceResolver resolver) {
        this.pipeline = pipeline;
        this.principal = principal;
        this.lifecycle = lifecycle;
        this.resolver = resolver;
    }

    private <T> T run(Operation operation, Function<OperationContext, T> work) {
        return pipeline.run(principal, operation, work);
    }

    /** What of model {@code name}'s histories this operation may show (after the work found the model exists). */
    private Visibility visibility(String name, OperationContext ctx) {
        return new Visibility(resolver.existing(name), ctx.visible());
    }

    @Override
    public StageMachine stageMachine() {
        return run(Operation.readConfiguration(), ctx -> lifecycle.machineInForce());
    }

    @Override
    public ModelVersion promote(String reference, String stage, String... gates) {
        return run(Operation.promote(reference), ctx -> lifecycle.promote(ctx, reference, stage, gates));
    }

    @Override
    public List<StageChange> stageHistory(String reference) {
        return run(Operation.stageHistory(reference), ctx -> lifecycle.stageHistory(reference));
    }

    @Override
    public ModelVersion approve(String reference, String stage) {
        return run(Operation.approve(reference), ctx -> lifecycle.approve(ctx, reference, stage));
    }

    @Override
    public List<PromotionRequest> pendingPromotions(String name) {
        return run(Operation.pendingPromotions(name), ctx -> {
            List<PromotionRequest> all = lifecycle.pendingPromotions(name);
            Visibility shown = visibility(name, ctx);
            return all.stream().filter(p -> shown.shows(List.of(p.version()))).toList();
        });
    }

    @Override
    public EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas) {
        return run(Operation.deploy(reference, environment, null),
                ctx -> lifecycle.deploy(ctx, reference, environment, endpoint, replicas));
    }

    @Override
    public EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas,
                                        List<String> adapters) {
        return run(Operation.deploy(reference, environment, adapters),
                ctx -> lifecycle.deploy(ctx, reference, environment, endpoint, replicas, adapters));
    }

    @Override
    public EnvironmentDeployment deploy(String name, String environment, List<TrafficSplit> splits, String endpoint,
                                        int replicas) {
        return run(Operation.deploySplits(name, environment, splits),
                ctx -> lifecycle.deploy(ctx, name, environment, splits, endpoint, replicas));
    }

    @Override
    public EnvironmentDeployment rollback(String name, String environment) {
        return run(Operation.rollback(name, environment), ctx -> lifecycle.rollback(ctx, name, environment));
    }

    @Override
    public Map<String, EnvironmentDeployment> deployments(String name) {
        return run(Operation.readDeployments(name), ctx -> {
            Map<String, EnvironmentDeployment> all = lifecycle.deployments(name);
            Visibility shown = visibility(name, ctx);
            Map<String, EnvironmentDeployment> out = new TreeMap<>();
            all.forEach((env, d) -> {
                if (shown.shows(d)) {
                    out.put(env, d);
                }
            });
            return Collections.unmodifiableMap(out);
        });
    }

    @Override
    public List<EnvironmentDeployment> deploymentHistory(String name, String environment) {
        return run(Operation.readDeployments(name), ctx -> {
            List<EnvironmentDeployment> all = lifecycle.deploymentHistory(name, environment);
            Visibility shown = visibility(name, ctx);
            return all.stream().filter(shown::shows).toList();
        });
    }

    @Override
    public Comparison compare(String referenceA, String referenceB, String metric, boolean higherIsBetter) {
        return run(Operation.compare(referenceA, referenceB),
                ctx -> lifecycle.compare(referenceA, referenceB, metric, higherIsBetter));
    }

    @Override
    public ModelSnapshot stateAt(String name, Instant instant) {
        return run(Operation.stateAt(name), ctx -> lifecycle.stateAt(name, instant, ctx.visible()));
    }
}
