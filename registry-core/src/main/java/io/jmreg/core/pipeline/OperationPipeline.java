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
    private final OperationHook[] hooks; // an array: the hot path (a cached resolve) allocates no iterator

    /** A pipeline running {@code hooks} around every operation. */
    public OperationPipeline(List<OperationHook> hooks) {
        this.hooks = hooks.toArray(new OperationHook[0]);
    }

    /** Runs {@code work} as {@code principal}. */
    public <T> T run(String principal, RegistryOperation operation, Resource resource, Function<OperationContext, T> work) {
        OperationContext context = new OperationContext(principal, operation, resource);
        for (OperationHook hook : hooks) {
            hook.before(context);
        }
        T result;
        try {
            result = work.apply(context);
        } catch (RuntimeException e) {
            for (OperationHook hook : hooks) {
                try {
                    hook.failed(context, e);
                } catch (RuntimeException hookFailure) {
                    LOG.warn("hook {} failed after {} failed: {}", hook, context, hookFailure.toString());
                }
            }
            throw e;
        }
        for (OperationHook hook : hooks) {
            try {
                hook.after(context, result);
            } catch (RuntimeException hookFailure) {
                LOG.warn("hook {} failed after {}: {}", hook, context, hookFailure.toString());
            }
        }
        return result;
    }
}
