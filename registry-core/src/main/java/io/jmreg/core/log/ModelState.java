package io.jmreg.core.log;

import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.Deployment;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.core.semver.SemverOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The state of one model after applying its log up to {@link #seq()}; immutable. Its versions and deleted version
 * numbers are persistent maps, so applying an entry that registers, deletes or changes a version costs O(log n) in the
 * model's version count, not a copy of every version.
 */
public final class ModelState {
    private static final PersistentSortedMap<String, ModelVersion> NO_VERSIONS =
            PersistentSortedMap.empty(SemverOrder.PRECEDENCE);
    private static final Retired NOTHING_RETIRED = new Retired(
            PersistentSortedMap.empty(Comparator.naturalOrder()), PersistentSortedMap.empty(SemverOrder.PRECEDENCE));

    private final String name;
    private final long seq;
    private final Instant updatedAt;
    private final PersistentSortedMap<String, ModelVersion> versions;
    private final Retired retired;
    private final TreeMap<String, String> aliases;
    private final List<AliasChange> aliasHistory;
    private final List<StageChange> stageHistory;
    private final Map<String, List<EnvironmentDeployment>> environments;
    private final List<EnvironmentDeployment> deploymentHistory;
    private final Map<String, PromotionRequest> pending;
    private final String description;
    private volatile List<String> ascending;
    private volatile List<ModelVersion> versionList;
    private volatile Object derived;
    private volatile Map<String, ModelVersion> byDigest;
    private volatile KnownFiles knownFiles;

    /**
     * Deleted version numbers: as stored (in string order, the order checkpoints list them in) and, by precedence,
     * the first of them in string order that has that precedence (what {@link #takenAs} answers).
     */
    private record Retired(PersistentSortedMap<String, String> asStored,
                           PersistentSortedMap<String, String> byPrecedence) {
        Retired with(String version) {
            String same = byPrecedence.get(version);
            return new Retired(asStored.put(version, version), same != null && same.compareTo(version) <= 0
                    ? byPrecedence : byPrecedence.put(version, version));
        }
    }

    private ModelState(String name, long seq, Instant updatedAt, PersistentSortedMap<String, ModelVersion> versions,
                       Retired retired, TreeMap<String, String> aliases, List<AliasChange> aliasHistory,
                       List<StageChange> stageHistory, Map<String, List<EnvironmentDeployment>> environments,
                       List<EnvironmentDeployment> deploymentHistory, Map<String, PromotionRequest> pending,
                       String description) {
        this.pending = pending;
        this.description = description;
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
        return new ModelState(name, 0, null, NO_VERSIONS, NOTHING_RETIRED, new TreeMap<>(),
                List.of(), List.of(), Map.of(), List.of(), Map.of(), null);
    }

    /** Restores a checkpoint. */
    public static ModelState of(Checkpoint c) {
        PersistentSortedMap<String, ModelVersion> versions = NO_VERSIONS;
        RecordCompactor compactor = new RecordCompactor();
        for (ModelVersion v : c.versions()) {
            versions = versions.put(v.version(), compactor.compact(v));
        }
        Retired retired = NOTHING_RETIRED;
        for (String r : c.retired()) {
            retired = retired.with(r);
        }
        return new ModelState(c.name(), c.seq(), c.updatedAt(), versions, retired,
                new TreeMap<>(c.aliases()), List.copyOf(c.aliasHistory()),
                c.stageHistory() == null ? List.of() : List.copyOf(c.stageHistory()),
                c.environments() == null ? Map.of() : Map.copyOf(c.environments()),
                c.deploymentHistory() == null ? List.of() : List.copyOf(c.deploymentHistory()),
                c.pendingPromotions() == null ? Map.of() : Map.copyOf(c.pendingPromotions()),
                c.description() == null || c.description().isEmpty() ? null : c.description());
    }

    /** This state as a checkpoint document. */
    public Checkpoint toCheckpoint() {
        return new Checkpoint(description == null ? Checkpoint.SCHEMA_WITHOUT_CARD : Checkpoint.SCHEMA, name, seq,
                updatedAt, versions(), retired.asStored().keys(), Map.copyOf(aliases), aliasHistory,
                stageHistory, environments, deploymentHistory, pending, description);
    }

    /**
     * The state past log position {@code next} ({@code seq + 1}) when the entry there is <em>aborted</em>: stored
     * empty, as a crash of the machine can leave a write that became visible before it was durable and never
     * returned (see {@link LogEntry#isAborted(byte[])}). It changes nothing; the next commit goes after it.
     */
    public ModelState passAborted(long next) {
        if (next != seq + 1) {
            throw new IllegalStateException("aborted log entry " + next + " passed at state " + seq + " of " + name);
        }
        return new ModelState(name, next, updatedAt, versions, retired, aliases, aliasHistory, stageHistory,
                environments, deploymentHistory, pending, description);
    }

    /** The state after {@code e}, which must be entry {@code seq + 1}. */
    public ModelState apply(LogEntry e) {
        if (e.seq() != seq + 1) {
            throw new IllegalStateException("log entry " + e.seq() + " applied to state at " + seq + " of " + name);
        }
        Next next = new Next(e);
        switch (e.op()) {
            case REGISTER -> next.register();
            case DELETE -> next.delete();
            case SET_ALIAS, REMOVE_ALIAS -> next.moveAlias();
            case UPDATE_METRICS -> next.updateMetrics();
            case UPDATE_TAGS -> next.updateTags();
            case UPDATE_DESCRIPTION -> next.updateDescription();
            case UPDATE_MODEL_DESCRIPTION -> next.updateModelDescription();
            case SET_STAGE -> next.setStage();
            case REQUEST_STAGE -> next.requestStage();
            case DEPLOY, ROLLBACK -> next.deploy();
            default -> throw new IllegalStateException("unknown log operation " + e.op());
        }
        return next.state();
    }

    /**
     * The state being derived from this one by one entry, one method per operation: versions and deleted numbers are
     * persistent maps shared with this state, the other collections are copied when they change.
     */
    private final class Next {
        private final LogEntry e;
        private PersistentSortedMap<String, ModelVersion> v = versions;
        private Retired r = retired;
        private TreeMap<String, String> a = aliases;
        private List<AliasChange> h = aliasHistory;
        private List<StageChange> sh = stageHistory;
        private Map<String, List<EnvironmentDeployment>> env = environments;
        private List<EnvironmentDeployment> dh = deploymentHistory;
        private Map<String, PromotionRequest> p = pending;
        private String d = description;

        Next(LogEntry e) {
            this.e = e;
            // any change to a version other than its metrics (or an alias or deployment) voids its pending promotion
            boolean voids = switch (e.op()) {
                case REGISTER, DELETE, UPDATE_TAGS, UPDATE_DESCRIPTION, SET_STAGE -> true;
                default -> false;
            };
            if (voids && e.version() != null && pending.containsKey(e.version())) {
                Map<String, PromotionRequest> np = new TreeMap<>(pending);
                np.remove(e.version());
                p = Collections.unmodifiableMap(np);
            }
        }

        ModelState state() {
            return new ModelState(name, e.seq(), e.at(), v, r, a, h, sh, env, dh, p, d);
        }

        void requestStage() {
            if (versions.containsKey(e.version())) {
                Map<String, PromotionRequest> np = new TreeMap<>(pending);
                np.put(e.version(), new PromotionRequest(e.version(), e.stage(), e.by(), e.at(), e.seq(), e.gates()));
                p = Collections.unmodifiableMap(np);
            }
        }

        void register() {
            v = versions.put(e.record().version(), new RecordCompactor().compact(e.record()));
        }

        void delete() {
            v = versions.remove(e.version());
            r = retired.with(e.version());
        }

        void moveAlias() {
            a = new TreeMap<>(aliases);
            boolean set = e.op() == LogEntry.Op.SET_ALIAS;
            String previous = set ? a.put(e.alias(), e.version()) : a.remove(e.alias());
            h = appended(aliasHistory, new AliasChange(e.alias(), set ? e.version() : null, previous, e.at(), e.by(), e.seq()));
        }

        void updateMetrics() {
            change(current -> {
                Map<String, Double> m = new HashMap<>(current.metrics());
                m.putAll(e.metrics());
                return current.toBuilder().metrics(m).updatedAt(e.at()).build();
            });
        }

        void updateTags() {
            change(current -> {
                TreeSet<String> t = new TreeSet<>(current.tags());
                t.addAll(e.tagsAdd() == null ? List.of() : e.tagsAdd());
                t.removeAll(e.tagsRemove() == null ? List.of() : e.tagsRemove());
                return current.toBuilder().tags(t).updatedAt(e.at()).build();
            });
        }

        void updateDescription() {
            String text = e.description() == null || e.description().isEmpty() ? null : e.description();
            change(current -> current.toBuilder().description(text)
                    .updatedAt(e.at()).build());
        }

        void updateModelDescription() {
            d = e.description() == null || e.description().isEmpty() ? null : e.description();
        }

        void setStage() {
            ModelVersion current = versions.get(e.version());
            if (current == null) {
                return;
            }
            List<GateResult> gates = e.gates() == null ? List.of() : e.gates();
            Map<String, QualityGate> merged = new LinkedHashMap<>();
            current.qualityGates().forEach(g -> merged.put(g.name(), g));
            gates.stream().map(ModelState::gate).forEach(g -> merged.put(g.name(), g));
            change(c -> c.toBuilder().stage(e.stage()).qualityGates(List.copyOf(merged.values())).updatedAt(e.at()).build());
            sh = appended(stageHistory, new StageChange(e.version(), current.stage(), e.stage(), e.at(), e.by(), e.seq(), gates));
        }

        void deploy() {
            Map<String, List<EnvironmentDeployment>> ne = new TreeMap<>(environments);
            List<EnvironmentDeployment> stack = new ArrayList<>(ne.getOrDefault(e.environment(), List.of()));
            EnvironmentDeployment now;
            if (e.op() == LogEntry.Op.DEPLOY) {
                now = new EnvironmentDeployment(e.environment(), e.splits(), e.endpoint(), e.replicas(), e.at(), e.by(),
                        e.seq(), false, e.adapters());
                stack.add(now);
            } else {
                stack.remove(stack.size() - 1);
                EnvironmentDeployment back = stack.get(stack.size() - 1);
                now = new EnvironmentDeployment(e.environment(), back.splits(), back.endpoint(), back.replicas(), e.at(),
                        e.by(), e.seq(), true, back.adapters());
            }
            ne.put(e.environment(), List.copyOf(stack));
            env = Collections.unmodifiableMap(ne);
            dh = appended(deploymentHistory, now);
            v = deployedVersions(versions, now);
            String primary = now.primaryVersion();
            String previous = aliases.get(e.environment());
            if (!primary.equals(previous)) {
                a = new TreeMap<>(aliases);
                a.put(e.environment(), primary);
                h = appended(aliasHistory, new AliasChange(e.environment(), primary, previous, e.at(), e.by(), e.seq()));
            }
        }

        /** Replaces the entry's version by {@code how} applied to it, when it still lives. */
        private void change(UnaryOperator<ModelVersion> how) {
            ModelVersion current = v.get(e.version());
            if (current != null) {
                v = v.put(e.version(), how.apply(current));
            }
        }
    }

    private static <T> List<T> appended(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return Collections.unmodifiableList(copy);
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
    private static PersistentSortedMap<String, ModelVersion> deployedVersions(
            PersistentSortedMap<String, ModelVersion> versions, EnvironmentDeployment d) {
        PersistentSortedMap<String, ModelVersion> v = versions;
        for (ModelVersion mv : versions.values()) {
            if (mv.deployments().containsKey(d.environment())) {
                Map<String, Deployment> m = new TreeMap<>(mv.deployments());
                m.remove(d.environment());
                v = v.put(mv.version(), mv.toBuilder().deployments(m).updatedAt(d.deployedAt()).build());
            }
        }
        for (TrafficSplit split : d.splits()) {
            ModelVersion mv = v.get(split.version());
            if (mv != null) {
                Map<String, Deployment> m = new TreeMap<>(mv.deployments());
                m.put(d.environment(), new Deployment(d.environment(), d.deployedAt(), d.endpoint(), d.replicas(),
                        split.percent(), "active"));
                v = v.put(mv.version(), mv.toBuilder().deployments(m).updatedAt(d.deployedAt()).build());
            }
        }
        return v;
    }

    /** Promotions waiting for approval, by version. */
    public Map<String, PromotionRequest> pendingPromotions() {
        return pending;
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

    /** The model card (Markdown describing the model as a whole), or null when none is set. */
    public String description() {
        return description;
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

    /** Whether the model has any entry (an aborted one, which changes nothing, does not count). */
    public boolean exists() {
        return seq > 0 && updatedAt != null;
    }

    /** Live version strings, lowest precedence first. */
    public List<String> versionsAscending() {
        List<String> list = ascending;
        if (list == null) {
            list = versions.keys();
            ascending = list;
        }
        return list;
    }

    /** Live versions, lowest first (one immutable list per state: searches iterate it for every query). */
    public List<ModelVersion> versions() {
        List<ModelVersion> list = versionList;
        if (list == null) {
            list = versions.values();
            versionList = list;
        }
        return list;
    }

    /**
     * A value derived from this (immutable) state by {@code compute}, computed once and kept with it (searches keep
     * their per-model index here, so it lives exactly as long as the state is current somewhere).
     */
    public <T> T derived(Class<T> type, Function<ModelState, T> compute) {
        Object d = derived;
        if (!type.isInstance(d)) {
            d = compute.apply(this);
            derived = d;
        }
        return type.cast(d);
    }

    /** One live version (the lowest), or null when none lives: O(log n), for facts all versions share. */
    public ModelVersion anyVersion() {
        Map.Entry<String, ModelVersion> first = versions.firstEntry();
        return first == null ? null : first.getValue();
    }

    /**
     * What the live versions' files tell an upload: their sizes (files of such sizes are hashed as they arrive) and
     * their chunk indexes by content digest.
     *
     * @param sizes        sizes of the live versions' files
     * @param chunkIndexes chunk indexes of the live versions' files, by content digest
     */
    public record KnownFiles(Set<Long> sizes, Map<String, String> chunkIndexes) {
        /** Nothing known (a registration without files needs nothing). */
        public static final KnownFiles NONE = new KnownFiles(Set.of(), Map.of());
    }

    /** The live versions' {@link KnownFiles}, computed in one pass once per state, when asked. */
    public KnownFiles knownFiles() {
        KnownFiles known = knownFiles;
        if (known == null) {
            Set<Long> sizes = new HashSet<>();
            Map<String, String> indexes = new HashMap<>();
            for (ModelVersion v : versions()) {
                for (ArtifactFile f : v.artifacts().files()) {
                    sizes.add(f.size());
                    if (f.chunkIndex() != null) {
                        indexes.put(f.sha256(), f.chunkIndex());
                    }
                }
            }
            known = new KnownFiles(Collections.unmodifiableSet(sizes), Collections.unmodifiableMap(indexes));
            knownFiles = known;
        }
        return known;
    }

    /** A live version by its exact string (or equal precedence). */
    public Optional<ModelVersion> version(String version) {
        return Optional.ofNullable(versions.get(version));
    }

    /** True when a version of equal precedence is live or was deleted. */
    public boolean taken(String version) {
        return versions.containsKey(version) || retired.byPrecedence().containsKey(version);
    }

    /** The version string, live or deleted, that has the same precedence as {@code version}; null when none. */
    public String takenAs(String version) {
        ModelVersion live = versions.get(version);
        if (live != null) {
            return live.version();
        }
        return retired.byPrecedence().get(version);
    }

    /** Every version number ever used: live and deleted. */
    public List<String> allTaken() {
        List<String> all = new ArrayList<>(versionsAscending());
        all.addAll(retired.asStored().keys());
        return all;
    }

    /**
     * The highest-precedence version number ever used, live or deleted (a live one when a deleted one has the same
     * precedence; the first of those deleted in string order otherwise); null when none: O(log n), for allocating the
     * next version number. It is the first of the highest in {@link #allTaken()}.
     */
    public String highestTaken() {
        Map.Entry<String, ModelVersion> live = versions.lastEntry();
        Map.Entry<String, String> deleted = retired.byPrecedence().lastEntry();
        if (deleted == null || live != null && SemverOrder.PRECEDENCE.compare(live.getKey(), deleted.getKey()) >= 0) {
            return live == null ? null : live.getKey();
        }
        return deleted.getValue();
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
            for (ModelVersion v : versions()) {
                index.put(v.artifacts().digest(), v); // ascending: the highest wins
            }
            byDigest = index;
        }
        return Optional.ofNullable(index.get(digest));
    }
}
