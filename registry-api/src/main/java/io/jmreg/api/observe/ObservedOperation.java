package io.jmreg.api.observe;

/**
 * One finished registry operation, as an {@link OperationObserver} hears of it.
 *
 * @param operation       the operation, lower case ({@code resolve}, {@code register}, {@code pull}, ...)
 * @param reference       what the caller named: a reference, a model name, or null for the registry as a whole
 * @param target          the exact {@code name:version} the operation acted on, when it said, else null
 * @param principal       who called
 * @param outcome         how it ended
 * @param durationNanos   how long it took, hooks included; -1 when not timed: hot cached reads (a {@code resolve}
 *                        served from memory, no hook to run) are timed one call in 16, since reading the clock
 *                        twice would cost a third of such a read; an observer scales the timed ones
 * @param failure         what it threw, or null
 * @param bytesUploaded   artifact bytes written to the store (blobs already stored are not counted)
 * @param bytesDownloaded artifact bytes read from the store (not from the local cache)
 * @param filesDownloaded artifact files read from the store
 * @param commitRetries   commits retried after losing a race to another writer
 * @param unknownOutcomes writes whose outcome was unknown and had to be read back (a failure that is one counts too)
 */
public record ObservedOperation(String operation, String reference, String target, String principal, Outcome outcome,
                                long durationNanos, RuntimeException failure, long bytesUploaded, long bytesDownloaded,
                                long filesDownloaded, long commitRetries, long unknownOutcomes) {

    /** Whether {@link #durationNanos} was measured (see there). */
    public boolean timed() {
        return durationNanos >= 0;
    }

    /** The model acted on, parsed from the target or reference, or null for the registry as a whole. */
    public String model() {
        String of = target != null ? target : reference;
        if (of == null) {
            return null;
        }
        int at = of.indexOf('@');
        int colon = of.indexOf(':');
        int cut = at < 0 ? colon : colon < 0 ? at : Math.min(at, colon);
        return cut < 0 ? of.strip() : of.substring(0, cut).strip();
    }

    /** The exact version acted on, when the operation or the caller named it ({@code name:version}), else null. */
    public String version() {
        String of = target != null ? target : reference;
        int colon = of == null ? -1 : of.indexOf(':');
        return colon < 0 ? null : of.substring(colon + 1);
    }

    /**
     * For an artifact read ({@code pull}, {@code open_artifact}) that succeeded: true when every byte came from the
     * local cache, false when some were read from the store; null for any other operation.
     */
    public Boolean cacheHit() {
        if (outcome != Outcome.OK || !("pull".equals(operation) || "open_artifact".equals(operation))) {
            return null;
        }
        return filesDownloaded == 0;
    }
}
