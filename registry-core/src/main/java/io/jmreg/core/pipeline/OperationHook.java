package io.jmreg.core.pipeline;

/**
 * Cross-cutting behaviour that every public operation passes once: authorization (throw from {@link #before} to
 * refuse), audit, metrics, events. Hooks run in the order they were given to the pipeline; {@code after} and
 * {@code failed} must not throw (a hook that does is logged and skipped).
 */
public interface OperationHook {
    /** Whether this hook runs for {@code operation} at all (asked once, when the pipeline is built). */
    default boolean observes(RegistryOperation operation) {
        return true;
    }

    /**
     * Whether this hook has nothing to do for a read right now (authorization with no policy installed), so that a
     * hot read may skip the pipeline's bookkeeping; asked on every such read, so it must be cheap.
     */
    default boolean idleFor(RegistryOperation operation) {
        return false;
    }

    /**
     * Whether this hook has nothing to do for a hot read of {@code reference} by {@code principal} that a cache
     * answered with {@code cached} (see {@link CachedRead}), at {@code nowNanos} (a {@link System#nanoTime()} just
     * read): by default when it is {@link #idleFor idle} for the operation; authorization also when it holds an allow
     * decided for this principal and this very {@code cached} under the policy in force. Asked on every such read,
     * so it must be cheap and allocate nothing.
     */
    default boolean admits(String principal, RegistryOperation operation, String reference, Object cached,
                           long nowNanos) {
        return idleFor(operation);
    }

    /**
     * Whether a failure of this hook's {@link #after} fails the operation (its result closed, when closeable): an
     * artifact download that must not proceed unaudited. By default an {@code after} failure is logged and skipped.
     */
    default boolean strictAfter(RegistryOperation operation) {
        return false;
    }

    /** Before the work; throwing refuses the operation and nothing is done. */
    default void before(OperationContext context) {
    }

    /**
     * After the work succeeded; {@code result} is what the caller gets (null for void operations). Must not throw
     * unless {@link #strictAfter} says so.
     */
    default void after(OperationContext context, Object result) {
    }

    /**
     * After the work failed, or a later hook's {@code before} refused it (nothing or part of a batch was committed:
     * see {@link OperationContext#commits()}).
     */
    default void failed(OperationContext context, RuntimeException failure) {
    }
}
