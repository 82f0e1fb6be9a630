package io.jmreg.api.audit;

import io.jmreg.api.exceptions.ValidationException;

import java.time.Instant;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which audit entries to read: every condition given must hold (null means any).
 *
 * @param principal exact principal
 * @param action    exact action, such as {@code pull} or {@code set_alias}
 * @param resource  a pattern over the entry's resource: {@code *} matches within one name segment, {@code **} across
 *                  {@code /}; e.g. {@code medical/**} or {@code fraud:*}
 * @param from      first instant (inclusive)
 * @param to        last instant (exclusive)
 * @param limit     at most this many entries (0: no limit): the oldest, or with {@code newestFirst} the newest
 * @param newestFirst entries newest first, read from the end of the trail (the newest few of a long trail cost
 *                  little); otherwise oldest first
 */
public record AuditQuery(String principal, String action, String resource, Instant from, Instant to, int limit,
                         boolean newestFirst) {
    /** Validates. */
    public AuditQuery {
        if (limit < 0) {
            throw new ValidationException("audit query limit must be >= 0, got %d", limit);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new ValidationException("audit query range ends (%s) before it starts (%s)", to, from);
        }
        if (resource != null && (resource.isBlank() || resource.length() > 1024)) {
            throw new ValidationException("audit resource pattern must be 1..1024 characters");
        }
    }

    /** A query oldest first. */
    public AuditQuery(String principal, String action, String resource, Instant from, Instant to, int limit) {
        this(principal, action, resource, from, to, limit, false);
    }

    /** Every entry. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, 0, false);
    }

    /** This query newest first ({@code true}: with a limit, the newest entries that match) or oldest first. */
    public AuditQuery newestFirst(boolean newest) {
        return new AuditQuery(principal, action, resource, from, to, limit, newest);
    }

    /** This query, for entries by {@code p}. */
    public AuditQuery principal(String p) {
        return new AuditQuery(p, action, resource, from, to, limit, newestFirst);
    }

    /** This query, for entries of action {@code a}. */
    public AuditQuery action(String a) {
        return new AuditQuery(principal, a, resource, from, to, limit, newestFirst);
    }

    /** This query, for entries whose resource matches {@code pattern}. */
    public AuditQuery resource(String pattern) {
        return new AuditQuery(principal, action, pattern, from, to, limit, newestFirst);
    }

    /** This query, for entries at or after {@code start} and before {@code end} (either may be null). */
    public AuditQuery between(Instant start, Instant end) {
        return new AuditQuery(principal, action, resource, start, end, limit, newestFirst);
    }

    /** This query, returning at most {@code n} entries. */
    public AuditQuery limit(int n) {
        return new AuditQuery(principal, action, resource, from, to, n, newestFirst);
    }

    /** Whether {@code e} satisfies every condition (the limit aside). */
    public boolean matches(AuditEntry e) {
        return matcher().test(e);
    }

    /** The conditions (the limit aside) with the resource pattern compiled once, for testing many entries. */
    public Predicate<AuditEntry> matcher() {
        Pattern pattern = resource == null ? null : resourcePattern();
        return e -> (principal == null || principal.equals(e.principal()))
                && (action == null || action.equals(e.action()))
                && (from == null || !e.at().isBefore(from))
                && (to == null || e.at().isBefore(to))
                && (pattern == null || pattern.matcher(e.resource()).matches());
    }

    /** The one resource this query's pattern matches (a pattern without {@code *}), else null. */
    public String exactResource() {
        return resource == null || resource.indexOf('*') >= 0 ? null : resource;
    }

    /** The resource pattern as a regular expression. */
    private Pattern resourcePattern() {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < resource.length(); i++) {
            char c = resource.charAt(i);
            if (c == '*' && i + 1 < resource.length() && resource.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
