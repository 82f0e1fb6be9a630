package io.jmreg.core.pipeline;

import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.observe.ObservedOperation;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.observe.Outcome;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every public operation passes, reads included: it knows the principal, the operation and the
 * resource, and runs the hooks around the work. Commands get the {@link OperationContext} and commit through it, so
 * hooks also see what was committed.
 */
public final class OperationPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(OperationPipeline.class);
    /** Per operation (by ordinal), the hooks that observe it: arrays, so the hot path allocates no iterator. */
    private final OperationHook[][] hooksByOperation;
    /** Hears of every operation, or null. */
    private final OperationObserver observer;
    private final boolean tracesStarts;
    /** One hot cached read in this many is timed for the observer (all are counted). */
    static final int HOT_READ_SAMPLING = 16;
    /** Per operation (by ordinal), its name as observers see it. */
    private static final String[] NAMES = Arrays.stream(RegistryOperation.values())
            .map(op -> op.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    /** A pipeline running {@code hooks} around every operation they observe. */
    public OperationPipeline(List<OperationHook> hooks) {
        this(hooks, null);
    }

    /**
     * A pipeline running {@code hooks} around every operation they observe, and telling {@code observer} (may be
     * null) of every operation, its time including the hooks'.
     */
    public OperationPipeline(List<OperationHook> hooks, OperationObserver observer) {
        this.observer = observer;
        this.tracesStarts = observer != null && observer.tracesStarts();
        RegistryOperation[] all = RegistryOperation.values();
        hooksByOperation = new OperationHook[all.length][];
        for (RegistryOperation op : all) {
            hooksByOperation[op.ordinal()] = hooks.stream().filter(h -> h.observes(op)).toArray(OperationHook[]::new);
        }
    }

    /**
     * Runs a read of one reference as {@code principal}: {@code work} gets the context and the reference. With no
     * hook observing the operation (or all of them idle) it runs directly, allocating nothing (the cached {@code resolve} of a serving
     * hot path); otherwise exactly as {@link #run(Caller, RegistryOperation, Resource, Function)}.
     */
    public <T> T read(Caller principal, RegistryOperation operation, String reference,
                      BiFunction<OperationContext, String, T> work) {
        OperationHook[] hooks = hooksByOperation[operation.ordinal()];
        boolean idle = true;
        for (int i = 0; i < hooks.length && idle; i++) {
            idle = hooks[i].idleFor(operation);
        }
        if (idle) {
            return observer == null ? work.apply(null, reference) : observedRead(principal, operation, reference, work);
        }
        return run(principal, new Operation(operation, Resource.reference(reference)), context -> work.apply(context, reference));
    }

    /**
     * Runs a read of one reference as {@code principal}, answered from caches when {@code cache} can and every hook
     * observing the operation {@link OperationHook#admits admits} what it found: then nothing but the lookup and the
     * hooks' checks run, the clock read once and nothing allocated (the cached {@code resolve} of a serving hot path,
     * a policy installed or not). Otherwise exactly as {@link #read(Caller, RegistryOperation, String, BiFunction)}.
     */
    public <S, T> T read(Caller principal, RegistryOperation operation, String reference, CachedRead<S, T> cache,
                         BiFunction<OperationContext, String, T> work) {
        long now = System.nanoTime();
        S cached = cache.lookup(reference, now);
        if (cached == null) {
            return read(principal, operation, reference, work);
        }
        OperationHook[] hooks = hooksByOperation[operation.ordinal()];
        String who = principal.principal();
        for (OperationHook hook : hooks) {
            if (!hook.admits(who, operation, reference, cached, now)) {
                return run(principal, new Operation(operation, Resource.reference(reference)),
                        context -> work.apply(context, reference));
            }
        }
        return observer == null ? cache.answer(cached)
                : observedRead(principal, operation, reference, (context, ref) -> cache.answer(cached));
    }

    /** Tells every hook; a hook that throws after the work is logged and skipped, never failing the operation. */
    private static void notify(OperationHook[] hooks, OperationContext context, Consumer<OperationHook> call) {
        for (OperationHook hook : hooks) {
            try {
                call.accept(hook);
            } catch (RuntimeException hookFailure) {
                LOG.warn("hook {} failed after {}: {}", hook, context, hookFailure.toString());
            }
        }
    }

    /**
     * A hot read with no hook to run (a cached resolve), for the observer: counted every time, timed one call in
     * {@link #HOT_READ_SAMPLING} (two clock reads would cost about a third of such a read), or every time when the
     * observer traces starts. An untimed one reaches the observer with a duration of -1.
     */
    private <T> T observedRead(Caller principal, RegistryOperation operation, String reference,
                               BiFunction<OperationContext, String, T> work) {
        String name = NAMES[operation.ordinal()];
        Object token = tracesStarts ? started(name, reference, principal.principal()) : null;
        boolean timed = tracesStarts || ThreadLocalRandom.current().nextInt(HOT_READ_SAMPLING) == 0;
        long start = timed ? System.nanoTime() : 0;
        try {
            T result = work.apply(null, reference);
            long nanos = timed ? System.nanoTime() - start : -1;
            if (token == null) {
                try {
                    observer.finishedHotRead(name, reference, principal.principal(), nanos);
                } catch (RuntimeException e) {
                    LOG.warn("observer {} failed after {}: {}", observer, name, e.toString());
                }
            } else {
                finished(new ObservedOperation(name, reference, null, principal.principal(),
                        Outcome.OK, nanos, null, 0, 0, 0, 0, 0), token);
            }
            return result;
        } catch (RuntimeException e) {
            finished(new ObservedOperation(name, reference, null, principal.principal(),
                    Outcome.of(e), timed ? System.nanoTime() - start : -1, e, 0, 0, 0, 0,
                    e instanceof OutcomeUnknownException ? 1 : 0), token);
            throw e;
        }
    }

    /** Runs {@code work}, the call {@code operation} describes, as {@code principal}. */
    public <T> T run(Caller principal, Operation operation, Function<OperationContext, T> work) {
        return run(principal, operation.kind(), operation.resource(), work);
    }

    /** Runs {@code work} as {@code principal}; prefer {@link #run(Caller, Operation, Function)}. */
    public <T> T run(Caller principal, RegistryOperation operation, Resource resource, Function<OperationContext, T> work) {
        OperationContext context = new OperationContext(principal.principal(), operation, resource);
        principal.details().forEach(context::detail);
        if (observer == null) {
            return runHooks(context, work);
        }
        String name = NAMES[operation.ordinal()];
        String named = resource.reference() != null ? resource.reference() : resource.model();
        Object token = tracesStarts ? started(name, named, context.principal()) : null;
        long start = System.nanoTime();
        RuntimeException failure = null;
        try {
            return runHooks(context, work);
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            long unknown = context.unknownOutcomes()
                    + (failure instanceof OutcomeUnknownException ? 1 : 0);
            finished(new ObservedOperation(name, named, context.target(), context.principal(),
                    Outcome.of(failure), System.nanoTime() - start, failure,
                    context.uploadedBytes(), context.downloadedBytes(), context.downloadedFiles(),
                    context.commitRetries(), unknown), token);
        }
    }

    private Object started(String operation, String reference, String principal) {
        try {
            return observer.started(operation, reference, principal);
        } catch (RuntimeException e) {
            LOG.warn("observer {} failed at the start of {}: {}", observer, operation, e.toString());
            return null;
        }
    }

    private void finished(ObservedOperation operation, Object token) {
        try {
            observer.finished(operation, token);
        } catch (RuntimeException e) {
            LOG.warn("observer {} failed after {}: {}", observer, operation.operation(), e.toString());
        }
    }

    private <T> T runHooks(OperationContext context, Function<OperationContext, T> work) {
        RegistryOperation operation = context.operation();
        OperationHook[] hooks = hooksByOperation[operation.ordinal()];
        if (hooks.length == 0) {
            return work.apply(context); // nothing observes this operation (a read, with no access control or audit)
        }
        int begun = 0;
        T result;
        try {
            for (; begun < hooks.length; begun++) {
                hooks[begun].before(context);
            }
            result = context.restricted() ? context.within(work) : work.apply(context);
        } catch (RuntimeException e) {
            notify(Arrays.copyOf(hooks, begun), context, hook -> hook.failed(context, e));
            throw e;
        }
        RuntimeException strictFailure = null;
        for (OperationHook hook : hooks) {
            try {
                hook.after(context, result);
            } catch (RuntimeException hookFailure) {
                if (hook.strictAfter(context.operation()) && strictFailure == null) {
                    strictFailure = hookFailure;
                } else {
                    LOG.warn("hook {} failed after {}: {}", hook, context, hookFailure.toString());
                }
            }
        }
        if (strictFailure != null) {
            if (result instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception closing) {
                    strictFailure.addSuppressed(closing);
                }
            }
            throw strictFailure;
        }
        return result;
    }
}
