package io.jmreg.core.lifecycle;

import io.jmreg.api.Names;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.access.Visibility;
import io.jmreg.core.lineage.BaseModels;
import io.jmreg.core.log.Guards;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.resolve.ReferenceResolver;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Promotion through the stage machine with quality gates, deployments with traffic splits, rollback and time travel
 * (SPEC 5), each committed as one log entry and announced to listeners after the commit.
 */
public final class LifecycleOperations {
    private final ModelLog log;
    private final StageMachine machine;
    private final ReferenceResolver resolver;
    /** The stored access policy in force, if any: its four-eyes rules override the machine's. */
    private final Supplier<Optional<AccessPolicy>> policy;

    /** Lifecycle operations over a model log, with the state machine in force (and no stored policy). */
    public LifecycleOperations(ModelLog log, StageMachine machine, ReferenceResolver resolver) {
        this(log, machine, resolver, Optional::empty);
    }

    /**
     * Lifecycle operations over a model log, with the state machine in force; a stored policy that states four eyes
     * ({@link io.jmreg.api.access.AccessPolicy#approvals()}) decides which stages need an approval, whatever the
     * machine says, so every process opening the store enforces the same rule.
     */
    public LifecycleOperations(ModelLog log, StageMachine machine, ReferenceResolver resolver,
                               Supplier<Optional<AccessPolicy>> policy) {
        this.log = log;
        this.machine = machine;
        this.resolver = resolver;
        this.policy = policy;
    }

    /**
     * The stage machine in force: this process's, with each stage's approval rule taken from the stored policy when
     * the policy states four eyes (it decides alone then). A policy that cannot be read leaves the process's machine
     * (every change is refused under it anyway).
     */
    public StageMachine machineInForce() {
        AccessPolicy stored;
        try {
            stored = policy.get().orElse(null);
        } catch (RuntimeException unreadable) {
            return machine;
        }
        if (stored == null || stored.approvals() == null) {
            return machine;
        }
        Map<String, StageDefinition> stages = new LinkedHashMap<>();
        machine.stages().forEach((name, d) -> stages.put(name, new StageDefinition(d.name(), d.transitions(),
                d.operations(), stored.approvalFor(name))));
        return new StageMachine(machine.initial(), stages);
    }

    /** Who must approve a promotion into {@code stage}: the stored policy's rule when it states one, else the machine's. */
    public Approval approvalFor(String stage) {
        Approval stored = policy.get().map(p -> p.approvalFor(stage)).orElse(null);
        return stored != null ? stored : machine.stage(stage).approval();
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public ModelVersion promote(ModelLog.Committer committer, String reference, String stage, String... gates) {
        List<GateEvaluator.Gate> parsed = GateEvaluator.parse(gates);
        machine.stage(stage);
        Approval rule = approvalFor(stage);
        ModelVersion target = resolver.resolve(reference);
        ModelLog.Committed c = log.commit(committer, target.name(), (state, at) -> {
            ModelVersion v = Guards.requireLive(state, target);
            List<GateResult> results = checkMove(v, stage, parsed);
            return rule == Approval.NONE ? LogEntry.stage(v.version(), stage, results)
                    : LogEntry.requestStage(v.version(), stage, results); // takes effect once another approves
        });
        return c.state().version(target.version()).orElseThrow();
    }

    /** See {@link io.jmreg.api.ModelRegistry#approve}. */
    public ModelVersion approve(ModelLog.Committer committer, String reference, String stage) {
        machine.stage(stage);
        Approval rule = approvalFor(stage);
        ModelVersion target = resolver.resolve(reference);
        ModelLog.Committed c = log.commit(committer, target.name(), (state, at) -> {
            ModelVersion v = Guards.requireLive(state, target);
            PromotionRequest request = state.pendingPromotions().get(v.version());
            if (request == null || !request.stage().equals(stage)) {
                throw new OperationNotAllowedException("no pending request to promote %s to '%s'%s", v.reference(), stage,
                        request == null ? " (a change to the version since the request voids it; request again)"
                                : " (the pending request is for '" + request.stage() + "')");
            }
            String approver = committer.principal();
            OperationContext ctx = committer instanceof OperationContext o
                    ? o : null;
            if (ctx != null) { // for the audit entry: who asked, who approved
                ctx.detail("requested_by", request.requestedBy());
                ctx.detail("approved_by", approver);
            }
            if (ctx != null && (approver.equals(request.requestedBy())
                    || rule == Approval.OTHER_THAN_REQUESTER_AND_CREATOR && approver.equals(v.createdBy()))) {
                ctx.detail("refused", "separation_of_duties");
            }
            String promote = (v.kind() == Kind.ADAPTER ? Permission.ADAPTERS_PROMOTE : Permission.MODELS_PROMOTE).id();
            if (approver.equals(request.requestedBy())) {
                throw new AccessDeniedException(approver, promote, reference, "separation of duties: '" + approver
                        + "' requested the promotion of " + v.reference() + " to '" + stage
                        + "', and it must be approved by another principal");
            }
            if (rule == Approval.OTHER_THAN_REQUESTER_AND_CREATOR && approver.equals(v.createdBy())) {
                throw new AccessDeniedException(approver, promote, reference, "separation of duties: '" + approver
                        + "' created " + v.reference() + ", and a promotion to '" + stage
                        + "' must be approved by someone other than its requester and its creator");
            }
            List<GateResult> results = checkMove(v, stage, GateEvaluator.parse(request.gates().stream()
                    .map(GateResult::expression).toArray(String[]::new)));
            return LogEntry.stage(v.version(), stage, results);
        });
        return c.state().version(target.version()).orElseThrow();
    }

    /** The gates' results when {@code v} may move to {@code stage} now, else the transition or gate failure. */
    private List<GateResult> checkMove(ModelVersion v, String stage, List<GateEvaluator.Gate> gates) {
        Set<String> allowed = machine.stages().containsKey(v.stage())
                ? machine.stage(v.stage()).transitions() : Set.of();
        if (!allowed.contains(stage)) {
            throw new IllegalTransitionException(v.reference(), v.stage(), stage, allowed);
        }
        List<GateResult> results = GateEvaluator.evaluate(gates, v);
        List<GateResult> failed = results.stream().filter(g -> !g.passed()).toList();
        if (!failed.isEmpty()) {
            throw new GateFailedException(v.reference(), stage, failed);
        }
        return results;
    }

    /** See {@link io.jmreg.api.ModelRegistry#pendingPromotions}. */
    public List<PromotionRequest> pendingPromotions(String name) {
        return List.copyOf(resolver.existing(name).pendingPromotions().values());
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public List<StageChange> stageHistory(String reference) {
        ModelVersion v = resolver.resolve(reference);
        return resolver.existing(v.name()).stageHistory().stream().filter(s -> s.version().equals(v.version())).toList();
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public EnvironmentDeployment deploy(ModelLog.Committer committer, String reference, String environment, String endpoint,
                                        int replicas) {
        return deploy(committer, reference, environment, endpoint, replicas, List.of());
    }

    /** See {@link io.jmreg.api.ModelRegistry}: a version with the adapters it serves. */
    public EnvironmentDeployment deploy(ModelLog.Committer committer, String reference, String environment, String endpoint,
                                        int replicas, List<String> adapters) {
        ModelVersion v = resolver.resolve(reference);
        List<String> exactAdapters = new ArrayList<>();
        for (String a : adapters == null ? List.<String>of() : adapters) {
            ModelVersion adapter = resolver.resolve(a);
            if (adapter.kind() != Kind.ADAPTER) {
                throw new ValidationException("%s is not an adapter (kind %s): it cannot be served on %s",
                        adapter.reference(), adapter.kind(), v.reference());
            }
            if (!BaseModels.fits(adapter, v, resolver)) {
                throw new ValidationException("adapter %s was made for %s, not for %s", adapter.reference(),
                        BaseModels.of(adapter), v.reference());
            }
            if (exactAdapters.contains(adapter.reference())) {
                throw new ValidationException("adapter %s appears twice", adapter.reference());
            }
            exactAdapters.add(adapter.reference());
        }
        return deploy(committer, v.name(), environment, List.of(new TrafficSplit(v.version(), 100)), endpoint, replicas,
                exactAdapters);
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public EnvironmentDeployment deploy(ModelLog.Committer committer, String name, String environment,
                                        List<TrafficSplit> splits, String endpoint, int replicas) {
        return deploy(committer, name, environment, splits, endpoint, replicas, List.of());
    }

    private EnvironmentDeployment deploy(ModelLog.Committer committer, String name, String environment,
                                         List<TrafficSplit> splits, String endpoint, int replicas, List<String> adapters) {
        Names.requireModelName(name);
        requireEnvironment(environment);
        if (splits == null || splits.isEmpty()) {
            throw new ValidationException("a deployment of '%s' to '%s' needs at least one version", name, environment);
        }
        if (replicas < 0) {
            throw new ValidationException("replicas must not be negative, got %d", replicas);
        }
        double total = splits.stream().mapToDouble(TrafficSplit::percent).sum();
        if (Math.abs(total - 100.0) > 1e-6) {
            throw new ValidationException("traffic percentages of the deployment of '%s' to '%s' add up to %s, not 100",
                    name, environment, BigDecimal.valueOf(total).stripTrailingZeros().toPlainString());
        }
        List<String> resolved = new ArrayList<>();
        for (TrafficSplit split : splits) {
            String version = resolver.resolve(name + ":" + split.version()).version();
            if (resolved.contains(version)) {
                throw new ValidationException("version %s appears twice in the deployment of '%s' to '%s'", version, name,
                        environment);
            }
            resolved.add(version);
        }
        List<TrafficSplit> exact = new ArrayList<>();
        for (int i = 0; i < splits.size(); i++) {
            exact.add(new TrafficSplit(resolved.get(i), splits.get(i).percent()));
        }
        ModelLog.Committed c = log.commit(committer, name, (state, at) -> {
            for (TrafficSplit split : exact) {
                ModelVersion v = state.version(split.version()).orElseThrow(() ->
                        new VersionNotFoundException("version %s of '%s' was deleted meanwhile", split.version(), name));
                Guards.requireAllowed(machine, v, Operation.DEPLOY);
            }
            return LogEntry.deploy(environment, exact, endpoint, replicas, adapters);
        });
        return c.state().deployments().get(environment);
    }

    private static void requireEnvironment(String environment) {
        try {
            Names.requireAlias(environment);
        } catch (ValidationException e) {
            throw new ValidationException(e, "environment name: %s", e.getMessage());
        }
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public EnvironmentDeployment rollback(ModelLog.Committer committer, String name, String environment) {
        requireEnvironment(environment);
        resolver.existing(name);
        ModelLog.Committed c = log.commit(committer, name, (state, at) -> {
            List<EnvironmentDeployment> stack = state.deploymentStack(environment);
            if (stack.size() < 2) {
                throw new OperationNotAllowedException("environment '%s' of '%s' has %s to roll back to", environment,
                        name, stack.isEmpty() ? "no deployment and nothing" : "no earlier deployment");
            }
            for (TrafficSplit split : stack.get(stack.size() - 2).splits()) {
                ModelVersion target = state.version(split.version()).orElseThrow(() -> new OperationNotAllowedException(
                        "cannot roll back '%s' of '%s': version %s was deleted", environment, name, split.version()));
                if (committer instanceof OperationContext ctx) {
                    ctx.authorizeInput(target); // the version it deploys again: the caller must be allowed it too
                }
            }
            return LogEntry.rollback(environment);
        });
        return c.state().deploymentHistory().get(c.state().deploymentHistory().size() - 1);
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public List<EnvironmentDeployment> deploymentHistory(String name, String environment) {
        requireEnvironment(environment);
        return resolver.existing(name).deploymentHistory().stream().filter(d -> d.environment().equals(environment)).toList();
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public ModelSnapshot stateAt(String name, Instant instant) {
        return stateAt(name, instant, v -> true);
    }

    /**
     * The model as it was at {@code instant}, over the versions {@code visible} accepts (as they were then): their
     * stages, the aliases pointing at them, and the deployments all of whose versions are among them.
     */
    public ModelSnapshot stateAt(String name, Instant instant, Predicate<ModelVersion> visible) {
        if (instant == null) {
            throw new ValidationException("instant must not be null");
        }
        resolver.existing(name);
        ModelState s = log.readAsOf(name, instant);
        Map<String, String> stages = new TreeMap<>();
        s.versions().stream().filter(visible).forEach(v -> stages.put(v.version(), v.stage()));
        Map<String, String> aliases = new TreeMap<>();
        s.aliases().forEach((alias, version) -> {
            if (stages.containsKey(version)) {
                aliases.put(alias, version);
            }
        });
        Visibility shown = new Visibility(s, visible);
        Map<String, EnvironmentDeployment> deployments = new TreeMap<>();
        s.deployments().forEach((env, d) -> {
            if (shown.shows(d)) {
                deployments.put(env, d);
            }
        });
        return new ModelSnapshot(name, instant, s.seq(), stages, aliases, deployments);
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public Map<String, EnvironmentDeployment> deployments(String name) {
        return resolver.existing(name).deployments();
    }

    /** See {@link io.jmreg.api.ModelRegistry}. */
    public Comparison compare(String referenceA, String referenceB, String metric,
                                                     boolean higherIsBetter) {
        if (metric != null) {
            Names.requireMetricName(metric);
        }
        return VersionComparison.compare(resolver.resolve(referenceA), resolver.resolve(referenceB), metric,
                higherIsBetter);
    }
}
