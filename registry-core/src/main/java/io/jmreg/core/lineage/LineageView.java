package io.jmreg.core.lineage;

import io.jmreg.api.LineageTracker;
import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.Operation;
import io.jmreg.core.pipeline.OperationPipeline;
import java.util.List;
import java.util.function.Function;

/** Lineage navigation as one principal: every call passes the operation pipeline like any other read. */
public final class LineageView implements LineageTracker {
    private final OperationPipeline pipeline;
    private final Caller principal;
    private final DefaultLineageTracker lineage;

    /** {@code lineage} seen by {@code principal}. */
    public LineageView(OperationPipeline pipeline, Caller principal, DefaultLineageTracker lineage) {
        this.pipeline = pipeline;
        this.principal = principal;
        this.lineage = lineage;
    }

    /** A navigation from one version, showing only the versions the principal may read. */
    private List<ModelVersion> run(String reference, Function<String, List<ModelVersion>> call) {
        return pipeline.run(principal, Operation.lineage(reference),
                ctx -> call.apply(reference).stream().filter(v -> ctx.visibleModels().test(v.name()))
                        .filter(ctx.visible()).toList());
    }

    @Override
    public List<ModelVersion> fedBy(String dataset) {
        return pipeline.run(principal, Operation.search(),
                ctx -> lineage.fedBy(dataset).stream().filter(v -> ctx.visibleModels().test(v.name()))
                        .filter(ctx.visible()).toList());
    }

    @Override
    public LineageGraph graph(String reference) {
        return pipeline.run(principal, Operation.lineage(reference),
                ctx -> lineage.graph(reference, v -> ctx.visibleModels().test(v.name()) && ctx.visible().test(v)));
    }

    @Override
    public List<ModelVersion> parents(String reference) {
        return run(reference, lineage::parents);
    }

    @Override
    public List<ModelVersion> children(String reference) {
        return run(reference, lineage::children);
    }

    @Override
    public List<ModelVersion> ancestors(String reference) {
        return run(reference, lineage::ancestors);
    }

    @Override
    public List<ModelVersion> descendants(String reference) {
        return run(reference, lineage::descendants);
    }
}
