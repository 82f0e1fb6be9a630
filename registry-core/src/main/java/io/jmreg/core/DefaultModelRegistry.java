package io.jmreg.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jmreg.api.LineageTracker;
import io.jmreg.api.ModelReference;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.VersionStrategy;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.events.RegistryListener;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.ModelSnapshot;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.StorageInfo;
import io.jmreg.core.artifacts.ArtifactIngest;
import io.jmreg.core.artifacts.ArtifactScanner;
import io.jmreg.core.artifacts.BlobStore;
import io.jmreg.core.artifacts.Parallel;
import io.jmreg.core.artifacts.SourceFile;
import io.jmreg.core.cache.PullCache;
import io.jmreg.core.events.EventBus;
import io.jmreg.core.gc.BlobPins;
import io.jmreg.core.gc.GarbageCollector;
import io.jmreg.core.gc.GcTimings;
import io.jmreg.core.lifecycle.Guards;
import io.jmreg.core.lifecycle.LifecycleOperations;
import io.jmreg.core.lifecycle.StageMachineJson;
import io.jmreg.core.lifecycle.VersionComparison;
import io.jmreg.core.lineage.DefaultLineageTracker;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.versions.SemverOrder;
import io.jmreg.core.versions.VersionAllocator;
import io.jmreg.core.versions.VersionSelector;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The registry over one storage backend: the commit log for metadata, content-addressed blobs for artifacts. */
final class DefaultModelRegistry implements ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultModelRegistry.class);

    /** A resolution, valid while the model's cached state is the very state it was computed from. */
    private record Resolution(String model, ModelState state, ModelVersion version) {
    }

    private final StorageBackend backend;
    private final RegistryOptions options;
    private final ModelLog log;
    private final BlobStore blobs;
    private final PullCache cache;
    private final Cache<String, Resolution> resolutions = Caffeine.newBuilder().maximumSize(100_000).build();
    private final LineageTracker lineage = new DefaultLineageTracker(this);
    private final StageMachine machine;
    private final EventBus events = new EventBus();
    private final LifecycleOperations lifecycleOps;
    private final GcTimings gcTimings;
    private final BlobPins pins;

    DefaultModelRegistry(StorageBackend backend, RegistryOptions options) {
        this.backend = backend;
        this.options = options;
        StoreDescriptor.ensure(backend);
        this.log = new ModelLog(backend, options.staleness(), options.commitTimeout(), options.principal());
        this.blobs = new BlobStore(backend);
        this.cache = new PullCache(options.cacheDirectory(), blobs, options.cacheVerification(),
                options.transferConcurrency());
        this.machine = options.stageMachineFile() != null ? StageMachineJson.read(options.stageMachineFile())
                : options.stageMachine();
        this.lifecycleOps = new LifecycleOperations(log, machine, this::resolve, this::existing, this::publish);
        this.gcTimings = GcTimings.from(options.properties());
        this.pins = new BlobPins(backend, gcTimings, options.principal());
        LOG.debug("opened registry {} as {}", backend.uri(), options.principal());
    }

    @Override
    public String uri() {
        return backend.uri();
    }

    @Override
    public ModelVersion registerModel(Registration r) {
        String name = r.name();
        List<SourceFile> files = r.artifacts() == null ? List.of() : ArtifactScanner.scan(r.artifacts());
        ModelState before = log.readFresh(name);
        if (r.version() != null && before.taken(r.version())) {
            throw versionTaken(name, r.version(), before);
        }
        if (r.lineage() != null) {
            r.lineage().parents().forEach(this::resolve); // parents must exist
        }
        Set<Long> knownSizes = before.versions().stream().flatMap(v -> v.artifacts().files().stream())
                .map(ArtifactFile::size).collect(Collectors.toSet());
        ModelLog.Committed committed;
        ArtifactIngest.Ingested ingested;
        try (BlobPins.Pin pin = files.isEmpty() ? null : pins.open()) {
            ingested = ArtifactIngest.ingest(blobs, files, knownSizes, pin == null ? sha -> { } : pin::add,
                    options.transferConcurrency());
            if (pin != null && pin.seal()) { // no collection can delete them now; make sure none did before
                ensureBlobsPresent(files, ingested);
            }
            ModelInfo info = r.modelInfo() == null ? ingested.detected() : r.modelInfo().orElse(ingested.detected());
            committed = commitRegistration(r, ingested, info);
        } catch (SameContent same) {
            if (same.existing != null) {
                return same.existing;
            }
            throw versionTaken(name, "(content hash)", before);
        }
        ModelVersion registered = committed.entry().record();
        publish(RegistryEvent.Type.REGISTERED, committed, registered.version(), Map.of("stage", registered.stage()));
        LOG.info("registered {} ({} files, {} bytes, {} reused blobs)", registered.reference(),
                registered.artifacts().files().size(), registered.artifacts().totalSize(), ingested.reused().size());
        return registered;
    }

    private ModelLog.Committed commitRegistration(Registration r, ArtifactIngest.Ingested ingested,
                                                  ModelInfo info) {
        String name = r.name();
        return log.commit(name, (state, at) -> {
            String version = r.version() != null ? r.version()
                    : VersionAllocator.next(r.strategy(), r.bump(), state.allTaken(), at, ingested.manifest().digest());
            if (state.taken(version)) {
                if (r.strategy() == VersionStrategy.HASH && r.version() == null) {
                    throw new SameContent(state.version(version).orElse(null));
                }
                throw versionTaken(name, version, state);
            }
            ModelVersion record = new ModelVersion(name, version, at, options.principal(), at, r.description(),
                    r.tags(), r.owner(), r.type(), r.tier(), r.kind(), machine.initial(), info, r.trainingInfo(), r.metrics(),
                    ingested.manifest(), new StorageInfo(ingested.manifest().totalSize(), null, null), Map.of(),
                    r.qualityGates(), r.lineage(), r.custom());
            return LogEntry.of(LogEntry.Op.REGISTER, version, record, null, null, null, null);
        });
    }

    /** Thrown inside a HASH-strategy proposal when identical content is registered already. */
    private static final class SameContent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ModelVersion existing;

        SameContent(ModelVersion existing) {
            super(null, null, false, false);
            this.existing = existing;
        }
    }

    /** Just before the commit: every blob must be there (a collection may have removed one before the pin held). */
    private void ensureBlobsPresent(List<SourceFile> files, ArtifactIngest.Ingested ingested) {
        Map<String, SourceFile> byPath = new HashMap<>();
        files.forEach(f -> byPath.put(f.path(), f));
        Parallel.forEach(ingested.manifest().files(), options.transferConcurrency(), f -> {
            if (!blobs.exists(f.sha256(), f.size())) {
                LOG.warn("blob of {} vanished before commit (garbage collection); storing it again", f.path());
                BlobStore.StoredBlob again = blobs.store(byPath.get(f.path()), false);
                if (!again.sha256().equals(f.sha256())) {
                    throw new InvalidArtifactException("artifact '%s' changed while it was being registered", f.path());
                }
            }
        });
    }

    private VersionConflictException versionTaken(String name, String version, ModelState state) {
        String existing = state.takenAs(version);
        String as = existing == null || existing.equals(version) ? ""
                : " as " + existing + " (build metadata does not make a distinct version)";
        boolean live = state.version(version).isPresent();
        return new VersionConflictException("version %s of model '%s' %s%s; versions are never reused", version, name,
                live ? "already exists" : "was deleted", as);
    }

    @Override
    public List<String> listModels() {
        List<String> names = new ArrayList<>();
        for (String segment : backend.listChildren(StoreLayout.MODELS)) {
            String name = StoreLayout.decode(segment);
            try {
                names.add(Names.requireModelName(name));
            } catch (ValidationException foreign) {
                LOG.debug("ignoring foreign entry {} under models/", segment);
            }
        }
        return names;
    }

    private ModelState existing(String name) {
        ModelState state = log.read(Names.requireModelName(name));
        if (!state.exists()) {
            throw new ModelNotFoundException("no model named '%s' in %s", name, backend.uri());
        }
        return state;
    }

    @Override
    public ModelSummary getModel(String name) {
        ModelState s = existing(name);
        String latest = VersionSelector.select(ModelReference.parse(name), s.versionsAscending()).orElse(null);
        return new ModelSummary(name, s.versionsAscending().size(), latest, s.aliases(), s.updatedAt(), s.seq());
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        return existing(name).versions();
    }

    @Override
    public ModelVersion resolve(String reference) {
        Resolution hit = resolutions.getIfPresent(reference);
        if (hit != null && log.read(hit.model()) == hit.state()) {
            return hit.version();
        }
        ModelReference ref = ModelReference.parse(reference);
        ModelState state = existing(ref.model());
        ModelVersion v = select(state, ref);
        resolutions.put(reference, new Resolution(ref.model(), state, v));
        return v;
    }

    private static ModelVersion select(ModelState state, ModelReference ref) {
        return switch (ref.kind()) {
            case ALIAS -> {
                String version = state.aliases().get(ref.value());
                if (version == null) {
                    throw new VersionNotFoundException("model '%s' has no alias '%s' (aliases: %s)", ref.model(),
                            ref.value(), state.aliases().keySet());
                }
                yield state.version(version).orElseThrow(() -> new VersionNotFoundException(
                        "alias '%s' of '%s' points to missing version %s", ref.value(), ref.model(), version));
            }
            case DIGEST -> state.byManifestDigest(ref.value()).orElseThrow(() -> new VersionNotFoundException(
                    "no version of '%s' has artifact manifest digest sha256:%s", ref.model(), ref.value()));
            default -> VersionSelector.select(ref, state.versionsAscending()).flatMap(state::version)
                    .orElseThrow(() -> new VersionNotFoundException("no version of '%s' matches '%s' (versions: %s)",
                            ref.model(), ref.value(), abbreviate(state.versionsAscending())));
        };
    }

    private static String abbreviate(List<String> versions) {
        return versions.size() <= 10 ? versions.toString()
                : "[" + String.join(", ", versions.subList(0, 5)) + ", ... " + versions.get(versions.size() - 1) + "] ("
                + versions.size() + ")";
    }

    @Override
    public ModelVersion setAlias(String name, String alias, String version) {
        Names.requireAlias(alias);
        ModelVersion target = resolve(Names.requireModelName(name) + ":" + version);
        ModelLog.Committed c = log.commit(name, (state, at) -> {
            requireAllowed(requireLive(state, target), Operation.SET_ALIAS);
            return LogEntry.of(LogEntry.Op.SET_ALIAS, target.version(), null, alias, null, null, null);
        });
        publish(RegistryEvent.Type.ALIAS_MOVED, c, target.version(), aliasDetails(c, alias));
        return target;
    }

    @Override
    public void removeAlias(String name, String alias) {
        Names.requireAlias(alias);
        if (!existing(name).aliases().containsKey(alias)) {
            return;
        }
        try {
            ModelLog.Committed c = log.commit(name, (state, at) -> {
                if (!state.aliases().containsKey(alias)) {
                    throw new AlreadyDone();
                }
                return LogEntry.of(LogEntry.Op.REMOVE_ALIAS, state.aliases().get(alias), null, alias, null, null, null);
            });
            publish(RegistryEvent.Type.ALIAS_MOVED, c, null, aliasDetails(c, alias));
        } catch (AlreadyDone raced) {
            // another writer removed it first: the outcome the caller asked for
        }
    }

    private static final class AlreadyDone extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyDone() {
            super(null, null, false, false);
        }
    }

    @Override
    public Map<String, String> aliases(String name) {
        return existing(name).aliases();
    }

    @Override
    public List<AliasChange> aliasHistory(String name, String alias) {
        Names.requireAlias(alias);
        return existing(name).aliasHistory().stream().filter(c -> c.alias().equals(alias)).toList();
    }

    @Override
    public ModelVersion updateMetrics(String reference, Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            throw new ValidationException("no metrics given to update %s", reference);
        }
        metrics.forEach((k, v) -> Names.requireMetricValue(Names.requireMetricName(k), v));
        ModelVersion target = resolve(reference);
        Map<String, Double> copy = Map.copyOf(metrics);
        ModelLog.Committed c = log.commit(target.name(), (state, at) -> {
            requireAllowed(requireLive(state, target), Operation.UPDATE_METRICS);
            return LogEntry.of(LogEntry.Op.UPDATE_METRICS, target.version(), null, null, copy, null, null);
        });
        publish(RegistryEvent.Type.UPDATED, c, target.version(), Map.of("metrics", String.join(",", new TreeSet<>(copy.keySet()))));
        return c.state().version(target.version()).orElseThrow();
    }

    @Override
    public ModelVersion updateTags(String reference, Set<String> add, Set<String> remove) {
        Set<String> plus = add == null ? Set.of() : new TreeSet<>(add);
        Set<String> minus = remove == null ? Set.of() : new TreeSet<>(remove);
        plus.forEach(Names::requireTag);
        minus.forEach(Names::requireTag);
        ModelVersion target = resolve(reference);
        ModelLog.Committed c = log.commit(target.name(), (state, at) -> {
            requireAllowed(requireLive(state, target), Operation.UPDATE_TAGS);
            return LogEntry.of(LogEntry.Op.UPDATE_TAGS, target.version(), null, null, null, plus, minus);
        });
        publish(RegistryEvent.Type.UPDATED, c, target.version(), Map.of("tags_added", String.join(",", plus),
                "tags_removed", String.join(",", minus)));
        return c.state().version(target.version()).orElseThrow();
    }

    @Override
    public void deleteVersion(String reference) {
        ModelVersion target = resolve(reference);
        ModelLog.Committed c = log.commit(target.name(), (state, at) -> {
            requireAllowed(requireLive(state, target), Operation.DELETE);
            List<String> pointing = state.aliases().entrySet().stream()
                    .filter(e -> SemverOrder.PRECEDENCE.compare(e.getValue(), target.version()) == 0)
                    .map(Map.Entry::getKey).sorted().toList();
            if (!pointing.isEmpty()) {
                throw new OperationNotAllowedException("cannot delete %s: aliases %s point to it; move or remove them first",
                        target.reference(), pointing);
            }
            return LogEntry.of(LogEntry.Op.DELETE, target.version(), null, null, null, null, null);
        });
        publish(RegistryEvent.Type.DELETED, c, target.version(), Map.of());
    }

    private static ModelVersion requireLive(ModelState state, ModelVersion target) {
        return Guards.requireLive(state, target);
    }

    private ModelVersion requireAllowed(ModelVersion v, Operation op) {
        return Guards.requireAllowed(machine, v, op);
    }

    private void publish(RegistryEvent.Type type, ModelLog.Committed c, String version, Map<String, String> details) {
        events.publish(new RegistryEvent(type, c.state().name(), version, details, c.entry().at(), c.entry().by(),
                c.entry().seq()));
    }

    private static Map<String, String> aliasDetails(ModelLog.Committed c, String alias) {
        AliasChange change = c.state().aliasHistory().get(c.state().aliasHistory().size() - 1);
        Map<String, String> d = new HashMap<>();
        d.put("alias", alias);
        if (change.previous() != null) {
            d.put("previous", change.previous());
        }
        return d;
    }

    // ---- lifecycle ----

    @Override
    public StageMachine stageMachine() {
        return machine;
    }

    @Override
    public ModelVersion promote(String reference, String stage, String... gates) {
        return lifecycleOps.promote(reference, stage, gates);
    }

    @Override
    public List<StageChange> stageHistory(String reference) {
        return lifecycleOps.stageHistory(reference);
    }

    @Override
    public EnvironmentDeployment deploy(String reference, String environment, String endpoint, int replicas) {
        return lifecycleOps.deploy(reference, environment, endpoint, replicas);
    }

    @Override
    public EnvironmentDeployment deploy(String name, String environment, List<TrafficSplit> splits, String endpoint,
                                        int replicas) {
        return lifecycleOps.deploy(name, environment, splits, endpoint, replicas);
    }

    @Override
    public EnvironmentDeployment rollback(String name, String environment) {
        return lifecycleOps.rollback(name, environment);
    }

    @Override
    public Map<String, EnvironmentDeployment> deployments(String name) {
        return existing(name).deployments();
    }

    @Override
    public List<EnvironmentDeployment> deploymentHistory(String name, String environment) {
        return lifecycleOps.deploymentHistory(name, environment);
    }

    @Override
    public Comparison compare(String referenceA, String referenceB, String metric, boolean higherIsBetter) {
        if (metric != null) {
            Names.requireMetricName(metric);
        }
        return VersionComparison.compare(resolve(referenceA), resolve(referenceB), metric, higherIsBetter);
    }

    @Override
    public ModelSnapshot stateAt(String name, Instant instant) {
        return lifecycleOps.stateAt(name, instant);
    }

    @Override
    public AutoCloseable addListener(RegistryListener listener) {
        return events.add(listener);
    }

    @Override
    public Path pull(String reference) {
        return cache.snapshot(resolve(reference));
    }

    @Override
    public Path pull(String reference, Path directory) {
        if (directory == null) {
            throw new ValidationException("pull target directory must not be null");
        }
        return cache.materialise(resolve(reference), directory);
    }

    @Override
    public InputStream openArtifact(String reference, String path) {
        return openArtifact(reference, path, 0, Long.MAX_VALUE);
    }

    @Override
    public InputStream openArtifact(String reference, String path, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new ValidationException("offset and length must not be negative (got %d, %d)", offset, length);
        }
        ModelVersion v = resolve(reference);
        ArtifactFile file = v.artifacts().file(Names.requireArtifactPath(path)).orElseThrow(() ->
                new InvalidArtifactException("%s has no artifact file '%s'", v.reference(), path));
        return cache.open(file, offset, length);
    }

    @Override
    public CacheReport verifyCache() {
        return cache.verifyAll();
    }

    @Override
    public LineageTracker lineage() {
        return lineage;
    }

    @Override
    public GcReport collectGarbage(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new ValidationException("gc grace period must be zero or positive");
        }
        return new GarbageCollector(backend, log, gcTimings, options.principal()).collect(grace);
    }


    @Override
    public void close() {
        resolutions.invalidateAll();
        log.invalidate(null);
        backend.close();
    }
}
