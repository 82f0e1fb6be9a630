package io.jmreg.api.search;

import io.jmreg.api.exceptions.ValidationException;

/**
 * A search: a query in the registry's query language, an optional sort, a page size and the token of the page to
 * continue from.
 *
 * @param query     the query (empty matches everything), e.g. {@code name:medical* AND metrics.accuracy:>0.9}
 * @param sort      sort keys, e.g. {@code metrics.rag_accuracy:desc,created_at}; null or empty for name, then version
 * @param limit     items per page, 1..1000 (default 50)
 * @param pageToken the {@code nextPageToken} of the previous page, or null for the first page
 */
public record SearchRequest(String query, String sort, int limit, String pageToken) {
    /** Validates. */
    public SearchRequest {
        query = query == null ? "" : query;
        sort = sort == null ? "" : sort;
        limit = limit == 0 ? 50 : limit;
        if (limit < 1 || limit > 1000) {
            throw new ValidationException("search limit must be within 1..1000, got %d", limit);
        }
        if (query.length() > 10_000) {
            throw new ValidationException("query is longer than 10000 characters");
        }
    }

    /** The first page of {@code query}, default sort and page size. */
    public static SearchRequest of(String query) {
        return new SearchRequest(query, null, 0, null);
    }

    /** This request sorted by {@code sortKeys}. */
    public SearchRequest sortedBy(String sortKeys) {
        return new SearchRequest(query, sortKeys, limit, pageToken);
    }

    /** This request with pages of {@code n} items. */
    public SearchRequest limit(int n) {
        return new SearchRequest(query, sort, n, pageToken);
    }

    /** The page after {@code previous} (same query and sort). */
    public SearchRequest next(SearchPage<?> previous) {
        return new SearchRequest(query, sort, limit, previous.nextPageToken());
    }
}
