package io.jmreg.server;

import io.jmreg.api.model.ModelVersion;
import io.jmreg.wire.WireJson;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON of recently sent version records, by identity: a registry hands out the same immutable record for a
 * version until it changes, so a hot {@code resolve} is serialized once, not once per request. Direct-mapped and
 * bounded ({@value #SLOTS} records); a changed version is a new record and misses.
 */
final class VersionJson {
    private static final int SLOTS = 1024;
    private static final AtomicReferenceArray<Entry> CACHE = new AtomicReferenceArray<>(SLOTS);

    private record Entry(ModelVersion version, byte[] json) {
    }

    private VersionJson() {
    }

    /** The JSON of {@code v} (the returned array is shared: never modify it). */
    static byte[] of(ModelVersion v) {
        int slot = System.identityHashCode(v) & (SLOTS - 1);
        Entry e = CACHE.get(slot);
        if (e != null && e.version() == v) {
            return e.json();
        }
        byte[] json = WireJson.write(v);
        CACHE.set(slot, new Entry(v, json));
        return json;
    }
}
