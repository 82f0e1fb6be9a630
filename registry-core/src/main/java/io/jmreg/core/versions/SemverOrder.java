package io.jmreg.core.versions;

import org.semver4j.Semver;

import java.util.Comparator;

/** Semantic Versioning 2.0.0 precedence (build metadata ignored), through semver4j. */
public final class SemverOrder {
    /** Orders version strings by precedence, lowest first. */
    public static final Comparator<String> PRECEDENCE = (a, b) -> parse(a).compareTo(parse(b));

    private SemverOrder() {
    }

    /** Parses a version already validated by the API. */
    public static Semver parse(String version) {
        return new Semver(version);
    }

    /** True when the version has a pre-release part. */
    public static boolean isPreRelease(String version) {
        return !parse(version).getPreRelease().isEmpty();
    }
}
