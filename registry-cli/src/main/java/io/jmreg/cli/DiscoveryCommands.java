package io.jmreg.cli;

import static io.jmreg.cli.OptionValues.aliasesOf;
import static io.jmreg.cli.OptionValues.metricsSummary;
import static io.jmreg.cli.OptionValues.numbers;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.LineageGraph;
import io.jmreg.api.model.LineageGraph.Edge;
import io.jmreg.api.model.LineageGraph.Node;
import io.jmreg.api.model.LineageGraph.NodeKind;
import io.jmreg.api.model.LineageGraph.Relation;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Finding models: search, recommendations, similar versions, the version tree, lineage, statistics. */
final class DiscoveryCommands {
    private DiscoveryCommands() {
    }

    @Command(name = "search", description = "Search versions (or models) with the query language.")
    static final class Search extends Base {
        @Parameters(paramLabel = "QUERY", arity = "0..1", description = "e.g. 'name:fraud* AND metrics.accuracy:>0.9'")
        String query = "";

        @Option(names = "--sort", description = "e.g. metrics.accuracy:desc,created_at")
        String sort;

        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Option(names = "--page-token", description = "continue after a previous page")
        String pageToken;

        @Option(names = "--models", description = "list matching models instead of versions")
        boolean models;

        @Override
        int run(ModelRegistry r) {
            SearchRequest req = new SearchRequest(query, sort, limit, pageToken);
            if (models) {
                SearchPage<ModelSummary> page = r.search().models(req);
                if (json()) {
                    printJson(page);
                    return 0;
                }
                Table t = new Table("MODEL", "VERSIONS", "LATEST", "UPDATED");
                page.items().forEach(m -> t.row(m.name(), m.versionCount(), m.latestVersion(), m.updatedAt()));
                t.print(out());
                footer(page);
                return 0;
            }
            SearchPage<ModelVersion> page = r.search().versions(req);
            if (json()) {
                printJson(page);
                return 0;
            }
            Table t = new Table("VERSION", "STAGE", "CREATED", "METRICS");
            page.items().forEach(v -> t.row(v.reference(), v.stage(), v.created(), metricsSummary(v.metrics(), 3)));
            t.print(out());
            footer(page);
            return 0;
        }

        private void footer(SearchPage<?> page) {
            if (page.nextPageToken() != null && !root().quiet) {
                err().println("more: --page-token " + page.nextPageToken());
            }
        }
    }

    @Command(name = "recommend", description = "Recommend versions for a use case under metric, latency and memory bounds.")
    static final class Recommend extends Base {
        @Option(names = "--use-case", paramLabel = "QUERY", description = "a query selecting candidates, e.g. 'type:llm'")
        String useCase;

        @Option(names = "--min", paramLabel = "METRIC=VALUE", description = "a minimum metric (repeatable)")
        List<String> minimums = new ArrayList<>();

        @Option(names = "--max-latency", paramLabel = "METRIC=VALUE", description = "latency metric and its maximum")
        String maxLatency;

        @Option(names = "--max-memory", paramLabel = "BYTES")
        Long maxMemory;

        @Option(names = "--rank-by", paramLabel = "METRIC")
        String rankBy;

        @Option(names = "--limit", defaultValue = "10")
        int limit;

        @Override
        int run(ModelRegistry r) {
            String latencyMetric = null;
            Double latency = null;
            if (maxLatency != null) {
                Map.Entry<String, Double> e = numbers(List.of(maxLatency), "--max-latency").entrySet().iterator().next();
                latencyMetric = e.getKey();
                latency = e.getValue();
            }
            var recs = r.search().recommend(new RecommendationRequest(useCase, numbers(minimums, "--min"), latencyMetric,
                    latency, maxMemory, rankBy, limit));
            if (json()) {
                printJson(recs);
                return 0;
            }
            Table t = new Table("VERSION", "SCORE", "WHY");
            recs.items().forEach(x -> t.row(x.version().reference(), String.format("%.3f", x.score()),
                    String.join("; ", x.reasons())));
            t.print(out());
            return 0;
        }
    }

    @Command(name = "similar", description = "Versions most like a given one, by metrics or tags.")
    static final class Similar extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--basis", defaultValue = "METRICS", description = "${COMPLETION-CANDIDATES}")
        RegistrySearch.SimilarityBasis basis;

        @Option(names = "--limit", defaultValue = "10")
        int limit;

        @Override
        int run(ModelRegistry r) {
            var similar = r.search().similar(reference, basis, limit);
            if (json()) {
                printJson(Map.of("reference", reference, "similar", similar));
                return 0;
            }
            Table t = new Table("VERSION", "DISTANCE");
            similar.forEach(s -> t.row(s.version().reference(), String.format("%.4f", s.distance())));
            t.print(out());
            return 0;
        }
    }

    @Command(name = "tree", description = "A model's versions as a tree of their parents (text).")
    static final class Tree extends Base {
        @Parameters(paramLabel = "MODEL")
        String name;

        @Option(names = "--format", defaultValue = "TEXT", description = "${COMPLETION-CANDIDATES}")
        GraphFormats.Format format;

        @Override
        int run(ModelRegistry r) {
            List<ModelVersion> versions = r.listVersions(name);
            Map<String, String> aliases = r.aliases(name);
            Map<String, List<ModelVersion>> children = new TreeMap<>();
            List<ModelVersion> roots = new ArrayList<>();
            Set<String> here = versions.stream().map(ModelVersion::reference).collect(Collectors.toSet());
            for (ModelVersion v : versions) {
                String parent = v.lineage().parents().stream().filter(here::contains).findFirst().orElse(null);
                if (parent == null) {
                    roots.add(v);
                } else {
                    children.computeIfAbsent(parent, p -> new ArrayList<>()).add(v);
                }
            }
            if (json()) {
                printJson(Map.of("model", name, "roots", roots.stream().map(v -> node(v, children)).toList()));
                return 0;
            }
            if (format != GraphFormats.Format.TEXT) {
                List<Node> nodes = versions.stream().map(v -> new Node(v.reference(), NodeKind.VERSION,
                        v.version() + aliasesOf(aliases, v.version()).stream().map(a -> " @" + a).collect(Collectors.joining()),
                        v.stage())).toList();
                List<Edge> edges = new ArrayList<>();
                children.forEach((parent, kids) -> kids.forEach(k -> edges.add(new Edge(
                        parent, k.reference(), Relation.PARENT))));
                var graph = new LineageGraph(name, nodes, edges);
                out().print(format == GraphFormats.Format.DOT ? GraphFormats.dot(graph) : GraphFormats.mermaid(graph));
                out().flush();
                return 0;
            }
            out().println(name);
            for (int i = 0; i < roots.size(); i++) {
                print(roots.get(i), "", i == roots.size() - 1, children, aliases);
            }
            out().flush();
            return 0;
        }

        private Map<String, Object> node(ModelVersion v, Map<String, List<ModelVersion>> children) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("version", v.version());
            n.put("stage", v.stage());
            n.put("children", children.getOrDefault(v.reference(), List.of()).stream().map(c -> node(c, children)).toList());
            return n;
        }

        private void print(ModelVersion v, String indent, boolean last, Map<String, List<ModelVersion>> children,
                           Map<String, String> aliases) {
            String a = String.join(" @", aliasesOf(aliases, v.version()));
            out().println(indent + (last ? "└── " : "├── ") + v.version() + "  [" + v.stage() + "]"
                    + (a.isEmpty() ? "" : "  @" + a));
            List<ModelVersion> kids = children.getOrDefault(v.reference(), List.of());
            for (int i = 0; i < kids.size(); i++) {
                print(kids.get(i), indent + (last ? "    " : "│   "), i == kids.size() - 1, children, aliases);
            }
        }
    }

    @Command(name = "lineage", description = "Lineage of a version: parents and children (or all ancestors and "
            + "descendants), datasets, base models; as text, DOT or Mermaid. With --dataset: the versions it fed.")
    static final class LineageCmd extends Base {
        @Parameters(paramLabel = "REF", arity = "0..1")
        String reference;

        @Option(names = "--all", description = "ancestors and descendants across models, not just the direct ones")
        boolean all;

        @Option(names = "--dataset", paramLabel = "NAME[@VERSION]", description = "the versions trained on this dataset")
        String dataset;

        @Option(names = "--format", defaultValue = "TEXT", description = "${COMPLETION-CANDIDATES} (dot and mermaid draw the whole graph)")
        GraphFormats.Format format;

        @Override
        int run(ModelRegistry r) {
            var lineage = r.lineage();
            if (dataset != null) {
                List<ModelVersion> fed = lineage.fedBy(dataset);
                if (json()) {
                    printJson(Map.of("dataset", dataset, "versions", fed.stream().map(ModelVersion::reference).toList()));
                } else {
                    Table t = new Table("VERSION", "STAGE", "CREATED");
                    fed.forEach(v -> t.row(v.reference(), v.stage(), v.created()));
                    t.print(out());
                }
                return 0;
            }
            if (reference == null) {
                throw new ValidationException("give a version reference, or --dataset NAME");
            }
            if (format != GraphFormats.Format.TEXT) {
                var graph = lineage.graph(reference);
                out().print(format == GraphFormats.Format.DOT ? GraphFormats.dot(graph) : GraphFormats.mermaid(graph));
                out().flush();
                return 0;
            }
            List<ModelVersion> up = all ? lineage.ancestors(reference) : lineage.parents(reference);
            List<ModelVersion> down = all ? lineage.descendants(reference) : lineage.children(reference);
            ModelVersion v = r.resolve(reference);
            if (json()) {
                printJson(Map.of("reference", v.reference(), all ? "ancestors" : "parents",
                        up.stream().map(ModelVersion::reference).toList(), all ? "descendants" : "children",
                        down.stream().map(ModelVersion::reference).toList(), "datasets", v.lineage().datasets(),
                        "graph", lineage.graph(reference)));
                return 0;
            }
            Table t = new Table("RELATION", "VERSION");
            up.forEach(p -> t.row(all ? "ancestor" : "parent", p.reference()));
            t.row("this", v.reference());
            down.forEach(c -> t.row(all ? "descendant" : "child", c.reference()));
            v.lineage().datasets().forEach(d -> t.row("dataset", d));
            if (v.lineage().baseModel() != null) {
                t.row("base model", v.lineage().baseModel());
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "stats", description = "Registry statistics: counts, storage, activity per period.")
    static final class Stats extends Base {
        @Option(names = "--period", defaultValue = "DAY", description = "${COMPLETION-CANDIDATES}")
        RegistryStatistics.Period period;

        @Option(names = "--inactive-days", defaultValue = "30")
        int inactiveDays;

        @Override
        int run(ModelRegistry r) {
            RegistryStatistics s = r.search().statistics(period, inactiveDays);
            if (json()) {
                printJson(s);
                return 0;
            }
            Table t = new Table("STATISTIC", "VALUE");
            t.row("models", s.models()).row("versions", s.versions()).row("by stage", s.byStage())
                    .row("by type", s.byType()).row("by tier", s.byTier())
                    .row("logical size", ProgressRenderer.bytes(s.logicalBytes()))
                    .row("stored size", ProgressRenderer.bytes(s.storedBytes()))
                    .row("registrations", s.registrations()).row("deployments", s.deployments())
                    .row("downloads", s.downloadsRecorded() ? s.downloads() : "not recorded")
                    .row("most used", String.join(" ", s.mostUsed()))
                    .row("inactive " + inactiveDays + "d", String.join(" ", s.inactiveModels()));
            t.print(out());
            return 0;
        }
    }
}
