package io.jmreg.api.access;

import io.jmreg.api.exceptions.ValidationException;
import java.util.Set;

/**
 * Where a grant applies: the whole registry, the models whose full name matches a pattern (in which {@code *}
 * matches within one name segment and {@code **} across {@code /}: {@code medical/*} matches {@code medical/triage}
 * but not {@code medical}), the versions carrying a tag, or both conditions at once. A tag condition is checked on
 * the version as it is before a change and as it would be after it; both must hold.
 *
 * @param models the model-name pattern, or null for any model
 * @param tag    the tag a version must carry (compared case-insensitively), or null for any version
 */
public record Scope(String models, String tag) {
    private static final Scope REGISTRY = new Scope(null, null);

    /** A scope by model-name pattern only. */
    public Scope(String models) {
        this(models, null);
    }

    /** Validates the pattern. */
    public Scope {
        if (tag != null && tag.isBlank()) {
            throw new ValidationException("a tag condition needs a tag");
        }
        if (models != null && !models.matches("[a-z0-9._*-]+(/[a-z0-9._*-]+)?")) {
            throw new ValidationException("scope pattern '%s' may hold a-z 0-9 . _ - and the wildcards * and **, with at "
                    + "most one '/'", models);
        }
    }

    /** The whole registry. */
    public static Scope registry() {
        return REGISTRY;
    }

    /** The models matching {@code pattern}. */
    public static Scope models(String pattern) {
        return new Scope(pattern, null);
    }

    /** The versions carrying {@code tag}. */
    public static Scope tagged(String tag) {
        return new Scope(null, tag);
    }

    /** This scope, narrowed to versions carrying {@code tag}. */
    public Scope andTagged(String t) {
        return new Scope(models, t);
    }

    /** True for the whole-registry scope. */
    public boolean isRegistry() {
        return models == null && tag == null;
    }

    /** Whether the scope covers the model named {@code model} (a tag condition never holds without a version). */
    public boolean covers(String model) {
        return tag == null && (models == null || matches(models, 0, model, 0));
    }

    /** Whether the scope covers a version of {@code model} carrying {@code tags}. */
    public boolean covers(String model, Set<String> tags) {
        if (tag != null && (tags == null || tags.stream().noneMatch(tag::equalsIgnoreCase))) {
            return false;
        }
        return models == null || matches(models, 0, model, 0);
    }

    private static boolean matches(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                boolean any = pi + 1 < p.length() && p.charAt(pi + 1) == '*';
                int next = pi + (any ? 2 : 1);
                for (int k = si; k <= s.length(); k++) {
                    if (matches(p, next, s, k)) {
                        return true;
                    }
                    if (k < s.length() && s.charAt(k) == '/' && !any) {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.length() || s.charAt(si) != c) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }

    @Override
    public String toString() {
        return isRegistry() ? "registry" : (models == null ? "" : "models " + models) + (models != null && tag != null
                ? " " : "") + (tag == null ? "" : "tagged " + tag);
    }
}
