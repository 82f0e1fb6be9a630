package io.jmreg.core.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * The one place every public operation passes, reads included: it knows the principal, the operation and the
 * resource, and runs the hooks around the work. Commands get the {@link OperationContext} and commit through it, so
 * hooks also see what was committed.
 */
public final class OperationPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(OperationPipeline.class);
    /** Per operation (by ordinal), the hooks that observe it: arrays, so the hot path allocates no iterator. */
    private final OperationHook[][] hooksByOperation;

    /** A pipeline running {@code hooks} around every operation they observe. */
    public OperationPipeline(List<OperationHook> hooks) {
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
                      java.util.function.BiFunction<OperationContext, String, T> work) {
        OperationHook[] hooks = hooksByOperation[operation.ordinal()];
        boolean idle = true;
        for (int i = 0; i < hooks.length && idle; i++) {
            idle = hooks[i].idleFor(operation);
        }
        if (idle) {
            return work.apply(null, reference);
        }
        return run(principal, operation, Resource.reference(reference), context -> work.apply(context, reference));
    }

    /** Tells every hook; a hook that throws after the work is logged and skipped, never failing the operation. */
    private static void notify(OperationHook[] hooks, OperationContext context, java.util.function.Consumer<OperationHook> call) {
        for (OperationHook hook : hooks) {
            try {
                call.accept(hook);
            } catch (RuntimeException hookFailure) {
                LOG.warn("hook {} failed after {}: {}", hook, context, hookFailure.toString());
            }
        }
    }

    /** Runs {@code work} as {@code principal}. */
    public <T> T run(Caller principal, RegistryOperation operation, Resource resource, Function<OperationContext, T> work) {
        OperationContext context = new OperationContext(principal.principal(), operation, resource);
        principal.details().forEach(context::detail);
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
            notify(java.util.Arrays.copyOf(hooks, begun), context, hook -> hook.failed(context, e));
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
