package io.jmreg.server.ui;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.access.Permission;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.IntFunction;

/** The model list, a model's page and a version's page. */
final class ModelPages {
    static final int PAGE_SIZE = 50;
    private static final int METRIC_COLUMNS = 4;
    private static final int ALIAS_HISTORY = 50;
    private static final int AUDIT_ROWS = 50;
    static final int VERSION_ROWS = 50;
    static final int DEPLOYMENT_ROWS = 20;

    Reply list(Visit v) {
        String q = v.param("q");
        String sort = v.param("sort");
        String page = v.param("page");
        Views.QueryProblem problem = null;
        SearchPage<ModelSummary> found;
        try {
            found = v.registry().search().models(new SearchRequest(q, sort, PAGE_SIZE, page.isEmpty() ? null : page));
        } catch (QueryException e) {
            String field = e.query().equals(sort) && !e.query().equals(q) ? "sort" : "query";
            problem = new Views.QueryProblem(field, e.query(), e.offset(), e.getMessage().split("\\R")[0]);
            found = new SearchPage<>(List.of(), 0, null);
        }
        List<Views.ModelRow> rows = new ArrayList<>(found.items().size());
        for (ModelSummary m : found.items()) {
            String serving = serving(v.registry(), m);
            ModelVersion shown = serving == null ? null : v.registry().resolve(m.name() + ":" + serving);
            rows.add(new Views.ModelRow(m.name(), m.latestVersion(), serving, shown == null ? null : shown.stage(),
                    shown == null ? null : shown.owner(), shown == null ? null : shown.type(), m.aliases(),
                    m.versionCount(), m.updatedAt()));
        }
        String title = q.isEmpty() ? "Models" : "Models matching " + q;
        String trail = v.param("trail").strip();
        String previous = null;
        if (!page.isEmpty()) {
            int cut = trail.lastIndexOf(' ');
            String before = cut < 0 ? trail : trail.substring(cut + 1);
            previous = Links.models(q, sort, before.equals("-") ? "" : before, cut < 0 ? "" : trail.substring(0, cut));
        }
        return Reply.page("models.jte", new Views.ModelListPage(v.frame(title, "models"), q, sort, problem,
                List.copyOf(rows), found.total(), page, found.nextPageToken(), previous, page.isEmpty() ? "" : trail));
    }

    Reply model(Visit v, String name) {
        ModelRegistry r = v.registry();
        ModelSummary summary = r.getModel(name);
        List<ModelVersion> versions = r.listVersions(name);
        Map<String, EnvironmentDeployment> deployments = r.lifecycle().deployments(name);
        List<Views.VersionRow> rows = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) { // newest first
            ModelVersion mv = versions.get(i);
            rows.add(new Views.VersionRow(mv, aliasesOf(summary.aliases(), mv.version()),
                    environmentsOf(deployments, mv.version())));
        }
        List<AliasChange> history = new ArrayList<>();
        for (String alias : summary.aliases().keySet()) {
            history.addAll(r.aliasHistory(name, alias));
        }
        history.sort(Comparator.comparingLong(AliasChange::sequence).reversed());
        List<String> metrics = metricNames(versions);
        String metric = v.param("metric");
        if (!metrics.contains(metric)) {
            metric = metrics.isEmpty() ? "" : metrics.get(0);
        }
        Chart chart = metric.isEmpty() ? null : Chart.of(metric, versions);
        int versionsFrom = Paging.offset(v.param("versions"), "versions", Math.max(0, rows.size() - 1));
        List<String> environments = List.copyOf(deployments.keySet());
        int deploymentsFrom = Paging.offset(v.param("deployments"), "deployments",
                Math.max(0, environments.size() - 1));
        Map<String, EnvironmentDeployment> shownDeployments = new LinkedHashMap<>();
        environments.subList(deploymentsFrom, Math.min(deploymentsFrom + DEPLOYMENT_ROWS, environments.size()))
                .forEach(e -> shownDeployments.put(e, deployments.get(e)));
        String chosen = v.param("metric");
        Views.Pages versionPages = pages(versionsFrom, VERSION_ROWS, rows.size(),
                from -> Links.model(name, chosen, from, deploymentsFrom) + "#versions");
        Views.Pages deploymentPages = pages(deploymentsFrom, DEPLOYMENT_ROWS, environments.size(),
                from -> Links.model(name, chosen, versionsFrom, from) + "#deployments");
        return Reply.page("model.jte", new Views.ModelPage(v.frame(name, "models"), summary, List.copyOf(rows),
                mostCommonMetrics(versions), deployments, List.copyOf(history.subList(0,
                Math.min(ALIAS_HISTORY, history.size()))), chart, metrics, r.lifecycle().pendingPromotions(name), actions(r, name),
                List.copyOf(rows.subList(versionsFrom, Math.min(versionsFrom + VERSION_ROWS, rows.size()))),
                versionPages, shownDeployments, deploymentPages));
    }

    Reply version(Visit v, String name, String version) {
        ModelRegistry r = v.registry();
        String ref = name + ":" + version;
        ModelVersion mv = r.resolve(ref);
        Map<String, String> aliases = r.aliases(name);
        Map<String, EnvironmentDeployment> deployments = r.lifecycle().deployments(name);
        List<AuditEntry> audit = List.of();
        String auditNote = null;
        try {
            audit = r.audit().query(AuditQuery.all().resource(mv.reference()).newestFirst(true).limit(AUDIT_ROWS));
        } catch (AccessDeniedException e) {
            auditNote = "Your role does not include registry:audit, so the audit trail is not shown.";
        }
        Views.AsOf asOf = null;
        String asOfProblem = null;
        String asOfInput = v.param("asof");
        if (!asOfInput.isEmpty()) {
            try {
                Instant at = instant(asOfInput);
                ModelSnapshot snap = r.lifecycle().stateAt(name, at);
                asOf = new Views.AsOf(asOfInput, at, snap.stages().get(mv.version()),
                        aliasesOf(snap.aliases(), mv.version()), environmentsOf(snap.deployments(), mv.version()));
            } catch (DateTimeParseException e) {
                asOfProblem = "'" + asOfInput + "' is not a date and time (use 2026-11-23T14:30 or an ISO instant).";
            }
        }
        StageMachine inForce = r.lifecycle().stageMachine();
        StageDefinition stage = inForce.stages().get(mv.stage());
        List<String> promotable = stage == null ? List.of() : List.copyOf(new TreeSet<>(stage.transitions()));
        List<PromotionRequest> pending = r.lifecycle().pendingPromotions(name).stream()
                .filter(p -> p.version().equals(mv.version())).toList();
        List<String> others = r.listVersions(name).stream().map(ModelVersion::version)
                .filter(x -> !x.equals(mv.version())).toList();
        Views.Actions actions = actions(r, name);
        List<String> approvable = actions.promote() ? pending.stream()
                .filter(p -> mayApprove(v.principal(), p, mv, inForce)).map(PromotionRequest::stage).toList() : List.of();
        return Reply.page("version.jte", new Views.VersionPage(v.frame(mv.reference(), "models"), mv,
                recordFacts(mv), modelFacts(mv), trainingFacts(mv), aliasesOf(aliases, mv.version()), environmentsOf(deployments, mv.version()), r.lifecycle().stageHistory(ref), audit,
                auditNote, Picture.of(r.lineage().graph(ref)), asOf, asOfProblem, promotable, pending, others,
                actions, VersionReadme.of(r, mv), approvable));
    }

    /**
     * Whether {@code principal} may approve {@code request} under separation of duties: not its requester, and not
     * the version's creator where the stage in force excludes the creator too.
     */
    private static boolean mayApprove(String principal, PromotionRequest request, ModelVersion v, StageMachine inForce) {
        StageDefinition target = inForce.stages().get(request.stage());
        boolean creatorExcluded = target != null && target.approval() == Approval.OTHER_THAN_REQUESTER_AND_CREATOR;
        return !principal.equals(request.requestedBy()) && !(creatorExcluded && principal.equals(v.createdBy()));
    }

    /** First, previous and next links of a list of {@code size} shown {@code rows} at a time from {@code from}. */
    private static Views.Pages pages(int from, int rows, int size, IntFunction<String> link) {
        return new Views.Pages(from > 0 ? link.apply(0) : null, from > 0 ? link.apply(Math.max(0, from - rows)) : null,
                from + rows < size ? link.apply(from + rows) : null);
    }

    /**
     * The version that serves {@code m}: the {@code production} alias, else the version with the largest share of the
     * production deployment, else the latest version.
     */
    private static String serving(ModelRegistry r, ModelSummary m) {
        String alias = m.aliases().get("production");
        if (alias != null) {
            return alias;
        }
        EnvironmentDeployment production = r.lifecycle().deployments(m.name()).get("production");
        if (production != null && !production.splits().isEmpty()) {
            return production.splits().stream().max(Comparator.comparingDouble(TrafficSplit::percent)).orElseThrow()
                    .version();
        }
        return m.latestVersion();
    }

    private static List<Fact> recordFacts(ModelVersion v) {
        return Fact.of("Owner", v.owner(), "Type", v.type(), "Kind", v.kind(), "Tier", v.tier(),
                "Created", Fmt.time(v.created()) + (v.createdBy() == null ? "" : " by " + v.createdBy()),
                "Updated", Fmt.time(v.updatedAt()), "Manifest digest", v.artifacts().digest(),
                "Compression", v.storage() == null ? null : v.storage().compression(),
                "Encryption", v.storage() == null ? null : v.storage().encryption());
    }

    private static List<Fact> modelFacts(ModelVersion v) {
        var mi = v.modelInfo();
        List<Fact> facts = new ArrayList<>(Fact.of("Base model", mi.baseModel(), "Fine-tuning", mi.fineTuningMethod(),
                "Parameters", mi.totalParameters(), "Trainable parameters", mi.trainableParameters(),
                "Architecture", mi.architecture(), "Framework", mi.framework(), "Input schema", mi.inputSchema(),
                "Output schema", mi.outputSchema(), "Tensors", mi.tensorCount(), "Data types", mi.dtypes()));
        mi.formatMetadata().forEach((k, x) -> facts.addAll(Fact.of(k, x)));
        return List.copyOf(facts);
    }

    private static List<Fact> trainingFacts(ModelVersion v) {
        var t = v.trainingInfo();
        return Fact.of("Epochs", t.epochs(), "Batch size", t.batchSize(), "Learning rate", t.learningRate(),
                "Steps", t.steps(), "Duration", t.duration(), "GPU hours", t.gpuHours(), "Cost", t.cost(),
                "Hardware", t.hardware());
    }

    static Views.Actions actions(ModelRegistry r, String name) {
        return new Views.Actions(r.access().allowed(Permission.MODELS_PROMOTE, name),
                r.access().allowed(Permission.MODELS_DEPLOY, name), r.access().allowed(Permission.MODELS_UPDATE, name));
    }

    /** An ISO instant, or a local date-time (as a browser's datetime-local input sends it) read as UTC. */
    static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        }
    }

    private static List<String> aliasesOf(Map<String, String> aliases, String version) {
        return aliases.entrySet().stream().filter(e -> e.getValue().equals(version)).map(Map.Entry::getKey).sorted()
                .toList();
    }

    private static List<String> environmentsOf(Map<String, EnvironmentDeployment> deployments, String version) {
        List<String> out = new ArrayList<>();
        deployments.forEach((env, d) -> {
            for (TrafficSplit s : d.splits()) {
                if (s.version().equals(version)) {
                    out.add(d.splits().size() == 1 ? env : env + " " + Fmt.number(s.percent()) + " %");
                }
            }
        });
        out.sort(null);
        return out;
    }

    private static List<String> metricNames(List<ModelVersion> versions) {
        TreeSet<String> names = new TreeSet<>();
        versions.forEach(mv -> names.addAll(mv.metrics().keySet()));
        return List.copyOf(names);
    }

    private static List<String> mostCommonMetrics(List<ModelVersion> versions) {
        Map<String, Integer> counts = new HashMap<>();
        versions.forEach(mv -> mv.metrics().keySet().forEach(k -> counts.merge(k, 1, Integer::sum)));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).limit(METRIC_COLUMNS).map(Map.Entry::getKey).toList();
    }
}
