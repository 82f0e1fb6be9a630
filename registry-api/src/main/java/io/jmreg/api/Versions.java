package io.jmreg.api;

import io.jmreg.api.exceptions.InvalidReferenceException;

import java.util.regex.Pattern;

/** Syntax check of Semantic Versioning 2.0.0 strings (precedence and ranges live in the implementation). */
public final class Versions {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private Versions() {
    }

    /** True when {@code version} is a valid Semantic Version of at most 128 characters. */
    public static boolean isValid(String version) {
        return version != null && version.length() <= 128 && SEMVER.matcher(version).matches();
    }

    /** Returns the version or throws {@link InvalidReferenceException} explaining the expected form. */
    public static String requireVersion(String version) {
        if (!isValid(version)) {
            throw new InvalidReferenceException(
                    "'%s' is not a Semantic Version 2.0.0 (expected MAJOR.MINOR.PATCH[-prerelease][+build], "
                            + "numbers without leading zeros, at most 128 characters)", version);
        }
        return version;
    }
}
