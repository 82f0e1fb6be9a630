package io.jmreg.core.log;

import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.Deployment;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.core.versions.SemverOrder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The state of one model after applying its log up to {@link #seq()}; immutable. */
public final class ModelState {
    private final String name;
    private final long seq;
    private final Instant updatedAt;
    private final TreeMap<String, ModelVersion> versions;
    private final TreeSet<String> retired;
    private final TreeMap<String, String> aliases;
    private final List<AliasChange> aliasHistory;
    private final List<StageChange> stageHistory;
    private final Map<String, List<EnvironmentDeployment>> environments;
    private final List<EnvironmentDeployment> deploymentHistory;
    private volatile List<String> ascending;
    private volatile Map<String, ModelVersion> byDigest;

    private ModelState(String name, long seq, Instant updatedAt, TreeMap<String, ModelVersion> versions,
                       TreeSet<String> retired, TreeMap<String, String> aliases, List<AliasChange> aliasHistory,
                       List<StageChange> stageHistory, Map<String, List<EnvironmentDeployment>> environments,
                       List<EnvironmentDeployment> deploymentHistory) {
        this.name = name;
        this.seq = seq;
        this.updatedAt = updatedAt;
        this.versions = versions;
        this.retired = retired;
        this.aliases = aliases;
        this.aliasHistory = aliasHistory;
        this.stageHistory = stageHistory;
        this.environments = environments;
        this.deploymentHistory = deploymentHistory;
    }

    /** The state of a model with an empty log. */
    public static ModelState empty(String name) {
        return new ModelState(name, 0, null, new TreeMap<>(SemverOrder.PRECEDENCE), new TreeSet<>(), new TreeMap<>(),
                List.of(), List.of(), Map.of(), List.of());
    }

    /** Restores a checkpoint. */
    public static ModelState of(Checkpoint c) {
        TreeMap<String, ModelVersion> versions = new TreeMap<>(SemverOrder.PRECEDENCE);
        c.versions().forEach(v -> versions.put(v.version(), v));
        return new ModelState(c.name(), c.seq(), c.updatedAt(), versions, new TreeSet<>(c.retired()),
                new TreeMap<>(c.aliases()), List.copyOf(c.aliasHistory()),
                c.stageHistory() == null ? List.of() : List.copyOf(c.stageHistory()),
                c.environments() == null ? Map.of() : Map.copyOf(c.environments()),
                c.deploymentHistory() == null ? List.of() : List.copyOf(c.deploymentHistory()));
    }

    /** This state as a checkpoint document. */
    public Checkpoint toCheckpoint() {
        return new Checkpoint(Checkpoint.SCHEMA, name, seq, updatedAt, List.copyOf(versions.values()),
                List.copyOf(retired), Map.copyOf(aliases), aliasHistory, stageHistory, environments, deploymentHistory);
    }

    /** The state after {@code e}, which must be entry {@code seq + 1}. */
    public ModelState apply(LogEntry e) {
        if (e.seq() != seq + 1) {
            throw new IllegalStateException("log entry " + e.seq() + " applied to state at " + seq + " of " + name);
        }
        TreeMap<String, ModelVersion> v = versions;
        TreeSet<String> r = retired;
        TreeMap<String, String> a = aliases;
        List<AliasChange> h = aliasHistory;
        List<StageChange> sh = stageHistory;
        Map<String, List<EnvironmentDeployment>> env = environments;
        List<EnvironmentDeployment> dh = deploymentHistory;
        switch (e.op()) {
            case REGISTER -> {
                v = new TreeMap<>(versions);
                v.put(e.record().version(), e.record());
            }
            case DELETE -> {
                v = new TreeMap<>(versions);
                v.remove(e.version());
                r = new TreeSet<>(retired);
                r.add(e.version());
            }
            case SET_ALIAS, REMOVE_ALIAS -> {
                a = new TreeMap<>(aliases);
                String previous = e.op() == LogEntry.Op.SET_ALIAS ? a.put(e.alias(), e.version()) : a.remove(e.alias());
                List<AliasChange> nh = new ArrayList<>(aliasHistory);
                nh.add(new AliasChange(e.alias(), e.op() == LogEntry.Op.SET_ALIAS ? e.version() : null, previous, e.at(),
                        e.by(), e.seq()));
                h = Collections.unmodifiableList(nh);
            }
            case UPDATE_METRICS -> {
                ModelVersion current = versions.get(e.version());
                if (current != null) {
                    Map<String, Double> m = new HashMap<>(current.metrics());
                    m.putAll(e.metrics());
                    v = new TreeMap<>(versions);
                    v.put(e.version(), current.withMetrics(m, e.at()));
                }
            }
            case UPDATE_TAGS -> {
                ModelVersion current = versions.get(e.version());
                if (current != null) {
                    TreeSet<String> t = new TreeSet<>(current.tags());
                    t.addAll(e.tagsAdd() == null ? List.of() : e.tagsAdd());
                    t.removeAll(e.tagsRemove() == null ? List.of() : e.tagsRemove());
                    v = new TreeMap<>(versions);
                    v.put(e.version(), current.withTags(t, e.at()));
                }
            }
            case SET_STAGE -> {
                ModelVersion current = versions.get(e.version());
                if (current != null) {
                    List<GateResult> gates = e.gates() == null ? List.of() : e.gates();
                    v = new TreeMap<>(versions);
                    v.put(e.version(), current.withStage(e.stage(), gates.stream().map(ModelState::gate).toList(), e.at()));
                    List<StageChange> nsh = new ArrayList<>(stageHistory);
                    nsh.add(new StageChange(e.version(), current.stage(), e.stage(), e.at(), e.by(), e.seq(), gates));
                    sh = Collections.unmodifiableList(nsh);
                }
            }
            case DEPLOY, ROLLBACK -> {
                Map<String, List<EnvironmentDeployment>> ne = new TreeMap<>(environments);
                List<EnvironmentDeployment> stack = new ArrayList<>(ne.getOrDefault(e.environment(), List.of()));
                EnvironmentDeployment now;
                if (e.op() == LogEntry.Op.DEPLOY) {
                    now = new EnvironmentDeployment(e.environment(), e.splits(), e.endpoint(), e.replicas(), e.at(), e.by(),
                            e.seq(), false);
                    stack.add(now);
                } else {
                    stack.remove(stack.size() - 1);
                    EnvironmentDeployment back = stack.get(stack.size() - 1);
                    now = new EnvironmentDeployment(e.environment(), back.splits(), back.endpoint(), back.replicas(), e.at(),
                            e.by(), e.seq(), true);
                }
                ne.put(e.environment(), List.copyOf(stack));
                env = Collections.unmodifiableMap(ne);
                List<EnvironmentDeployment> ndh = new ArrayList<>(deploymentHistory);
                ndh.add(now);
                dh = Collections.unmodifiableList(ndh);
                v = deployedVersions(versions, now);
                String primary = now.primaryVersion();
                String previous = aliases.get(e.environment());
                if (!primary.equals(previous)) {
                    a = new TreeMap<>(aliases);
                    a.put(e.environment(), primary);
                    List<AliasChange> nh = new ArrayList<>(aliasHistory);
                    nh.add(new AliasChange(e.environment(), primary, previous, e.at(), e.by(), e.seq()));
                    h = Collections.unmodifiableList(nh);
                }
            }
            default -> throw new IllegalStateException("unknown log operation " + e.op());
        }
        return new ModelState(name, e.seq(), e.at(), v, r, a, h, sh, env, dh);
    }

    private static QualityGate gate(GateResult g) {
        Double score = null;
        try {
            score = g.actual() == null ? null : Double.valueOf(g.actual());
        } catch (NumberFormatException notNumeric) {
            // status only
        }
        return new QualityGate(g.expression(), g.passed() ? "passed" : "failed", score);
    }

    /** Versions with the environment's deployment facts replaced by {@code d}'s. */
    private static TreeMap<String, ModelVersion> deployedVersions(TreeMap<String, ModelVersion> versions,
                                                                  EnvironmentDeployment d) {
        TreeMap<String, ModelVersion> v = new TreeMap<>(versions);
        for (ModelVersion mv : versions.values()) {
            if (mv.deployments().containsKey(d.environment())) {
                Map<String, Deployment> m = new TreeMap<>(mv.deployments());
                m.remove(d.environment());
                v.put(mv.version(), mv.withDeployments(m, d.deployedAt()));
            }
        }
        for (TrafficSplit split : d.splits()) {
            ModelVersion mv = v.get(split.version());
            if (mv != null) {
                Map<String, Deployment> m = new TreeMap<>(mv.deployments());
                m.put(d.environment(), new Deployment(d.environment(), d.deployedAt(), d.endpoint(), d.replicas(),
                        split.percent(), "active"));
                v.put(mv.version(), mv.withDeployments(m, d.deployedAt()));
            }
        }
        return v;
    }

    /** Every stage change, oldest first. */
    public List<StageChange> stageHistory() {
        return stageHistory;
    }

    /** Per environment, what it serves now. */
    public Map<String, EnvironmentDeployment> deployments() {
        Map<String, EnvironmentDeployment> now = new TreeMap<>();
        environments.forEach((k, stack) -> {
            if (!stack.isEmpty()) {
                now.put(k, stack.get(stack.size() - 1));
            }
        });
        return Collections.unmodifiableMap(now);
    }

    /** The deployment stack of an environment (current last). */
    public List<EnvironmentDeployment> deploymentStack(String environment) {
        return environments.getOrDefault(environment, List.of());
    }

    /** Every deployment and rollback, oldest first. */
    public List<EnvironmentDeployment> deploymentHistory() {
        return deploymentHistory;
    }

    /** Model name. */
    public String name() {
        return name;
    }

    /** Last applied entry; 0 when the model has no log. */
    public long seq() {
        return seq;
    }

    /** Time of the last applied entry. */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** Whether the model has any entry. */
    public boolean exists() {
        return seq > 0;
    }

    /** Live version strings, lowest precedence first. */
    public List<String> versionsAscending() {
        List<String> list = ascending;
        if (list == null) {
            list = List.copyOf(versions.keySet());
            ascending = list;
        }
        return list;
    }

    /** Live versions, lowest first. */
    public List<ModelVersion> versions() {
        return List.copyOf(versions.values());
    }

    /** A live version by its exact string (or equal precedence). */
    public Optional<ModelVersion> version(String version) {
        return Optional.ofNullable(versions.get(version));
    }

    /** True when a version of equal precedence is live or was deleted. */
    public boolean taken(String version) {
        return versions.containsKey(version) || retired.stream().anyMatch(r -> SemverOrder.PRECEDENCE.compare(r, version) == 0);
    }

    /** The version string, live or deleted, that has the same precedence as {@code version}; null when none. */
    public String takenAs(String version) {
        ModelVersion live = versions.get(version);
        if (live != null) {
            return live.version();
        }
        return retired.stream().filter(r -> SemverOrder.PRECEDENCE.compare(r, version) == 0).findFirst().orElse(null);
    }

    /** Every version number ever used: live and deleted. */
    public List<String> allTaken() {
        List<String> all = new ArrayList<>(versions.keySet());
        all.addAll(retired);
        return all;
    }

    /** Alias to version. */
    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    /** Every alias change, oldest first. */
    public List<AliasChange> aliasHistory() {
        return aliasHistory;
    }

    /** The version whose manifest digest is {@code digest} (the highest when several share it). */
    public Optional<ModelVersion> byManifestDigest(String digest) {
        Map<String, ModelVersion> index = byDigest;
        if (index == null) {
            index = new HashMap<>();
            for (ModelVersion v : versions.values()) {
                index.put(v.artifacts().digest(), v); // ascending: the highest wins
            }
            byDigest = index;
        }
        return Optional.ofNullable(index.get(digest));
    }
}
