package io.jmreg.core.search;

import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.catalog.CatalogIndex;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.query.Candidate;
import io.jmreg.core.query.ModelIndex;
import io.jmreg.core.query.Query;
import io.jmreg.core.query.QueryParser;
import io.jmreg.core.versions.VersionCommands;
import io.jmreg.spi.StorageBackend;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.SecretKey;

/**
 * Search over every model's current state (read through the log cache, within the staleness bound): the query is
 * parsed (errors with offsets), each version evaluated, results sorted and cut into pages whose tokens pin each
 * model's log position. States come from the catalog index, never from every model's log.
 */
public final class SearchService {
    /**
     * What an unrestricted caller sees: every version. Recognised by identity, so that a search counts a model's
     * matches without testing each version.
     */
    public static final Predicate<ModelVersion> EVERYTHING = v -> true;

    private final CatalogIndex catalog;
    /** Seals the store's page tokens. */
    private final PageTokenKey tokenKey;

    /** Search over the models of {@code catalog}, its page tokens sealed for this process only. */
    public SearchService(CatalogIndex catalog) {
        this(catalog, null);
    }

    /** Search over the models of {@code catalog}, its page tokens sealed under the key kept in {@code backend}. */
    public SearchService(CatalogIndex catalog, StorageBackend backend) {
        this.catalog = catalog;
        this.tokenKey = new PageTokenKey(backend);
    }

    /**
     * Matching versions that {@code visible} lets {@code principal} see, sorted and paged; page tokens are sealed
     * for {@code principal} and pin only models with a version it may see.
     */
    public SearchPage<ModelVersion> versions(SearchRequest request, Predicate<ModelVersion> visible, String principal) {
        Run run = run(request, visible, principal);
        Instant now = run.token.nowInstant();
        long wanted = Math.min(Integer.MAX_VALUE, run.token.offset() + request.limit());
        SortOrder.TopK top = run.order.top((int) wanted);
        int total = 0;
        for (ModelState s : run.states) { // name order, each model's versions ascending: the order without sort keys
            if (!run.query.mayMatchModel(s.name())) {
                continue;
            }
            ModelIndex index = ModelIndex.of(s);
            total += top.offerModel(index, run.query.select(index, now), visible, now);
        }
        return page(request, run, top.result(), total, Candidate::version);
    }

    /**
     * Models with a matching version the caller may see, paged: by name, or with a sort, in the order of each
     * model's first matching version in that order. Without a sort the pages follow a cursor (the last name of the
     * page before) and a page reads only the models from there to its end; the first page also counts the total. A
     * sort needs the whole set: each page evaluates every model the query may match, keeps only each model's first
     * match in that order, and its token pins every model's log position.
     */
    public SearchPage<ModelSummary> models(SearchRequest request, Predicate<ModelVersion> visible, String principal) {
        if (request.sort().isBlank()) {
            PageToken cursor = null;
            if (request.pageToken() != null && !request.pageToken().isEmpty()) {
                cursor = PageToken.open(request.pageToken(), fingerprint(request), principal, tokenKey.get());
            }
            if (cursor == null || cursor.isCursor()) { // a pinned token of an earlier version pages on as it was
                return modelsByName(request, cursor, visible, principal);
            }
        }
        Run run = run(request, visible, principal);
        Instant now = run.token.nowInstant();
        List<ModelState> states = new ArrayList<>();
        List<Candidate> firsts = new ArrayList<>();
        for (ModelState s : run.states) { // in name order
            if (!run.query.mayMatchModel(s.name())) {
                continue;
            }
            ModelIndex index = ModelIndex.of(s);
            BitSet hits = run.query.select(index, now);
            if (request.sort().isBlank()) {
                if (anyVisible(index, hits, visible)) {
                    states.add(s);
                }
            } else {
                SortOrder.TopK first = run.order.top(1);
                first.offerModel(index, hits, visible, now);
                firsts.addAll(first.result());
            }
        }
        if (!request.sort().isBlank()) {
            for (Candidate c : run.order.first(firsts, firsts.size())) {
                states.add(c.state());
            }
        }
        return page(request, run, states, states.size(), s -> VersionCommands.summaryOf(s, visible));
    }

    /** What the caller of {@code ctx} may see: {@link #EVERYTHING} unless a hook restricted it. */
    public static Predicate<ModelVersion> visibility(OperationContext ctx) {
        return ctx.restricted() ? ctx.visible() : EVERYTHING;
    }

    /**
     * Models in name order, paged by a cursor token (the page's last name): a page reads the catalog from the cursor
     * on until it holds {@code limit} models and knows whether one more follows. The first page also counts every
     * model with a visible match for the total (later pages carry it in their token): with an empty query a test of
     * each model's versions up to the first visible one, with another query that query on each model it may match.
     */
    private SearchPage<ModelSummary> modelsByName(SearchRequest request, PageToken cursor,
                                                  Predicate<ModelVersion> visible, String principal) {
        long nowMillis = cursor == null ? Instant.now().toEpochMilli() : cursor.now();
        Instant now = Instant.ofEpochMilli(nowMillis);
        Query query = QueryParser.parse(request.query(), now); // a malformed query reads nothing
        List<ModelState> page = new ArrayList<>(Math.min(request.limit(), 1024));
        long total = cursor == null ? 0 : cursor.total();
        boolean more = false;
        for (ModelState s : catalog.statesAfter(cursor == null ? null : cursor.after(), query::mayMatchModel)) {
            if (!query.mayMatchModel(s.name()) || !anyVisibleMatch(s, query, now, visible)) {
                continue;
            }
            if (page.size() < request.limit()) {
                page.add(s);
            } else {
                more = true;
            }
            if (cursor != null) {
                if (more) {
                    break; // the page is full and another follows
                }
            } else {
                total++;
            }
        }
        List<ModelSummary> items = page.stream().map(s -> VersionCommands.summaryOf(s, visible)).toList();
        long offset = cursor == null ? 0 : cursor.offset();
        String next = more ? PageToken.cursor(fingerprint(request), nowMillis, offset + page.size(),
                page.get(page.size() - 1).name(), Math.max(total, offset + page.size() + 1))
                .seal(tokenKey.get(), principal) : null;
        return new SearchPage<>(items, Math.max(total, offset + page.size()), next);
    }

    /** Whether {@code query} matches a version of {@code s} that {@code visible} lets the caller see. */
    private static boolean anyVisibleMatch(ModelState s, Query query, Instant now, Predicate<ModelVersion> visible) {
        if (query instanceof Query.All) {
            return anyVisible(s, visible); // no index needed
        }
        ModelIndex index = ModelIndex.of(s);
        return anyVisible(index, query.select(index, now), visible);
    }

    /** Whether {@code visible} lets the caller see a version of {@code s} (an unrestricted caller: any version). */
    private static boolean anyVisible(ModelState s, Predicate<ModelVersion> visible) {
        return visible == EVERYTHING ? !s.versions().isEmpty() : s.versions().stream().anyMatch(visible);
    }

    /** Whether {@code visible} lets the caller see one of the versions of {@code index} that {@code hits} holds. */
    private static boolean anyVisible(ModelIndex index, BitSet hits, Predicate<ModelVersion> visible) {
        for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
            if (visible.test(index.version(i))) {
                return true;
            }
        }
        return false;
    }

    /** One search over pinned model states, in name order. */
    private final class Run {
        final PageToken token;
        final Query query;
        final SortOrder order;
        final List<ModelState> states;
        final String principal;

        SecretKey tokenKey() {
            return tokenKey.get();
        }

        Run(String principal, PageToken token, Query query, SortOrder order, List<ModelState> current) {
            this.token = token;
            this.query = query;
            this.order = order;
            this.principal = principal;
            if (current != null) {
                states = current;
            } else {
                states = new ArrayList<>(token.positions().size());
                token.positions().forEach((name, seq) -> states.add(catalog.stateAt(name, seq)));
            }
        }
    }

    /**
     * Every version of {@code states} that {@code query} matches, as of {@code now}, in state order; models whose
     * name the query rules out are skipped whole, the others evaluated through their index.
     */
    static List<Candidate> matching(Iterable<ModelState> states, Query query, Instant now,
                                    Predicate<ModelVersion> visible) {
        List<Candidate> out = new ArrayList<>();
        for (ModelState s : states) {
            if (!query.mayMatchModel(s.name())) {
                continue;
            }
            ModelIndex index = ModelIndex.of(s);
            BitSet hits = query.select(index, now);
            for (int i = hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
                if (visible.test(index.version(i))) {
                    out.add(new Candidate(index, i, now));
                }
            }
        }
        return out;
    }

    private Run run(SearchRequest request, Predicate<ModelVersion> visible, String principal) {
        String fingerprint = fingerprint(request);
        SortOrder order = SortOrder.parse(request.sort());
        if (request.pageToken() != null && !request.pageToken().isEmpty()) {
            PageToken token = PageToken.open(request.pageToken(), fingerprint, principal, tokenKey.get());
            return new Run(principal, token, QueryParser.parse(request.query(), token.nowInstant()), order, null);
        }
        long now = Instant.now().toEpochMilli();
        Query query = QueryParser.parse(request.query(), Instant.ofEpochMilli(now)); // a malformed query reads nothing
        List<ModelState> current = new ArrayList<>();
        Map<String, Long> positions = new LinkedHashMap<>(); // in name order, as the states come
        for (ModelState s : catalog.states(query.namePrefix(), query::mayMatchModel)) { // ruled-out shards stay unloaded
            if (anyVisible(s, visible)) { // a model the caller cannot see is not even pinned
                current.add(s);
                positions.put(s.name(), s.seq());
            }
        }
        return new Run(principal, new PageToken(fingerprint, now, 0, positions), query, order, current);
    }

    /** The page of {@code leading} (the results up to at least this page's end, in order) out of {@code total}. */
    private static <T, R> SearchPage<R> page(SearchRequest request, Run run, List<T> leading, int total,
                                             Function<T, R> item) {
        int from = (int) Math.min(run.token.offset(), leading.size());
        int to = Math.min(leading.size(), from + request.limit());
        List<R> items = leading.subList(from, to).stream().map(item).toList();
        String next = to < total
                ? new PageToken(run.token.search(), run.token.now(), to, run.token.positions()).seal(run.tokenKey(),
                run.principal) : null;
        return new SearchPage<>(items, total, next);
    }

    private static String fingerprint(SearchRequest request) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((request.query() + "\u0000" + request.sort()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
