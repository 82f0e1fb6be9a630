package io.jmreg.cli;

import static io.jmreg.cli.OptionValues.aliasesOf;
import static io.jmreg.cli.OptionValues.metricsSummary;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reading: list models, a version's record, a model's versions, resolving a reference (all with {@code --as-of}). */
final class ReadCommands {
    private ReadCommands() {
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
                doc.put("deployments", r.lifecycle().deployments(reference));
                doc.put("pending_promotions", r.lifecycle().pendingPromotions(reference));
                if (json()) {
                    printJson(doc);
                } else {
                    Table t = new Table("FIELD", "VALUE");
                    t.row("name", s.name()).row("versions", s.versionCount()).row("latest", s.latestVersion())
                            .row("aliases", s.aliases()).row("updated", s.updatedAt())
                            .row("deployments", r.lifecycle().deployments(reference).keySet())
                            .row("pending approvals", r.lifecycle().pendingPromotions(reference).size());
                    t.print(out());
                    if (s.description() != null) {
                        out().println();
                        out().println("Model card:");
                        out().println(s.description().stripTrailing());
                    }
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
                    .row("created", Human.time(v.created()) + " by " + v.createdBy()).row("description", v.description())
                    .row("owner", v.owner()).row("type", v.type()).row("kind", v.kind()).row("tier", v.tier())
                    .row("tags", String.join(" ", v.tags())).row("metrics", metricsSummary(v.metrics(), 20))
                    .row("files", v.artifacts().files().size() + " (" + ProgressRenderer.bytes(v.artifacts().totalSize()) + ")")
                    .row("manifest", "sha256:" + v.artifacts().digest())
                    .row("signed", v.signature() == null ? "no" : "by key " + v.signature().keyId())
                    .row("parents", String.join(" ", v.lineage().parents()))
                    .row("base model", v.lineage().baseModel())
                    .row("commit", v.lineage().codeCommit())
                    .row("parameters", v.trainingInfo().hyperParameters())
                    .row("datasets", v.trainingInfo().datasets().isEmpty() ? v.lineage().datasets()
                            : v.trainingInfo().datasets().stream().map(d -> d.version() == null ? d.name()
                            : d.name() + "@" + d.version()).toList());
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
                var snap = r.lifecycle().stateAt(name, at);
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
                    d.put("aliases", aliasesOf(aliases, v.version()));
                    docs.add(d);
                }
                printJson(at == null ? Map.of("model", name, "versions", docs)
                        : Map.of("model", name, "as_of", at, "versions", docs));
                return 0;
            }
            Table t = new Table("VERSION", "STAGE", "ALIASES", "CREATED", "BY", "SIZE", "METRICS");
            for (ModelVersion v : versions) {
                t.row(v.version(), at == null ? v.stage() : stages.get(v.version()),
                        String.join(",", aliasesOf(aliases, v.version())),
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

    @Command(name = "watch", description = "Print a line whenever a reference resolves to another version (until "
            + "interrupted, or --count changes).")
    static final class Watch extends Base {
        @Parameters(paramLabel = "REF", description = "e.g. fraud@production")
        String reference;

        @Option(names = "--max-delay", defaultValue = "2s", description = "report a move within this delay: 500ms, 2s, 1m")
        String maxDelay;

        @Option(names = "--count", defaultValue = "0", description = "stop after this many changes (0: never)")
        int count;

        @Override
        int run(ModelRegistry r) throws Exception {
            BlockingQueue<String[]> changes = new LinkedBlockingQueue<>();
            ModelVersion now = r.resolve(reference);
            if (!json()) {
                say("%s -> %s (watching)", reference, now.reference());
            }
            Subscription watch = r.watch(reference, Settings.Durations.parse(maxDelay, "--max-delay"),
                    (before, after) -> changes.add(new String[] {before == null ? null : before.reference(),
                            after == null ? null : after.reference()}));
            try {
                for (int seen = 0; count == 0 || seen < count; seen++) {
                    String[] c = changes.take();
                    if (json()) {
                        Map<String, Object> line = new LinkedHashMap<>();
                        line.put("reference", reference);
                        line.put("previous", c[0]);
                        line.put("current", c[1]);
                        line.put("at", Instant.now().toString());
                        out().println(JsonOutput.writeLine(line));
                        out().flush();
                    } else {
                        say("%s %s -> %s", Human.iso(Instant.now()), c[0] == null ? "(nothing)" : c[0],
                                c[1] == null ? "(nothing)" : c[1]);
                    }
                }
            } finally {
                watch.close();
            }
            return 0;
        }
    }
}
