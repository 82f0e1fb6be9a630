package io.jmreg.api.access;

import io.jmreg.api.exceptions.ValidationException;

/**
 * Where a grant applies: the whole registry, or the models whose full name matches a pattern, in which {@code *}
 * matches within one name segment and {@code **} across {@code /} ({@code medical/*} matches {@code medical/triage}
 * but not {@code medical}).
 *
 * @param models the model-name pattern, or null for the whole registry
 */
public record Scope(String models) {
    private static final Scope REGISTRY = new Scope(null);

    /** Validates the pattern. */
    public Scope {
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
        return new Scope(pattern);
    }

    /** True for the whole-registry scope. */
    public boolean isRegistry() {
        return models == null;
    }

    /** Whether the scope covers the model named {@code model}. */
    public boolean covers(String model) {
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
        return models == null ? "registry" : "models " + models;
    }
}
