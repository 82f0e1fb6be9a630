package io.jmreg.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.lifecycle.MetricDelta;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.lifecycle.ValueChange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire names of the API's lifecycle records in the HTTP API's JSON, owned here and not by the records'
 * Java names ({@code WireShapeTest} fails when a component has no wire name).
 */
final class WireNamesLifecycle {
    private WireNamesLifecycle() {
    }

    /** Applies the names of this group to {@code module}. */
    static void apply(SimpleModule module) {
        module.setMixInAnnotation(Comparison.class, ComparisonWire.class);
        module.setMixInAnnotation(EnvironmentDeployment.class, EnvironmentDeploymentWire.class);
        module.setMixInAnnotation(GateResult.class, GateResultWire.class);
        module.setMixInAnnotation(MetricDelta.class, MetricDeltaWire.class);
        module.setMixInAnnotation(ModelSnapshot.class, ModelSnapshotWire.class);
        module.setMixInAnnotation(PromotionRequest.class, PromotionRequestWire.class);
        module.setMixInAnnotation(StageChange.class, StageChangeWire.class);
        module.setMixInAnnotation(StageDefinition.class, StageDefinitionWire.class);
        module.setMixInAnnotation(StageMachine.class, StageMachineWire.class);
        module.setMixInAnnotation(TrafficSplit.class, TrafficSplitWire.class);
        module.setMixInAnnotation(ValueChange.class, ValueChangeWire.class);
    }

    /** Wire names of {@link Comparison}. */
    interface ComparisonWire {
        @JsonProperty("a") String a();
        @JsonProperty("b") String b();
        @JsonProperty("metrics") Map<String, MetricDelta> metrics();
        @JsonProperty("parameters") Map<String, ValueChange> parameters();
        @JsonProperty("datasets_added") List<String> datasetsAdded();
        @JsonProperty("datasets_removed") List<String> datasetsRemoved();
        @JsonProperty("files_added") List<String> filesAdded();
        @JsonProperty("files_removed") List<String> filesRemoved();
        @JsonProperty("files_changed") List<String> filesChanged();
        @JsonProperty("winner") String winner();
        @JsonProperty("winner_metric") String winnerMetric();
    }

    /** Wire names of {@link EnvironmentDeployment}. */
    interface EnvironmentDeploymentWire {
        @JsonProperty("environment") String environment();
        @JsonProperty("splits") List<TrafficSplit> splits();
        @JsonProperty("endpoint") String endpoint();
        @JsonProperty("replicas") Integer replicas();
        @JsonProperty("deployed_at") Instant deployedAt();
        @JsonProperty("deployed_by") String deployedBy();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("rollback") boolean rollback();
        @JsonProperty("adapters") List<String> adapters();
    }

    /** Wire names of {@link GateResult}. */
    interface GateResultWire {
        @JsonProperty("expression") String expression();
        @JsonProperty("actual") String actual();
        @JsonProperty("passed") boolean passed();
    }

    /** Wire names of {@link MetricDelta}. */
    interface MetricDeltaWire {
        @JsonProperty("a") Double a();
        @JsonProperty("b") Double b();
        @JsonProperty("absolute") Double absolute();
        @JsonProperty("relative") Double relative();
    }

    /** Wire names of {@link ModelSnapshot}. */
    interface ModelSnapshotWire {
        @JsonProperty("name") String name();
        @JsonProperty("as_of") Instant asOf();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("stages") Map<String, String> stages();
        @JsonProperty("aliases") Map<String, String> aliases();
        @JsonProperty("deployments") Map<String, EnvironmentDeployment> deployments();
    }

    /** Wire names of {@link PromotionRequest}. */
    interface PromotionRequestWire {
        @JsonProperty("version") String version();
        @JsonProperty("stage") String stage();
        @JsonProperty("requested_by") String requestedBy();
        @JsonProperty("at") Instant at();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("gates") List<GateResult> gates();
    }

    /** Wire names of {@link StageChange}. */
    interface StageChangeWire {
        @JsonProperty("version") String version();
        @JsonProperty("from") String from();
        @JsonProperty("to") String to();
        @JsonProperty("at") Instant at();
        @JsonProperty("by") String by();
        @JsonProperty("sequence") long sequence();
        @JsonProperty("gates") List<GateResult> gates();
    }

    /** Wire names of {@link StageDefinition}. */
    interface StageDefinitionWire {
        @JsonProperty("name") String name();
        @JsonProperty("transitions") Set<String> transitions();
        @JsonProperty("operations") Set<Operation> operations();
        @JsonProperty("approval") Approval approval();
    }

    /** Wire names of {@link StageMachine}. */
    interface StageMachineWire {
        @JsonProperty("initial") String initial();
        @JsonProperty("stages") Map<String, StageDefinition> stages();
    }

    /** Wire names of {@link TrafficSplit}. */
    interface TrafficSplitWire {
        @JsonProperty("version") String version();
        @JsonProperty("percent") double percent();
    }

    /** Wire names of {@link ValueChange}. */
    interface ValueChangeWire {
        @JsonProperty("a") Object a();
        @JsonProperty("b") Object b();
    }
}
