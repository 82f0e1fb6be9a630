package io.jmreg.api.observe;

import java.util.List;

/**
 * Hears of every public operation of a registry, reads included, from the one pipeline they all pass: for metrics and
 * traces. Given with {@code RegistryOptions.Builder#observer}. Called on the thread running the operation, so it must
 * be fast and thread-safe; what it throws is logged and ignored, never failing the operation.
 */
public interface OperationObserver {
    /**
     * Called when an operation starts, before authorization. Returns a token handed back to {@link #finished} (a
     * trace span, say), or null. The default does nothing.
     *
     * @param operation the operation, lower case
     * @param reference what the caller named, or null
     * @param principal who calls
     */
    default Object started(String operation, String reference, String principal) {
        return null;
    }

    /** Whether {@link #started} does anything (asked once): if not, the registry skips calling it. */
    default boolean tracesStarts() {
        return false;
    }

    /** Called when the operation finished, however it ended, with the token {@link #started} returned. */
    void finished(ObservedOperation operation, Object token);

    /**
     * A hot cached read that succeeded (a {@code resolve} served from memory, with no hook to run): the registry's
     * most frequent call, told through this method so that an observer may count it without allocating. The default
     * hands it to {@link #finished} with no token; {@code durationNanos} is -1 when the call was not timed.
     */
    default void finishedHotRead(String operation, String reference, String principal, long durationNanos) {
        finished(new ObservedOperation(operation, reference, null, principal, Outcome.OK, durationNanos, null, 0, 0, 0,
                0, 0), null);
    }

    /** One observer calling each of {@code observers} in turn (their tokens kept apart). */
    static OperationObserver all(List<? extends OperationObserver> observers) {
        List<OperationObserver> list = List.copyOf(observers);
        if (list.size() == 1) {
            return list.get(0);
        }
        boolean starts = list.stream().anyMatch(OperationObserver::tracesStarts);
        return new OperationObserver() {
            @Override
            public Object started(String operation, String reference, String principal) {
                Object[] tokens = new Object[list.size()];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = list.get(i).started(operation, reference, principal);
                }
                return tokens;
            }

            @Override
            public boolean tracesStarts() {
                return starts;
            }

            @Override
            public void finishedHotRead(String operation, String reference, String principal, long durationNanos) {
                for (int i = list.size() - 1; i >= 0; i--) {
                    list.get(i).finishedHotRead(operation, reference, principal, durationNanos);
                }
            }

            @Override
            public void finished(ObservedOperation operation, Object token) {
                Object[] tokens = token instanceof Object[] t ? t : new Object[list.size()];
                for (int i = list.size() - 1; i >= 0; i--) {
                    list.get(i).finished(operation, tokens[i]);
                }
            }
        };
    }
}
