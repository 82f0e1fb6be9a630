package io.jmreg.api.search;

/**
 * Changes applied to every version a query selects (tags, metrics, promotion with gates, deprecation, deletion). Each
 * version is changed by its own operation and log entry, so one refused version does not undo the others.
 */
public interface BulkOperations {
    /** Applies the change to every version {@code query} selects. */
    BulkResult apply(String query, BulkChange change);

    /**
     * Lists the versions {@code query} selects, changing nothing; checks that need the version's state at commit
     * time (stage rules, transitions, gates) run only when the change is applied.
     */
    BulkResult dryRun(String query, BulkChange change);
}
