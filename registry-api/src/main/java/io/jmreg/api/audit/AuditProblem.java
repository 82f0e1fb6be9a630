package io.jmreg.api.audit;

/**
 * The first thing {@link AuditTrail#verify} found wrong.
 *
 * @param kind     what is wrong
 * @param position the audit entry concerned (1-based), or the model log entry's position for log problems
 * @param location the stored object concerned (a storage key)
 * @param message  a sentence saying what was found
 */
public record AuditProblem(Kind kind, long position, String location, String message) {
    /** Kinds of problems. */
    public enum Kind {
        /** An entry cannot be parsed. */ UNREADABLE,
        /** An entry is not the one expected at its position: one was deleted, inserted or moved. */ OUT_OF_ORDER,
        /** An entry's stored bytes are not those the next entry chained to: it was edited (or its successor forged). */ EDITED,
        /** An entry's stored bytes are not those a trusted checkpoint sealed. */ CHECKPOINT_MISMATCH,
        /** A checkpoint's signature does not verify, or its key is not trusted. */ BAD_CHECKPOINT,
        /** A checkpoint seals an entry that no longer exists: the trail was truncated. */ TRUNCATED,
        /** A model log entry's stored bytes differ from those audited when it was committed. */ LOG_ENTRY_CHANGED,
        /** An audited model log entry no longer exists. */ LOG_ENTRY_MISSING,
        /** A model log snapshot disagrees with the entries it summarises. */ LOG_SNAPSHOT_CHANGED,
        /**
         * A model log entry older than the maximum audit lag has no audit entry: written outside the library (or by
         * a process that died between commit and audit); tampering until proven otherwise.
         */ UNAUDITED
    }

    @Override
    public String toString() {
        return kind + " at " + position + " (" + location + "): " + message;
    }
}
