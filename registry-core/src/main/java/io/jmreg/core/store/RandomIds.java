package io.jmreg.core.store;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs drawn from a per-thread generator, for ids that must be unique but not secret (a
 * commit's id, an audit entry's id): {@link UUID#randomUUID()} draws from one shared {@code SecureRandom} whose lock
 * every committing thread queued on.
 */
public final class RandomIds {
    private RandomIds() {
    }

    /** A new random UUID, as text. */
    public static String uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF variant
        return new UUID(high, low).toString();
    }
}
