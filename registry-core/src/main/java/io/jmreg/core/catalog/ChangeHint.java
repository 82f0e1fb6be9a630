package io.jmreg.core.catalog;

import io.jmreg.core.store.StoreLayout;

/**
 * A change hint: an empty object whose key says that entry {@code seq} of {@code model} was about to be committed
 * at {@code writtenAtMillis}. Written before the entry, so no committed entry is ever without one until a catalog
 * generation covers it; a hint whose commit never happened (a crashed or beaten writer) is harmless.
 *
 * @param model           model name
 * @param seq             the log entry about to be committed
 * @param writtenAtMillis when the hint was written (writer's clock), for expiry
 * @param key             its key
 */
record ChangeHint(String model, long seq, long writtenAtMillis, String key) {
    private static final int MILLIS = 13;
    private static final int SEQ = 20;
    private static final int RANDOM = 8;
    private static final int NAME_START = MILLIS + 1 + SEQ + 1 + RANDOM + 1;

    /** A new hint's key. */
    static String key(String model, long seq, long millis, int random) {
        return StoreLayout.CATALOG_CHANGES + String.format("%013d-%020d-%08x-%s", millis, seq, random,
                StoreLayout.encode(model));
    }

    /** The hint a file name under {@code catalog/changes/} stands for, or null for a foreign file. */
    static ChangeHint parse(String fileName) {
        if (fileName.length() <= NAME_START || fileName.charAt(MILLIS) != '-' || fileName.charAt(MILLIS + 1 + SEQ) != '-'
                || fileName.charAt(NAME_START - 1) != '-') {
            return null;
        }
        try {
            long millis = Long.parseLong(fileName.substring(0, MILLIS));
            long seq = Long.parseLong(fileName.substring(MILLIS + 1, MILLIS + 1 + SEQ));
            String model = StoreLayout.decode(fileName.substring(NAME_START));
            return seq > 0 ? new ChangeHint(model, seq, millis, StoreLayout.CATALOG_CHANGES + fileName) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
