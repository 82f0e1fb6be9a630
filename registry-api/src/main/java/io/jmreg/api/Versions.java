package io.jmreg.api;

import io.jmreg.api.exceptions.InvalidReferenceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Syntax check of Semantic Versioning 2.0.0 strings (precedence and ranges live in the implementation). */
public final class Versions {
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

    private Versions() {
    }

    /** The largest MAJOR, MINOR or PATCH number: 2147483647 (2^31-1). */
    public static final long MAX_COMPONENT = Integer.MAX_VALUE;
    /** The largest numeric pre-release identifier: 9223372036854775807 (2^63-1). */
    public static final String MAX_NUMERIC_IDENTIFIER = Long.toString(Long.MAX_VALUE);

    /**
     * True when {@code version} is a valid Semantic Version of at most 128 characters whose MAJOR, MINOR and PATCH are
     * at most {@link #MAX_COMPONENT} and whose numeric pre-release identifiers are at most
     * {@link #MAX_NUMERIC_IDENTIFIER}.
     */
    public static boolean isValid(String version) {
        if (version == null || version.length() > 128) {
            return false;
        }
        Matcher m = SEMVER.matcher(version);
        if (!m.matches() || !atMost(m.group(1), "2147483647") || !atMost(m.group(2), "2147483647")
                || !atMost(m.group(3), "2147483647")) {
            return false;
        }
        if (m.group(4) != null) {
            for (String id : m.group(4).split("\\.")) {
                if (id.chars().allMatch(Character::isDigit) && !atMost(id, MAX_NUMERIC_IDENTIFIER)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether the decimal digits {@code n} (no leading zeros) are at most {@code max}. */
    private static boolean atMost(String n, String max) {
        return n.length() < max.length() || n.length() == max.length() && n.compareTo(max) <= 0;
    }

    /** Returns the version or throws {@link InvalidReferenceException} explaining the expected form. */
    public static String requireVersion(String version) {
        if (!isValid(version)) {
            throw new InvalidReferenceException(
                    "'%s' is not a Semantic Version 2.0.0 (expected MAJOR.MINOR.PATCH[-prerelease][+build], "
                            + "numbers without leading zeros, MAJOR, MINOR and PATCH at most 2147483647, numeric "
                            + "pre-release identifiers at most 9223372036854775807, at most 128 characters)", version);
        }
        return version;
    }
}
