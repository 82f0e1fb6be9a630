package io.jmreg.api.search;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items         the results on this page
 * @param total         how many results the whole search has (as of the first page)
 * @param nextPageToken the token of the next page, or null on the last page; it pins the store as it was when the
 *                      first page was read, so paging never repeats or skips a result while others write
 * @param <T>           versions or model summaries
 */
public record SearchPage<T>(List<T> items, long total, String nextPageToken) {
    /** Copies the items. */
    public SearchPage {
        items = List.copyOf(items);
    }

    /** True when there is a next page. */
    public boolean hasNext() {
        return nextPageToken != null;
    }
}
