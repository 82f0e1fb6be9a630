package io.jmreg.cli;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.api.model.TrainingInfo;
import io.jmreg.api.search.RecommendationRequest;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.signing.SigningKeys;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The commands on models and versions (alias, audit and compare have their own files). */
final class Commands {
    private Commands() {
    }

    /** {@code k=v} pairs of repeated options. */
    static Map<String, String> pairs(List<String> items, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new ValidationException("%s '%s' is not KEY=VALUE", option, item);
            }
            out.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
        }
        return out;
    }

    /** {@code name=number} pairs. */
    static Map<String, Double> numbers(List<String> items, String option) {
        Map<String, Double> out = new TreeMap<>();
        pairs(items, option).forEach((k, v) -> {
            try {
                out.put(k, Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw new ValidationException("%s '%s=%s': '%s' is not a number", option, k, v, v);
            }
        });
        return out;
    }

    /** The numbers of a flat or nested JSON object file ({@code {"accuracy": 0.9, "eval": {"f1": 0.8}}}). */
    static Map<String, Double> metricsFile(Path file) throws java.io.IOException {
        Map<String, Double> out = new TreeMap<>();
        flatten("", JsonOutput.readObject(Files.readString(file), "metrics file " + file), out, file);
        return out;
    }

    private static void flatten(String prefix, Map<String, Object> json, Map<String, Double> out, Path file) {
        json.forEach((k, v) -> {
            if (v instanceof Number n) {
                out.put(prefix + k, n.doubleValue());
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) m;
                flatten(prefix + k + ".", nested, out, file);
            } else {
                throw new ValidationException("metrics file %s: '%s%s' is not a number", file, prefix, k);
            }
        });
    }

    static String metricsSummary(Map<String, Double> metrics, int max) {
        return metrics.entrySet().stream().limit(max).map(e -> e.getKey() + "=" + trim(e.getValue()))
                .collect(Collectors.joining(" ")) + (metrics.size() > max ? " ..." : "");
    }

    static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static String aliasesOf(Map<String, String> aliases, String version) {
        return aliases.entrySet().stream().filter(e -> e.getValue().equals(version)).map(Map.Entry::getKey)
                .collect(Collectors.joining(","));
    }

    @Command(name = "list", description = "List the models: versions, latest, aliases, last change.")
    static final class ListModels extends Base {
        @Override
        int run(ModelRegistry r) {
            List<ModelSummary> models = r.listModels().stream().map(r::getModel).toList();
            if (json()) {
                printJson(Map.of("models", models));
                return 0;
            }
            Table t = new Table("MODEL", "VERSIONS", "LATEST", "ALIASES", "UPDATED");
            for (ModelSummary m : models) {
                t.row(m.name(), m.versionCount(), m.latestVersion(), m.aliases().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")), m.updatedAt());
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "info", description = "Show a version's record (name:version, name@alias, name) or, for a bare "
            + "model name with --model, the model's summary.")
    static final class Info extends Base {
        @Parameters(paramLabel = "REF", description = "a reference: name, name:1.2.0, name@production, name:^1.2")
        String reference;

        @Option(names = "--model", description = "the model's summary (aliases, deployments, pending approvals)")
        boolean model;

        @Mixin
        AsOf asOf = new AsOf();

        @Override
        int run(ModelRegistry r) {
            if (model) {
                ModelSummary s = r.getModel(reference);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", s);
                doc.put("deployments", r.deployments(reference));
                doc.put("pending_promotions", r.pendingPromotions(reference));
                if (json()) {
                    printJson(doc);
                } else {
                    Table t = new Table("FIELD", "VALUE");
                    t.row("name", s.name()).row("versions", s.versionCount()).row("latest", s.latestVersion())
                            .row("aliases", s.aliases()).row("updated", s.updatedAt())
                            .row("deployments", r.deployments(reference).keySet())
                            .row("pending approvals", r.pendingPromotions(reference).size());
                    t.print(out());
                }
                return 0;
            }
            Instant at = asOf.instant();
            ModelVersion v;
            String stage;
            if (at != null) {
                AsOf.Resolved then = AsOf.resolve(r, reference, at);
                v = then.version();
                stage = then.stageThen();
            } else {
                v = r.resolve(reference);
                stage = v.stage();
            }
            if (json()) {
                printJson(at == null ? v : Map.of("as_of", at, "stage_then", stage, "version", v));
                return 0;
            }
            Table t = new Table("FIELD", "VALUE");
            t.row("reference", v.reference()).row("stage", stage + (at != null ? " (as of " + at + ")" : ""))
                    .row("created", v.created() + " by " + v.createdBy()).row("description", v.description())
                    .row("owner", v.owner()).row("type", v.type()).row("kind", v.kind()).row("tier", v.tier())
                    .row("tags", String.join(" ", v.tags())).row("metrics", metricsSummary(v.metrics(), 20))
                    .row("files", v.artifacts().files().size() + " (" + ProgressRenderer.bytes(v.artifacts().totalSize()) + ")")
                    .row("manifest", "sha256:" + v.artifacts().digest())
                    .row("signed", v.signature() == null ? "no" : "by key " + v.signature().keyId())
                    .row("parents", String.join(" ", v.lineage().parents()));
            v.artifacts().files().forEach(f -> t.row("  " + f.path(), ProgressRenderer.bytes(f.size()) + "  sha256:"
                    + f.sha256() + (f.unsafe() ? "  UNSAFE" : "")));
            t.print(out());
            return 0;
        }
    }

    @Command(name = "versions", description = "List a model's versions: stage, aliases, created, size, metrics.")
    static final class Versions extends Base {
        @Parameters(paramLabel = "MODEL")
        String name;

        @Mixin
        AsOf asOf = new AsOf();

        @Override
        int run(ModelRegistry r) {
            Instant at = asOf.instant();
            List<ModelVersion> versions = r.listVersions(name);
            Map<String, String> aliases = r.aliases(name);
            Map<String, String> stages = new TreeMap<>();
            if (at != null) {
                var snap = r.stateAt(name, at);
                versions = versions.stream().filter(v -> snap.stages().containsKey(v.version())).toList();
                aliases = snap.aliases();
                stages.putAll(snap.stages());
            }
            if (json()) {
                List<Map<String, Object>> docs = new ArrayList<>();
                for (ModelVersion v : versions) {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("version", v);
                    d.put("stage", at == null ? v.stage() : stages.get(v.version()));
                    d.put("aliases", List.of(aliasesOf(aliases, v.version()).split(",")).stream()
                            .filter(a -> !a.isEmpty()).toList());
                    docs.add(d);
                }
                printJson(at == null ? Map.of("model", name, "versions", docs)
                        : Map.of("model", name, "as_of", at, "versions", docs));
                return 0;
            }
            Table t = new Table("VERSION", "STAGE", "ALIASES", "CREATED", "BY", "SIZE", "METRICS");
            for (ModelVersion v : versions) {
                t.row(v.version(), at == null ? v.stage() : stages.get(v.version()), aliasesOf(aliases, v.version()),
                        v.created(), v.createdBy(), ProgressRenderer.bytes(v.artifacts().totalSize()),
                        metricsSummary(v.metrics(), 3));
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "resolve", description = "Print the exact version a reference selects (name:version).")
    static final class Resolve extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Mixin
        AsOf asOf = new AsOf();

        @Override
        int run(ModelRegistry r) {
            Instant at = asOf.instant();
            ModelVersion v = at == null ? r.resolve(reference) : AsOf.resolve(r, reference, at).version();
            if (json()) {
                printJson(Map.of("reference", reference, "resolved", v.reference(), "version", v.version(),
                        "manifest_digest", v.artifacts().digest()));
            } else {
                out().println(v.reference());
            }
            return 0;
        }
    }

    @Command(name = "register", description = "Register a file or directory as a new version, with its metadata.")
    static final class Register extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "PATH", arity = "0..1", description = "file or directory (none: metadata only)")
        Path path;

        @Option(names = "--version", description = "the version (Semantic Versioning)")
        String version;

        @Option(names = "--bump", description = "the next version: ${COMPLETION-CANDIDATES}")
        Bump bump;

        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "a metric (repeatable)")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--metrics-file", paramLabel = "FILE", description = "metrics from a JSON object (nested keys joined with '.')")
        Path metricsFile;

        @Option(names = "--tag", description = "a tag (repeatable)")
        List<String> tags = new ArrayList<>();

        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "a training hyper-parameter (repeatable)")
        List<String> params = new ArrayList<>();

        @Option(names = "--dataset", paramLabel = "NAME[@VERSION]", description = "a training dataset (repeatable)")
        List<String> datasets = new ArrayList<>();

        @Option(names = "--parent", paramLabel = "REF", description = "a parent version (repeatable)")
        List<String> parents = new ArrayList<>();

        @Option(names = "--base-model", paramLabel = "REF", description = "the base model (fine-tunes, adapters)")
        String baseModel;

        @Option(names = "--git-commit", description = "the training code's commit")
        String gitCommit;

        @Option(names = "--description")
        String description;

        @Option(names = "--owner")
        String owner;

        @Option(names = "--type", description = "llm, classification, ...")
        String type;

        @Option(names = "--tier", description = "${COMPLETION-CANDIDATES}")
        Tier tier;

        @Option(names = "--kind", description = "${COMPLETION-CANDIDATES}")
        Kind kind;

        @Override
        int run(ModelRegistry r) throws Exception {
            if (version != null && bump != null) {
                throw new ValidationException("give --version or --bump, not both");
            }
            if (path != null && !Files.exists(path)) {
                throw new ValidationException("no such file or directory: %s", path);
            }
            Registration.Builder b = Registration.builder(name).description(description).owner(owner).type(type)
                    .tier(tier).kind(kind).tags(tags.toArray(String[]::new));
            if (version != null) {
                b.version(version);
            } else {
                b.bump(bump == null ? Bump.PATCH : bump);
            }
            if (path != null) {
                b.artifacts(path);
            }
            Map<String, Double> all = new TreeMap<>();
            if (metricsFile != null) {
                all.putAll(metricsFile(metricsFile));
            }
            all.putAll(numbers(metrics, "--metric"));
            b.metrics(all);
            Map<String, Object> hyper = new TreeMap<>(pairs(params, "--param"));
            List<Dataset> ds = new ArrayList<>();
            for (String d : datasets) {
                int at = d.lastIndexOf('@');
                ds.add(at > 0 ? Dataset.of(d.substring(0, at), d.substring(at + 1)) : Dataset.of(d, null));
            }
            if (!hyper.isEmpty() || !ds.isEmpty()) {
                b.trainingInfo(TrainingInfo.builder().hyperParameters(hyper).datasets(ds).build());
            }
            if (!parents.isEmpty() || baseModel != null || gitCommit != null || !ds.isEmpty()) {
                b.lineage(Lineage.builder().parents(parents).baseModel(baseModel).codeCommit(gitCommit)
                        .datasets(ds.stream().map(d -> d.version() == null ? d.name() : d.name() + "@" + d.version()).toList())
                        .build());
            }
            ProgressRenderer progress = progress("register " + name);
            ModelVersion v = r.registerModel(b.build(), orNone(progress));
            if (progress != null) {
                progress.finish();
            }
            if (json()) {
                printJson(v);
            } else if (root().quiet) {
                out().println(v.reference());
            } else {
                say("registered %s (%d files, %s, manifest sha256:%s)", v.reference(), v.artifacts().files().size(),
                        ProgressRenderer.bytes(v.artifacts().totalSize()), v.artifacts().digest());
            }
            return 0;
        }
    }

    @Command(name = "pull", description = "Download a version's files, verified: into the cache (path printed) or --to a directory.")
    static final class Pull extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--to", paramLabel = "DIR", description = "copy the files into this directory")
        Path to;

        @Override
        int run(ModelRegistry r) {
            ProgressRenderer progress = progress("pull " + reference);
            Path where = to == null ? r.pull(reference, orNone(progress)) : r.pull(reference, to, orNone(progress));
            if (progress != null) {
                progress.finish();
            }
            if (json()) {
                ModelVersion v = r.resolve(reference);
                printJson(Map.of("reference", v.reference(), "path", where.toAbsolutePath().toString(),
                        "files", v.artifacts().files()));
            } else {
                out().println(where.toAbsolutePath());
            }
            return 0;
        }
    }

    @Command(name = "cat", description = "Write one artifact file of a version to stdout, verified.")
    static final class Cat extends Base {
        @Parameters(index = "0", paramLabel = "REF")
        String reference;

        @Parameters(index = "1", paramLabel = "PATH", description = "the artifact's path within the version")
        String path;

        @Option(names = "--offset", description = "first byte (default 0)")
        long offset;

        @Option(names = "--length", description = "at most this many bytes")
        Long length;

        @Override
        int run(ModelRegistry r) throws Exception {
            if (json()) {
                throw new ValidationException("cat writes the file's bytes; --json does not apply");
            }
            out().flush();
            try (InputStream in = r.openArtifact(reference, path, offset, length == null ? Long.MAX_VALUE : length)) {
                OutputStream stdout = System.out;
                in.transferTo(stdout);
                stdout.flush();
            }
            return 0;
        }
    }

    @Command(name = "update", description = "Change a version's metrics and tags.")
    static final class Update extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "set a metric (repeatable)")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--tag", description = "add a tag (repeatable)")
        List<String> add = new ArrayList<>();

        @Option(names = "--untag", description = "remove a tag (repeatable)")
        List<String> remove = new ArrayList<>();

        @Override
        int run(ModelRegistry r) {
            if (metrics.isEmpty() && add.isEmpty() && remove.isEmpty()) {
                throw new ValidationException("nothing to update: give --metric, --tag or --untag");
            }
            ModelVersion v = null;
            if (!metrics.isEmpty()) {
                v = r.updateMetrics(reference, numbers(metrics, "--metric"));
            }
            if (!add.isEmpty() || !remove.isEmpty()) {
                v = r.updateTags(v == null ? reference : v.reference(), new TreeSet<>(add), new TreeSet<>(remove));
            }
            if (json()) {
                printJson(v);
            } else {
                say("updated %s", v.reference());
            }
            return 0;
        }
    }

    @Command(name = "score", description = "Record evaluation metrics of a version (stored as evaluation.<name>).")
    static final class Score extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "a score (repeatable)")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--metrics-file", paramLabel = "FILE", description = "scores from a JSON object")
        Path metricsFile;

        @Override
        int run(ModelRegistry r) throws Exception {
            Map<String, Double> scores = new TreeMap<>();
            if (metricsFile != null) {
                scores.putAll(metricsFile(metricsFile));
            }
            scores.putAll(numbers(metrics, "--metric"));
            if (scores.isEmpty()) {
                throw new ValidationException("no scores: give --metric NAME=VALUE or --metrics-file");
            }
            Map<String, Double> named = new TreeMap<>();
            scores.forEach((k, v) -> named.put(k.startsWith("evaluation.") ? k : "evaluation." + k, v));
            ModelVersion v = r.updateMetrics(reference, named);
            if (json()) {
                printJson(v);
            } else {
                say("scored %s: %s", v.reference(), metricsSummary(named, 20));
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a version (its number is never reused).")
    static final class Delete extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Override
        int run(ModelRegistry r) {
            String exact = r.resolve(reference).reference();
            r.deleteVersion(exact);
            if (json()) {
                printJson(Map.of("deleted", exact));
            } else {
                say("deleted %s", exact);
            }
            return 0;
        }
    }

    @Command(name = "promote", description = "Move a version to a stage, evaluating the stage's gates (or request it, "
            + "when the stage needs approval).")
    static final class Promote extends Base {
        @Parameters(index = "0", paramLabel = "REF")
        String reference;

        @Parameters(index = "1", paramLabel = "STAGE")
        String stage;

        @Option(names = "--gate", paramLabel = "EXPR", description = "a gate, e.g. 'metrics.accuracy >= 0.9' (repeatable)")
        List<String> gates = new ArrayList<>();

        @Override
        int run(ModelRegistry r) {
            ModelVersion v = r.promote(reference, stage, gates.toArray(String[]::new));
            boolean pending = !v.stage().equals(stage);
            if (json()) {
                printJson(Map.of("version", v, "pending_approval", pending));
            } else if (pending) {
                say("requested %s -> %s: waiting for approval by another principal (jmreg approve %s %s)",
                        v.reference(), stage, v.reference(), stage);
            } else {
                say("promoted %s to %s", v.reference(), stage);
            }
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a pending promotion (four eyes: not by its requester).")
    static final class Approve extends Base {
        @Parameters(index = "0", paramLabel = "REF")
        String reference;

        @Parameters(index = "1", paramLabel = "STAGE")
        String stage;

        @Override
        int run(ModelRegistry r) {
            ModelVersion v = r.approve(reference, stage);
            if (json()) {
                printJson(v);
            } else {
                say("approved: %s is in %s", v.reference(), v.stage());
            }
            return 0;
        }
    }

    @Command(name = "deploy", description = "Deploy a version to an environment, or split traffic between versions.")
    static final class Deploy extends Base {
        @Parameters(index = "0", paramLabel = "REF|MODEL", description = "a version reference, or the model with --split")
        String target;

        @Parameters(index = "1", paramLabel = "ENV")
        String environment;

        @Option(names = "--split", paramLabel = "VERSION=PERCENT", description = "A/B traffic share (repeatable, sum 100)")
        List<String> splits = new ArrayList<>();

        @Option(names = "--endpoint")
        String endpoint;

        @Option(names = "--replicas", defaultValue = "1")
        int replicas;

        @Override
        int run(ModelRegistry r) {
            EnvironmentDeployment d;
            if (splits.isEmpty()) {
                d = r.deploy(target, environment, endpoint, replicas);
            } else {
                List<TrafficSplit> s = new ArrayList<>();
                numbers(splits, "--split").forEach((version, pct) -> s.add(new TrafficSplit(version, pct)));
                d = r.deploy(target, environment, s, endpoint, replicas);
            }
            if (json()) {
                printJson(d);
            } else {
                say("deployed to %s: %s", environment, d.splits().stream()
                        .map(x -> x.version() + " " + trim(x.percent()) + "%").collect(Collectors.joining(", ")));
            }
            return 0;
        }
    }

    @Command(name = "rollback", description = "Roll an environment back to its previous deployment.")
    static final class Rollback extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "ENV")
        String environment;

        @Override
        int run(ModelRegistry r) {
            EnvironmentDeployment d = r.rollback(name, environment);
            if (json()) {
                printJson(d);
            } else {
                say("rolled %s back: %s", environment, d.splits().stream()
                        .map(x -> x.version() + " " + trim(x.percent()) + "%").collect(Collectors.joining(", ")));
            }
            return 0;
        }
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
            String a = aliasesOf(aliases, v.version());
            out().println(indent + (last ? "└── " : "├── ") + v.version() + "  [" + v.stage() + "]"
                    + (a.isEmpty() ? "" : "  @" + a.replace(",", " @")));
            List<ModelVersion> kids = children.getOrDefault(v.reference(), List.of());
            for (int i = 0; i < kids.size(); i++) {
                print(kids.get(i), indent + (last ? "    " : "│   "), i == kids.size() - 1, children, aliases);
            }
        }
    }

    @Command(name = "lineage", description = "Parents and children of a version, or all ancestors / descendants.")
    static final class LineageCmd extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--all", description = "ancestors and descendants across models, not just the direct ones")
        boolean all;

        @Override
        int run(ModelRegistry r) {
            var lineage = r.lineage();
            List<ModelVersion> up = all ? lineage.ancestors(reference) : lineage.parents(reference);
            List<ModelVersion> down = all ? lineage.descendants(reference) : lineage.children(reference);
            ModelVersion v = r.resolve(reference);
            if (json()) {
                printJson(Map.of("reference", v.reference(), all ? "ancestors" : "parents",
                        up.stream().map(ModelVersion::reference).toList(), all ? "descendants" : "children",
                        down.stream().map(ModelVersion::reference).toList(), "datasets", v.lineage().datasets()));
                return 0;
            }
            Table t = new Table("RELATION", "VERSION");
            up.forEach(p -> t.row(all ? "ancestor" : "parent", p.reference()));
            t.row("this", v.reference());
            down.forEach(c -> t.row(all ? "descendant" : "child", c.reference()));
            v.lineage().datasets().forEach(d -> t.row("dataset", d));
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

    @Command(name = "gc", description = "Delete stored blobs no version references (older than the grace period).")
    static final class Gc extends Base {
        @Option(names = "--grace", defaultValue = "1d", description = "keep blobs younger than this (30m, 2h, 1d)")
        String grace;

        @Override
        int run(ModelRegistry r) {
            var report = r.collectGarbage(Settings.Durations.parse(grace, "--grace"));
            if (json()) {
                printJson(report);
            } else {
                say("deleted %d of %d blobs (%s freed); %d referenced, %d within the grace period", report.blobsDeleted(),
                        report.blobsScanned(), ProgressRenderer.bytes(report.bytesFreed()), report.blobsReferenced(),
                        report.blobsTooYoung());
            }
            return 0;
        }
    }

    @Command(name = "policy", description = "Show or install the access policy.", subcommands = {Policy.Show.class,
            Policy.Install.class})
    static final class Policy {
        @Command(name = "show", description = "Print the policy in force.")
        static final class Show extends Base {
            @Override
            int run(ModelRegistry r) {
                var policy = r.access().policy();
                if (json()) {
                    printJson(policy.<Object>map(p -> p).orElse(Map.of()));
                } else {
                    out().println(policy.map(Object::toString).orElse("no policy: everything is allowed"));
                }
                return 0;
            }
        }

        @Command(name = "install", description = "Install a policy from a JSON file (needs access_control:manage).")
        static final class Install extends Base {
            @Parameters(paramLabel = "FILE")
            Path file;

            @Override
            int run(ModelRegistry r) {
                var policy = r.access().install(file);
                if (json()) {
                    printJson(policy);
                } else {
                    say("installed the policy of %s", file);
                }
                return 0;
            }
        }
    }

    @Command(name = "keygen", description = "Write a new Ed25519 key pair (for audit checkpoints or version signatures).")
    static final class Keygen implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the key file to write (private and public key, PEM)")
        Path file;

        @Option(names = "--public", paramLabel = "FILE", description = "also write the public key alone here")
        Path publicFile;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (Files.exists(file)) {
                throw new ValidationException("%s exists: refusing to overwrite a key", file);
            }
            KeyPair pair = SigningKeys.generate();
            SigningKeys.writeKeyPair(pair, file);
            if (publicFile != null) {
                SigningKeys.writePublicKey(pair.getPublic(), publicFile);
            }
            spec.commandLine().getOut().println(SigningKeys.keyId(pair.getPublic()));
            return 0;
        }
    }

    @Command(name = "completion", description = "Print a bash/zsh completion script: source <(jmreg completion)")
    static final class Completion implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(AutoComplete.bash("jmreg", spec.root().commandLine()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
