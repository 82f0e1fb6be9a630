package io.jmreg.core.pipeline;

/**
 * How a read of one reference is answered from caches alone, for the pipeline's hot path: {@link #lookup} finds what
 * a cache holds for the reference when it is current (for {@code resolve}: the resolution, with the model state it
 * was computed from), and {@link #answer} turns that into the caller's result. Hooks see what was found
 * ({@link OperationHook#admits}), so a decision they cached for it holds exactly as long as it does.
 *
 * @param <S> what a cache holds
 * @param <T> the caller's result
 */
public interface CachedRead<S, T> {
    /**
     * What a cache holds for {@code reference}, current at {@code nowNanos} (a {@link System#nanoTime()} just read),
     * or null when the read must take the whole pipeline; changes nothing the caller could see.
     */
    S lookup(String reference, long nowNanos);

    /** The caller's result from what {@link #lookup} found. */
    T answer(S cached);
}
