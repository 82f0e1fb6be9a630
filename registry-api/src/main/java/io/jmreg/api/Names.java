package io.jmreg.api;

import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.ValidationException;

/** Validation of model names, aliases, tags, metric names and artifact paths (SPEC 2). */
public final class Names {
    /** Longest accepted model name. */
    public static final int MAX_MODEL_NAME = 128;
    /** Longest accepted artifact path. */
    public static final int MAX_ARTIFACT_PATH = 1024;

    private Names() {
    }

    /**
     * Checks a model name: lower-case letters, digits, '.', '_', '-', optionally one namespace segment
     * ({@code org/name}); each segment starts and ends with a letter or digit; 1..128 characters.
     *
     * @return the name, unchanged
     * @throws InvalidReferenceException saying what is wrong
     */
    public static String requireModelName(String name) {
        if (name == null) {
            throw new InvalidReferenceException("model name must not be null");
        }
        if (name.isEmpty() || name.length() > MAX_MODEL_NAME) {
            throw new InvalidReferenceException("model name must be 1..%d characters, got %d: %s",
                    MAX_MODEL_NAME, name.length(), quote(name));
        }
        int slashes = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/') {
                slashes++;
            } else if (!isNameChar(c)) {
                throw new InvalidReferenceException(
                        "model name %s has illegal character %s at index %d; allowed: a-z 0-9 . _ - and one '/'",
                        quote(name), describe(c), i);
            }
        }
        if (slashes > 1) {
            throw new InvalidReferenceException(
                    "model name %s has %d '/' but at most one namespace segment (org/name) is allowed",
                    quote(name), slashes);
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidReferenceException("model name %s has an empty segment", quote(name));
            }
            if (!isAlnum(segment.charAt(0)) || !isAlnum(segment.charAt(segment.length() - 1))) {
                throw new InvalidReferenceException(
                        "model name segment '%s' of %s must start and end with a letter or digit", segment, quote(name));
            }
            if (segment.contains("..")) {
                throw new InvalidReferenceException("model name %s must not contain '..'", quote(name));
            }
        }
        return name;
    }

    /** Checks an alias: a lower-case letter, then up to 63 of a-z 0-9 _ -; {@code sha256} and {@code latest} are reserved. */
    public static String requireAlias(String alias) {
        if (alias == null || alias.isEmpty() || alias.length() > 64) {
            throw new InvalidReferenceException("alias must be 1..64 characters, got %s", quote(alias));
        }
        if (!(alias.charAt(0) >= 'a' && alias.charAt(0) <= 'z')) {
            throw new InvalidReferenceException("alias %s must start with a lower-case letter", quote(alias));
        }
        for (int i = 0; i < alias.length(); i++) {
            char c = alias.charAt(i);
            if (!(isAlnum(c) || c == '_' || c == '-')) {
                throw new InvalidReferenceException("alias %s has illegal character %s at index %d; allowed: a-z 0-9 _ -",
                        quote(alias), describe(c), i);
            }
        }
        if (alias.equals("sha256") || alias.equals("latest")) {
            throw new InvalidReferenceException("alias '%s' is reserved", alias);
        }
        return alias;
    }

    /** Checks a tag: 1..128 characters of letters, digits and {@code . _ - : / = +}. */
    public static String requireTag(String tag) {
        return requireToken("tag", tag, 128, "._-:/=+");
    }

    /**
     * Checks a metric name such as {@code evaluation.rag_accuracy} or {@code eval/precision} (MLflow's grouping): 1..128
     * of letters, digits, {@code . _ - /}; no leading or trailing {@code .} or {@code /}, no {@code ..} or {@code //}.
     */
    public static String requireMetricName(String metric) {
        requireToken("metric name", metric, 128, "._-/");
        if (metric.startsWith(".") || metric.endsWith(".") || metric.contains("..")) {
            throw new ValidationException("metric name %s must not start or end with '.' or contain '..'", quote(metric));
        }
        if (metric.startsWith("/") || metric.endsWith("/") || metric.contains("//")) {
            throw new ValidationException("metric name %s must not start or end with '/' or contain '//'", quote(metric));
        }
        return metric;
    }

    /** Checks a metric value: a finite number. */
    public static double requireMetricValue(String metric, Double value) {
        if (value == null || value.isNaN() || value.isInfinite()) {
            throw new ValidationException("metric '%s' must be a finite number, got %s", metric, value);
        }
        return value;
    }

    /**
     * Checks a relative artifact path: '/'-separated, no empty, '.' or '..' segment, no leading '/', no
     * backslash, no control character (NUL included), at most 1024 characters.
     */
    public static String requireArtifactPath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_ARTIFACT_PATH) {
            throw new ValidationException("artifact path must be 1..%d characters, got %s", MAX_ARTIFACT_PATH, quote(path));
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || c == '\\' || c == ':' && i == 1) {
                throw new ValidationException("artifact path %s has illegal character %s at index %d",
                        quote(path), describe(c), i);
            }
        }
        if (path.startsWith("/")) {
            throw new ValidationException("artifact path %s must be relative", quote(path));
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new ValidationException("artifact path %s has an empty, '.' or '..' segment", quote(path));
            }
        }
        return path;
    }

    private static String requireToken(String what, String value, int max, String extra) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new ValidationException("%s must be 1..%d characters, got %s", what, max, quote(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.indexOf(c) >= 0;
            if (!ok) {
                throw new ValidationException("%s %s has illegal character %s at index %d; allowed: letters, digits and %s",
                        what, quote(value), describe(c), i, extra);
            }
        }
        return value;
    }

    private static boolean isNameChar(char c) {
        return isAlnum(c) || c == '.' || c == '_' || c == '-';
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    static String describe(char c) {
        if (c >= 0x21 && c < 0x7f) {
            return "'" + c + "'";
        }
        return String.format("U+%04X", (int) c);
    }

    static String quote(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().limit(160).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.append(s.length() > 160 ? "...\"" : "\"").toString();
    }
}
