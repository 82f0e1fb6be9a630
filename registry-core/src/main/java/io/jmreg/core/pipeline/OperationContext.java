package io.jmreg.core.pipeline;

import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.AuditIntent;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One invocation of a public operation: who, what, on which resource, and the log entries it committed. Created by
 * the {@link OperationPipeline} and handed to the command that does the work, which commits through it; confined to
 * the invoking thread.
 */
public final class OperationContext implements ModelLog.Committer {
    private final String principal;
    private final RegistryOperation operation;
    private final Resource resource;
    private List<ModelLog.Committed> commits; // most operations are reads: allocated on the first commit
    private static final ThreadLocal<OperationContext> CURRENT = new ThreadLocal<>();
    private Predicate<ModelVersion> visible = v -> true;
    private boolean restricted;
    private Predicate<String> visibleModels = m -> true;
    private Map<String, String> details; // for the audit trail; allocated on first use
    private String target;
    private Consumer<ModelVersion> inputCheck = v -> { };
    private final AtomicLong downloadedFiles = new AtomicLong();
    private final AtomicLong downloadedBytes = new AtomicLong();
    private long commitRetries; // the counters below are told on the invoking thread (commits, after the uploads)
    private long unknownOutcomes;
    private long uploadedBytes;
    private BiFunction<ModelState, LogEntry, AuditIntent> auditIntents;

    OperationContext(String principal, RegistryOperation operation, Resource resource) {
        this.principal = principal;
        this.operation = operation;
        this.resource = resource;
    }

    @Override
    public String principal() {
        return principal;
    }

    /** The operation. */
    public RegistryOperation operation() {
        return operation;
    }

    /** What it acts on. */
    public Resource resource() {
        return resource;
    }

    @Override
    public void committed(ModelLog.Committed commit) {
        if (commits == null) {
            commits = new ArrayList<>(1);
        }
        commits.add(commit);
    }

    /** Which versions this invocation may show (lists, searches, statistics); all unless a hook restricts it. */
    public Predicate<ModelVersion> visible() {
        return visible;
    }

    /** Which models this invocation may name in lists; all unless a hook restricts it. */
    public Predicate<String> visibleModels() {
        return visibleModels;
    }

    /** Restricts what this invocation may show, models and versions (authorization does, before the work). */
    public void restrictTo(Predicate<String> models,
                           Predicate<ModelVersion> versions) {
        visibleModels = visibleModels.and(models);
        visible = visible.and(versions);
        restricted = true;
    }

    /**
     * Sets how versions the work finds it needs (a rollback's target, the kind a registration detected) are
     * authorized; authorization does, before the work.
     */
    public void checkInputsWith(Consumer<ModelVersion> check) {
        inputCheck = check;
    }

    /**
     * Authorizes a version the work found it needs, for this operation's permission: throws
     * {@link io.jmreg.api.exceptions.AccessDeniedException} (nothing done yet) when the principal may not.
     */
    public void authorizeInput(ModelVersion version) {
        inputCheck.accept(version);
    }

    /** Whether a hook restricted what this invocation may see. */
    public boolean restricted() {
        return restricted;
    }

    /**
     * The operation running on this thread, if it was restricted (so that resolution deep in a command sees only
     * versions the principal may see), else null.
     */
    public static OperationContext currentRestricted() {
        OperationContext c = CURRENT.get();
        return c != null && c.restricted ? c : null;
    }

    /** Runs {@code work} with this as the thread's current operation. */
    <T> T within(Function<OperationContext, T> work) {
        OperationContext previous = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.apply(this);
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Records a detail for the audit trail, such as the environment or a policy version. */
    public synchronized void detail(String key, String value) {
        if (details == null) {
            details = new TreeMap<>();
        }
        details.put(key, value);
    }

    /** The details recorded so far. */
    public synchronized Map<String, String> details() {
        return details == null ? Map.of() : Map.copyOf(details);
    }

    /** Names the exact resource the work acted on, once known (e.g. {@code name:version} a reference resolved to). */
    public void target(String exact) {
        target = exact;
    }

    /** The exact resource the work acted on, or null when it did not say. */
    public String target() {
        return target;
    }

    /** Counts one artifact file whose bytes were read from the store (not from the local cache); thread-safe. */
    public void downloaded(long bytes) {
        downloadedFiles.incrementAndGet();
        downloadedBytes.addAndGet(bytes);
    }

    /** Files whose bytes this invocation read from the store. */
    public long downloadedFiles() {
        return downloadedFiles.get();
    }

    /** Bytes this invocation read from the store. */
    public long downloadedBytes() {
        return downloadedBytes.get();
    }

    /** Has every log entry this invocation commits carry what {@code intents} makes of it (the audit hook's). */
    public void auditIntentsBy(BiFunction<ModelState, LogEntry, AuditIntent> intents) {
        auditIntents = intents;
    }

    @Override
    public AuditIntent auditIntent(ModelState head, LogEntry entry) {
        return auditIntents == null ? null : auditIntents.apply(head, entry);
    }

    @Override
    public void commitRetried() {
        commitRetries++;
    }

    @Override
    public void outcomeUnknown() {
        unknownOutcomes++;
    }

    @Override
    public void uploaded(long bytes) {
        uploadedBytes += bytes;
    }

    /** Commits of this invocation retried after a lost race. */
    public long commitRetries() {
        return commitRetries;
    }

    /** Writes of this invocation whose outcome was unknown and read back. */
    public long unknownOutcomes() {
        return unknownOutcomes;
    }

    /** Artifact bytes this invocation wrote to the store. */
    public long uploadedBytes() {
        return uploadedBytes;
    }

    /** Log entries committed by this invocation, in order. */
    public List<ModelLog.Committed> commits() {
        return commits == null ? List.of() : Collections.unmodifiableList(commits);
    }

    @Override
    public String toString() {
        return operation + " of " + resource + " by " + principal;
    }
}
