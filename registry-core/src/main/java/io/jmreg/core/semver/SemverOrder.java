package io.jmreg.core.semver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Comparator;
import org.semver4j.Semver;

/** Semantic Versioning 2.0.0 precedence (build metadata ignored), through semver4j. */
public final class SemverOrder {
    /** Orders version strings by precedence, lowest first. */
    public static final Comparator<String> PRECEDENCE = (a, b) -> parse(a).compareTo(parse(b));

    private SemverOrder() {
    }

    /**
     * Parsed versions (immutable), shared: the same version strings recur across models and comparisons. Its upkeep
     * runs on the calling thread (every new version is a write: the default executor woke a common-pool thread each).
     */
    private static final Cache<String, Semver> PARSED =
            Caffeine.newBuilder().maximumSize(50_000).executor(Runnable::run).build();

    /** Parses a version already validated by the API. */
    public static Semver parse(String version) {
        Semver v = PARSED.getIfPresent(version);
        if (v == null) {
            v = new Semver(version);
            PARSED.put(version, v);
        }
        return v;
    }

    /** True when the version has a pre-release part. */
    public static boolean isPreRelease(String version) {
        return !parse(version).getPreRelease().isEmpty();
    }
}
