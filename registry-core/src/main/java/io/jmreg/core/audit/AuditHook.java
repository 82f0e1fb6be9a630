package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditEntry.Outcome;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.AuditIntent;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.pipeline.OperationHook;
import io.jmreg.core.pipeline.RegistryOperation;
import io.jmreg.core.pipeline.Resource;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit trail from the operation pipeline: every change (with the digests of the log entries it
 * committed), every read of artifact bytes from the store (local cache hits are not downloads, except to a front end's
 * caller: a server audits every file it serves, whatever its own cache held), every denial. It runs
 * first, so that it hears of denials by the authorizer after it. A change's log entries carry what their audit entry
 * will say (written in the same durable write as the change), and its audit entry is sealed into the chain shortly
 * after, with others, by {@link AuditService}'s sealer (or, after a crash, by the next process to open the store);
 * a change the sealer cannot write stands and verify lists it as unaudited once older than the maximum audit lag. A
 * download whose entry cannot be written fails, unless downloads are audited best-effort.
 */
public final class AuditHook implements OperationHook {
    private static final Logger LOG = LoggerFactory.getLogger(AuditHook.class);
    private final AuditService audit;
    private final boolean downloadsBestEffort;

    /** Entries appended to {@code audit}. */
    public AuditHook(AuditService audit, boolean downloadsBestEffort) {
        this.audit = audit;
        this.downloadsBestEffort = downloadsBestEffort;
    }

    @Override
    public boolean idleFor(RegistryOperation operation) {
        return !downloads(operation);
    }

    @Override
    public boolean strictAfter(RegistryOperation operation) {
        return !downloadsBestEffort && downloads(operation);
    }

    @Override
    public void after(OperationContext ctx, Object result) {
        RegistryOperation op = ctx.operation();
        if (downloads(op)) {
            // an archive leaves the host, and so does whatever a front end (a server: its caller has a source)
            // serves another host, whether or not its own cache held the files
            if (ctx.downloadedFiles() > 0 || op == RegistryOperation.ARCHIVE || ctx.details().containsKey("source")) {
                try {
                    write(ctx, result, Outcome.OK, Map.of());
                } catch (RuntimeException e) {
                    if (!downloadsBestEffort) {
                        throw new StorageException(e, "%s; downloads are audited, so the "
                                + "download was refused (a host with read-only access to the store can open the registry "
                                + "with AuditOptions.defaults().downloadsBestEffort(true))", e.getMessage());
                    }
                    LOG.warn("download not audited: {}", e.getMessage());
                }
            }
            return;
        }
        if (!changes(op)) {
            return; // reads are audited when they download or are denied; the cache is this process's own
        }
        if (!ctx.commits().isEmpty() && ctx.commits().stream().allMatch(c -> c.entry().audit() != null)) {
            // every entry committed carries its audit intent: the entry is sealed into the chain shortly (by this
            // process's sealer, or by any other after a crash), not with a durable write of its own here
            try {
                audit.defer(draft(ctx, result, Outcome.OK, Map.of()),
                        ctx.commits().stream().map(c -> c.entry().at()).min(Instant::compareTo).orElseThrow());
            } catch (RuntimeException e) {
                LOG.error("audit entry not queued for {}: {}", ctx, e.getMessage());
            }
            return;
        }
        quietly(ctx, result, Outcome.OK, Map.of());
    }

    @Override
    public void before(OperationContext ctx) {
        if (changes(ctx.operation())) {
            ctx.auditIntentsBy((head, entry) -> intent(ctx, head, entry));
        }
    }

    private static boolean changes(RegistryOperation op) {
        return !op.read() && !downloads(op) && op != RegistryOperation.VERIFY_CACHE
                && op != RegistryOperation.SEAL_AUDIT;
    }

    /**
     * What the audit entry of {@code entry}, committed onto {@code head} by {@code ctx}, will say: the details the
     * entry's audit entry gets when this process seals it, so that another process sealing it after a crash writes
     * the same.
     */
    private static AuditIntent intent(OperationContext ctx, ModelState head, LogEntry entry) {
        Map<String, String> details = new TreeMap<>(ctx.details());
        Resource r = ctx.resource();
        putIfPresent(details, "alias", r.alias());
        putIfPresent(details, "environment", r.environment());
        boolean lifecycle = switch (entry.op()) {
            case SET_STAGE, REQUEST_STAGE, DEPLOY, ROLLBACK -> true;
            default -> false;
        };
        describeCommit(details, entry, lifecycle ? head.apply(entry) : head);
        String resource = ctx.target() != null ? ctx.target()
                : entry.version() != null ? head.name() + ":" + entry.version() : head.name();
        return new AuditIntent(AuditActions.of(ctx.operation()), resource, details,
                AuditIntent.binding(head.name(), entry));
    }

    @Override
    public void failed(OperationContext ctx, RuntimeException failure) {
        if (ctx.commits().isEmpty() && refusal(ctx, failure) != null) {
            Map<String, String> why = new TreeMap<>();
            why.put("refused", refusal(ctx, failure));
            why.put("error", String.valueOf(failure.getMessage()));
            if (failure instanceof GateFailedException gates) {
                why.put("gates", String.join("; ", gates.failed().stream().map(g -> g.expression()).toList()));
            }
            if (failure instanceof AccessDeniedException denied) { // separation of duties: named as every denial is
                why.put("permission", denied.permission());
                why.put("denied", denied.resource());
            }
            quietly(ctx, null, Outcome.REFUSED, why);
        } else if (failure instanceof AccessDeniedException denied) {
            quietly(ctx, null, Outcome.DENIED, Map.of("permission", denied.permission(), "denied", denied.resource()));
        } else if (!ctx.commits().isEmpty() || ctx.downloadedFiles() > 0) {
            quietly(ctx, null, Outcome.FAILED, Map.of("error", String.valueOf(failure.getMessage())));
        }
    }

    /**
     * Why a lifecycle rule refused a change ({@code gate}, {@code transition}, {@code separation_of_duties},
     * {@code not_allowed}), or null when the failure is no such refusal (a denial by the authorizer, bad input).
     */
    private static String refusal(OperationContext ctx, RuntimeException failure) {
        if (failure instanceof GateFailedException) {
            return "gate";
        }
        if (failure instanceof IllegalTransitionException) {
            return "transition";
        }
        if (ctx.details().containsKey("refused")) { // set by the lifecycle rule that refused it
            return ctx.details().get("refused");
        }
        if (failure instanceof OperationNotAllowedException
                && ctx.operation() == RegistryOperation.APPROVE) {
            return "not_allowed";
        }
        return null;
    }

    private static boolean downloads(RegistryOperation op) {
        return op == RegistryOperation.PULL || op == RegistryOperation.OPEN_ARTIFACT || op == RegistryOperation.ARCHIVE;
    }

    private void quietly(OperationContext ctx, Object result, Outcome outcome, Map<String, String> extra) {
        try {
            write(ctx, result, outcome, extra);
        } catch (RuntimeException e) {
            LOG.error("audit entry not written for {}: {}", ctx, e.getMessage());
        }
    }

    private void write(OperationContext ctx, Object result, Outcome outcome, Map<String, String> extra) {
        audit.record(draft(ctx, result, outcome, extra));
    }

    private AuditChain.Draft draft(OperationContext ctx, Object result, Outcome outcome, Map<String, String> extra) {
        Map<String, String> details = new TreeMap<>(ctx.details());
        details.putAll(extra);
        Resource r = ctx.resource();
        putIfPresent(details, "alias", r.alias());
        putIfPresent(details, "environment", r.environment());
        if (r.reference() != null && outcome != Outcome.OK) {
            details.put("reference", r.reference());
        }
        if (ctx.downloadedFiles() > 0) {
            details.put("downloaded_files", Long.toString(ctx.downloadedFiles()));
            details.put("downloaded_bytes", Long.toString(ctx.downloadedBytes()));
        }
        List<AuditRecord.Commit> commits = new ArrayList<>();
        for (ModelLog.Committed c : ctx.commits()) {
            commits.add(new AuditRecord.Commit(c.state().name(), c.entry().seq(), c.sha256()));
        }
        if (ctx.commits().size() == 1) {
            describeCommit(details, ctx.commits().get(0).entry(), ctx.commits().get(0).state());
        }
        return new AuditChain.Draft(ctx.principal(), AuditActions.of(ctx.operation()),
                resourceOf(ctx, result), outcome, details, commits);
    }

    /** The details of the one entry {@code e} an operation committed, leaving the model in {@code state}. */
    private static void describeCommit(Map<String, String> details, LogEntry e, ModelState state) {
        putIfPresent(details, "stage", e.stage());
        putIfPresent(details, "alias", e.alias());
        putIfPresent(details, "environment", e.environment());
        if (e.op() == LogEntry.Op.REQUEST_STAGE) {
            details.put("approval", "requested");
        }
        describeLifecycle(details, e, state);
    }

    /**
     * What a promotion, deployment or rollback did, in full: the stage moved from and to (and who requested an
     * approved promotion), the versions and traffic split deployed and the one they replaced, the adapters served.
     */
    private static void describeLifecycle(Map<String, String> details, LogEntry e, ModelState state) {
        switch (e.op()) {
            case SET_STAGE, REQUEST_STAGE -> {
                ModelVersion v = state.version(e.version()).orElse(null);
                if (e.op() == LogEntry.Op.SET_STAGE) {
                    state.stageHistory().stream().filter(s -> s.version().equals(e.version())
                            && s.sequence() == e.seq()).findFirst().ifPresent(s -> details.put("from", s.from()));
                } else if (v != null) {
                    details.put("from", v.stage());
                }
                details.put("to", e.stage());
                if (e.gates() != null && !e.gates().isEmpty()) {
                    details.put("gates", String.join("; ", e.gates().stream().map(g -> g.expression()).toList()));
                }
            }
            case DEPLOY -> {
                details.put("versions", split(e.splits()));
                if (e.adapters() != null && !e.adapters().isEmpty()) {
                    details.put("adapters", String.join(",", e.adapters()));
                }
                List<EnvironmentDeployment> stack = state.deploymentStack(e.environment());
                if (stack.size() >= 2) {
                    details.put("replaced", split(stack.get(stack.size() - 2).splits()));
                }
            }
            case ROLLBACK -> {
                List<EnvironmentDeployment> history = state.deploymentHistory().stream()
                        .filter(d -> d.environment().equals(e.environment())).toList();
                if (!history.isEmpty()) {
                    details.put("versions", split(history.get(history.size() - 1).splits()));
                    List<String> adapters = history.get(history.size() - 1).adapters();
                    if (adapters != null && !adapters.isEmpty()) {
                        details.put("adapters", String.join(",", adapters));
                    }
                }
                if (history.size() >= 2) {
                    details.put("replaced", split(history.get(history.size() - 2).splits()));
                }
            }
            default -> {
            }
        }
    }

    /** A traffic split as {@code 1.0.0=90,1.1.0=10}. */
    private static String split(List<TrafficSplit> splits) {
        if (splits == null) {
            return "";
        }
        return String.join(",", splits.stream().map(s -> s.version() + "="
                + BigDecimal.valueOf(s.percent()).stripTrailingZeros().toPlainString()).toList());
    }

    private static void putIfPresent(Map<String, String> details, String key, String value) {
        if (value != null) {
            details.putIfAbsent(key, value);
        }
    }

    /** The most precise name of what the operation acted on. */
    private static String resourceOf(OperationContext ctx, Object result) {
        if (ctx.target() != null) {
            return ctx.target();
        }
        if (result instanceof ModelVersion v) {
            return v.reference();
        }
        if (!ctx.commits().isEmpty()) {
            ModelLog.Committed c = ctx.commits().get(0);
            String version = c.entry().version();
            return version != null && ctx.commits().size() == 1 ? c.state().name() + ":" + version : c.state().name();
        }
        Resource r = ctx.resource();
        if (r.model() == null) {
            return switch (ctx.operation()) {
                case CHANGE_POLICY, READ_POLICY -> "policy";
                default -> "registry";
            };
        }
        return r.reference() != null ? r.reference().strip() : r.model();
    }
}
