package io.jmreg.api.search;

import java.util.List;

/**
 * One page of search results.
 *
 * @param items         the results on this page
 * @param total         how many results the whole search has (as of the first page)
 * @param nextPageToken the token of the next page, or null on the last page; for versions and sorted model searches
 *                      it pins the store as it was when the first page was read, so paging never repeats or skips
 *                      a result while others write; models in name order continue after the page's last name, so
 *                      a page costs only its own models and no model that exists throughout is repeated or skipped
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
