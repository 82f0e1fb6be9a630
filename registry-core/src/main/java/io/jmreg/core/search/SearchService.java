package io.jmreg.core.search;

import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.query.Candidate;
import io.jmreg.core.query.Query;
import io.jmreg.core.query.QueryParser;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.versions.VersionCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Search over every model's current state (read through the log cache, within the staleness bound): the query is
 * parsed (errors with offsets), each version evaluated, results sorted and cut into pages whose tokens pin each
 * model's log position. Every model's state is read per query: the catalog index that answers without that is a
 * later step.
 */
public final class SearchService {
    private final ModelLog log;
    private final ReferenceResolver resolver;

    /** Search over the models {@code resolver} lists, read from {@code log}. */
    public SearchService(ModelLog log, ReferenceResolver resolver) {
        this.log = log;
        this.resolver = resolver;
    }

    /** Matching versions, sorted and paged. */
    public SearchPage<ModelVersion> versions(SearchRequest request) {
        Run run = run(request);
        List<Candidate> matches = run.matches(run.order);
        return page(request, run, matches, Candidate::version);
    }

    /** Models with a matching version, by name, paged. */
    public SearchPage<ModelSummary> models(SearchRequest request) {
        Run run = run(request);
        Map<String, ModelState> models = new LinkedHashMap<>();
        for (Candidate c : run.matches(Comparator.comparing(c -> c.version().name()))) {
            models.putIfAbsent(c.state().name(), c.state());
        }
        List<ModelState> states = new ArrayList<>(models.values());
        return page(request, run, states, VersionCommands::summaryOf);
    }

    /** One search over pinned model states. */
    private final class Run {
        final PageToken token;
        final Query query;
        final Comparator<Candidate> order;
        final List<ModelState> states = new ArrayList<>();

        Run(PageToken token, Query query, Comparator<Candidate> order) {
            this.token = token;
            this.query = query;
            this.order = order;
            token.positions().forEach((name, seq) -> states.add(log.readAt(name, seq)));
        }

        List<Candidate> matches(Comparator<Candidate> sort) {
            List<Candidate> out = matching(states, query, token.nowInstant());
            out.sort(sort);
            return out;
        }
    }

    /** Every version of {@code states} that {@code query} matches, as of {@code now}, in state order. */
    static List<Candidate> matching(Iterable<ModelState> states, Query query, Instant now) {
        List<Candidate> out = new ArrayList<>();
        for (ModelState s : states) {
            for (ModelVersion v : s.versions()) {
                Candidate c = new Candidate(v, s, now);
                if (query.matches(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private Run run(SearchRequest request) {
        String fingerprint = fingerprint(request);
        PageToken token;
        if (request.pageToken() == null || request.pageToken().isEmpty()) {
            Map<String, Long> positions = new TreeMap<>();
            for (String name : resolver.listModels()) {
                ModelState s = log.read(name);
                if (s.exists()) {
                    positions.put(name, s.seq());
                }
            }
            token = new PageToken(fingerprint, Instant.now().toEpochMilli(), 0, positions);
        } else {
            token = PageToken.decode(request.pageToken(), fingerprint);
        }
        Query query = QueryParser.parse(request.query(), token.nowInstant());
        return new Run(token, query, SortOrder.parse(request.sort()));
    }

    private static <T, R> SearchPage<R> page(SearchRequest request, Run run, List<T> all,
                                             java.util.function.Function<T, R> item) {
        int from = (int) Math.min(run.token.offset(), all.size());
        int to = Math.min(all.size(), from + request.limit());
        List<R> items = all.subList(from, to).stream().map(item).toList();
        String next = to < all.size()
                ? new PageToken(run.token.search(), run.token.now(), to, run.token.positions()).encode() : null;
        return new SearchPage<>(items, all.size(), next);
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
