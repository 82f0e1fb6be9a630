package io.jmreg.server.oci;

import io.jmreg.api.model.ModelVersion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Versions' artifacts, built once: a version's manifest depends only on fields fixed at registration, so the built
 * artifact is kept (the most recently used 4,096) under a key of those fields. Only versions the caller was allowed
 * to read are ever looked up, so the cache shows no one anything.
 */
final class VersionArtifacts {
    private static final int SIZE = 4096;
    private static final Map<String, VersionArtifact> BUILT = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, VersionArtifact> eldest) {
                    return size() > SIZE;
                }
            });

    private VersionArtifacts() {
    }

    /** The artifact of {@code v}. */
    static VersionArtifact of(ModelVersion v) {
        String key = v.reference() + "\n" + v.created() + "\n" + v.artifacts().digest() + "\n" + v.modelInfo().totalParameters()
                + "\n" + (v.modelInfo().architecture() == null ? null : v.modelInfo().architecture().name()) + "\n"
                + v.modelInfo().framework() + "\n" + (v.signature() == null ? null : v.signature().signature());
        VersionArtifact a = BUILT.get(key);
        if (a == null) {
            a = VersionArtifact.of(v);
            BUILT.put(key, a);
        }
        return a;
    }
}
