package io.jmreg.api;

import io.jmreg.api.exceptions.InvalidReferenceException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed reference string (SPEC 2): {@code name}, {@code name:latest}, {@code name:1.2.0},
 * {@code name:^1.2}, {@code name:~1.2.3}, {@code name:>=2.0.0 <3.0.0}, {@code name@alias},
 * {@code name@sha256:<digest>}.
 *
 * @param model the model name
 * @param kind  how the selector is read
 * @param value the selector: a version, a range, an alias or a hex digest; {@code latest} for LATEST
 */
public record ModelReference(String model, Kind kind, String value) {
    private static final Pattern LOOKS_LIKE_VERSION =
            Pattern.compile("v?\\d+\\.\\d+\\.\\d+[0-9A-Za-z.+-]*");

    /** How the part after the name selects a version. */
    public enum Kind {
        /** Highest version that is not a pre-release. */
        LATEST,
        /** An exact Semantic Version. */
        EXACT,
        /** A range (npm syntax: caret, tilde, comparators, hyphen ranges); the highest match wins. */
        RANGE,
        /** An alias such as {@code production}. */
        ALIAS,
        /** The SHA-256 digest of the artifact manifest. */
        DIGEST
    }

    /** Validates the parts. */
    public ModelReference {
        Names.requireModelName(model);
        if (kind == null) {
            throw new InvalidReferenceException("reference kind must not be null");
        }
        if (value == null || value.isBlank()) {
            throw new InvalidReferenceException("reference to '%s' has an empty selector", model);
        }
        if (value.length() > 256) {
            throw new InvalidReferenceException("reference selector for '%s' is longer than 256 characters", model);
        }
        switch (kind) {
            case ALIAS -> Names.requireAlias(value);
            case DIGEST -> requireSha256(value);
            case EXACT -> Versions.requireVersion(value);
            case RANGE -> requirePrintable(model, value);
            case LATEST -> {
                if (!value.equals("latest")) {
                    throw new InvalidReferenceException("LATEST reference must carry 'latest', got '%s'", value);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Parses a reference string.
     *
     * @throws InvalidReferenceException naming the position and what was expected
     */
    public static ModelReference parse(String reference) {
        if (reference == null) {
            throw new InvalidReferenceException("reference must not be null");
        }
        String ref = reference.strip();
        if (ref.isEmpty()) {
            throw new InvalidReferenceException("reference must not be empty");
        }
        int at = ref.indexOf('@');
        int colon = ref.indexOf(':');
        int cut = at < 0 ? colon : colon < 0 ? at : Math.min(at, colon);
        if (cut < 0) {
            return new ModelReference(ref, Kind.LATEST, "latest");
        }
        String name = ref.substring(0, cut);
        String selector = ref.substring(cut + 1).strip();
        if (name.isEmpty()) {
            throw new InvalidReferenceException("reference \"%s\" has no model name before '%c'", reference, ref.charAt(cut));
        }
        if (selector.isEmpty()) {
            throw new InvalidReferenceException("reference \"%s\" has nothing after '%c' at index %d",
                    reference, ref.charAt(cut), cut);
        }
        if (cut == at) {
            if (selector.toLowerCase(Locale.ROOT).startsWith("sha256:")) {
                return new ModelReference(name, Kind.DIGEST, selector.substring(7));
            }
            return new ModelReference(name, Kind.ALIAS, selector);
        }
        if (selector.equals("latest")) {
            return new ModelReference(name, Kind.LATEST, "latest");
        }
        if (Versions.isValid(selector)) {
            return new ModelReference(name, Kind.EXACT, selector);
        }
        if (LOOKS_LIKE_VERSION.matcher(selector).matches()) {
            Versions.requireVersion(selector); // three numeric parts, yet not valid Semantic Versioning
        }
        return new ModelReference(name, Kind.RANGE, selector);
    }

    /** The canonical string of this reference. */
    @Override
    public String toString() {
        return switch (kind) {
            case LATEST -> model + ":latest";
            case EXACT, RANGE -> model + ":" + value;
            case ALIAS -> model + "@" + value;
            case DIGEST -> model + "@sha256:" + value;
        };
    }

    private static void requireSha256(String hex) {
        if (hex.length() != 64) {
            throw new InvalidReferenceException("sha256 digest must be 64 hex characters, got %d: '%s'", hex.length(), hex);
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new InvalidReferenceException("sha256 digest has non-hex character %s at index %d (lower-case hex expected)",
                        Names.describe(c), i);
            }
        }
    }

    private static void requirePrintable(String model, String range) {
        for (int i = 0; i < range.length(); i++) {
            char c = range.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                throw new InvalidReferenceException("version range for '%s' has illegal character %s at index %d",
                        model, Names.describe(c), i);
            }
        }
    }
}
