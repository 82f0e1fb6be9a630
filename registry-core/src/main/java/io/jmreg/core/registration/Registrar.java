package io.jmreg.core.registration;

import io.jmreg.api.Registration;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.VersionStrategy;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.StorageInfo;
import io.jmreg.api.model.TrainingInfo;
import io.jmreg.core.blobs.BlobStore;
import io.jmreg.core.blobs.Parallel;
import io.jmreg.core.blobs.SourceFile;
import io.jmreg.core.gc.BlobPins;
import io.jmreg.core.ingest.ArtifactIngest;
import io.jmreg.core.ingest.ArtifactScanner;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.semver.VersionAllocator;
import io.jmreg.core.signing.VersionTrust;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration: scan the artifacts (refusing bad input before anything is written), store their blobs under a pin,
 * make sure no collection removed one, then commit the version with one create-only log entry.
 */
public final class Registrar {
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);
    private final ModelLog log;
    private final BlobStore blobs;
    private final BlobPins pins;
    private final ReferenceResolver resolver;
    private final StageMachine machine;
    private final int concurrency;
    private final String encryption;
    private final VersionTrust trust;

    /**
     * A registrar over a store's log and blobs; {@code concurrency} files move at once; {@code encryption} is what the
     * store applies at rest (recorded in each version's storage facts); {@code trust} signs what it registers.
     */
    public Registrar(ModelLog log, BlobStore blobs, BlobPins pins, ReferenceResolver resolver, StageMachine machine,
                     int concurrency, String encryption, VersionTrust trust) {
        this.trust = trust;
        this.encryption = encryption;
        this.log = log;
        this.blobs = blobs;
        this.pins = pins;
        this.resolver = resolver;
        this.machine = machine;
        this.concurrency = concurrency;
    }

    /** Registers a version as {@code committer}. */
    public ModelVersion register(ModelLog.Committer committer, Registration r, TransferProgress progress) {
        String name = r.name();
        List<SourceFile> files = r.artifacts() == null ? List.of() : ArtifactScanner.scan(r.artifacts());
        // early checks (a taken number, the model's kind) fail before any upload; the commit checks them again against
        // the head, so the state within the staleness bound serves (one probe of the store fewer per registration)
        ModelState before = log.read(name);
        if (r.version() != null && before.taken(r.version())) {
            throw versionTaken(name, r.version(), before);
        }
        if (r.kind() != null) {
            requireModelKind(before, r.kind()); // early, before any upload; checked again at the commit
        }
        if (r.lineage() != null) {
            r.lineage().parents().forEach(resolver::resolve); // parents must exist
            if (r.kind() == Kind.ADAPTER && r.lineage().baseModel() != null) {
                requireBase(r.name(), r.lineage().baseModel());
            }
        }
        // what the model's files tell the upload: only looked at when there are files (a metadata-only
        // registration costs the same however many versions the model has)
        ModelState.KnownFiles known = files.isEmpty() ? ModelState.KnownFiles.NONE : before.knownFiles();
        ModelLog.Committed committed;
        ArtifactIngest.Ingested ingested;
        try (BlobPins.Pin pin = files.isEmpty() ? null : pins.open()) {
            progress.started(files.size(), files.stream().mapToLong(SourceFile::size).sum());
            ingested = ArtifactIngest.ingest(blobs, files, known.sizes(), known.chunkIndexes(),
                    pin == null ? sha -> { } : pin::add, concurrency,
                    progress, r.consumeArtifacts(),
                    r.consumeArtifacts() && r.artifactDigests() != null ? r.artifactDigests() : Map.of());
            if (pin != null && pin.seal()) { // no collection can delete them now; make sure none did before
                ensureBlobsPresent(files, ingested);
            }
            committer.uploaded(writtenBytes(ingested));
            ModelInfo info = r.modelInfo() == null ? ingested.detected() : r.modelInfo().orElse(ingested.detected());
            committed = commit(committer, r, ingested, info);
        } catch (SameContent same) {
            if (same.existing != null) {
                return same.existing;
            }
            throw versionTaken(name, same.version, same.state); // the content of a deleted version: never reused
        }
        ModelVersion registered = committed.entry().record();
        LOG.info("registered {} ({} files, {} bytes, {} reused blobs)", registered.reference(),
                registered.artifacts().files().size(), registered.artifacts().totalSize(), ingested.reused().size());
        return registered;
    }

    private ModelLog.Committed commit(ModelLog.Committer committer, Registration r, ArtifactIngest.Ingested ingested,
                                      ModelInfo info) {
        String name = r.name();
        return log.commit(committer, name, (state, at) -> {
            String version = r.version() != null ? r.version()
                    : VersionAllocator.next(r.strategy(), r.bump(), highestTaken(state), at,
                    ingested.manifest().digest());
            if (state.taken(version)) {
                if (r.strategy() == VersionStrategy.HASH && r.version() == null) {
                    throw new SameContent(version, state);
                }
                throw versionTaken(name, version, state);
            }
            Kind kind = kindOf(r, ingested);
            requireModelKind(state, kind);
            ModelVersion created = ModelVersion.builder(name, version, at).createdBy(committer.principal())
                    .updatedAt(at).description(r.description()).tags(r.tags()).owner(r.owner()).type(r.type())
                    .tier(r.tier()).kind(kind).stage(machine.initial()).modelInfo(info)
                    .trainingInfo(trainingInfoOf(r, ingested))
                    .metrics(r.metrics()).artifacts(ingested.manifest())
                    .storage(new StorageInfo(ingested.manifest().totalSize(), null, encryption)).qualityGates(r.qualityGates())
                    .lineage(r.lineage()).custom(r.custom()).build();
            if (committer instanceof OperationContext ctx) {
                ctx.authorizeInput(created); // as it will be: a kind detected from its files needs its permission
            }
            return LogEntry.register(trust.sign(created));
        });
    }

    /** Bytes of the blobs this registration stored (those stored already are not counted). */
    private static long writtenBytes(ArtifactIngest.Ingested ingested) {
        Set<String> reused = Set.copyOf(ingested.reused());
        Map<String, Long> written = new HashMap<>(); // one blob per content, however many files share it
        ingested.manifest().files().stream().filter(f -> !reused.contains(f.sha256()))
                .forEach(f -> written.put(f.sha256(), f.size()));
        return written.values().stream().mapToLong(Long::longValue).sum();
    }

    /** An adapter's base model (its lineage's) must be a version in this registry: external ids go in model_info. */
    private void requireBase(String adapter, String base) {
        try {
            resolver.resolve(base);
        } catch (ModelNotFoundException | VersionNotFoundException
                 | InvalidReferenceException e) {
            throw new ValidationException("adapter %s names base model '%s', which is not in "
                    + "this registry (%s); an external base (a hub id) belongs in model_info.base_model", adapter, base,
                    e.getMessage());
        }
    }

    /** A model's versions share one kind, fixed by its first: another kind is refused. */
    /** What the version allocator needs of the numbers taken: the highest, found in O(log n). */
    private static List<String> highestTaken(ModelState state) {
        String highest = state.highestTaken();
        return highest == null ? List.of() : List.of(highest);
    }

    private static void requireModelKind(ModelState state, Kind kind) {
        Kind asked = kind == null ? Kind.MODEL : kind;
        ModelVersion existing = state.anyVersion(); // they share one kind: one of them tells it
        if (existing != null) {
            Kind fixed = existing.kind() == null ? Kind.MODEL : existing.kind();
            if (fixed != asked) {
                throw new ValidationException("model '%s' holds versions of kind %s (fixed by "
                        + "its first version): a version of kind %s cannot be registered into it; use another name",
                        state.name(), fixed, asked);
            }
        }
    }

    /** The kind asked for, else ADAPTER when the files hold an adapter configuration. */
    private static Kind kindOf(Registration r, ArtifactIngest.Ingested ingested) {
        return r.kind() != null ? r.kind() : ingested.adapter() ? Kind.ADAPTER : null;
    }

    /** The training information given, with an adapter's method configuration from its files when none was given. */
    private static TrainingInfo trainingInfoOf(Registration r, ArtifactIngest.Ingested ingested) {
        TrainingInfo given = r.trainingInfo();
        if (ingested.methodConfig().isEmpty() || (given != null && !given.methodConfig().isEmpty())) {
            return given;
        }
        TrainingInfo base = given == null ? TrainingInfo.empty() : given;
        return new TrainingInfo(base.datasets(), ingested.methodConfig(), base.hyperParameters(),
                base.epochs(), base.batchSize(), base.learningRate(), base.steps(), base.duration(), base.gpuHours(),
                base.cost(), base.hardware());
    }

    /** Thrown inside a HASH-strategy proposal when identical content is registered already. */
    private static final class SameContent extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ModelVersion existing;
        private final String version;
        private final transient ModelState state;

        SameContent(String version, ModelState state) {
            super(null, null, false, false);
            this.existing = state.version(version).orElse(null);
            this.version = version;
            this.state = state;
        }
    }

    /** Just before the commit: every blob must be there (a collection may have removed one before the pin held). */
    private void ensureBlobsPresent(List<SourceFile> files, ArtifactIngest.Ingested ingested) {
        Map<String, SourceFile> byPath = new HashMap<>();
        files.forEach(f -> byPath.put(f.path(), f));
        Parallel.forEach(ingested.manifest().files(), concurrency, f -> {
            if (!blobs.exists(f)) {
                LOG.warn("blob of {} vanished before commit (garbage collection); storing it again", f.path());
                BlobStore.StoredBlob again = blobs.store(byPath.get(f.path()), false);
                if (!again.sha256().equals(f.sha256())) {
                    throw new InvalidArtifactException("artifact '%s' changed while it was being registered", f.path());
                }
            }
        });
    }

    private static VersionConflictException versionTaken(String name, String version, ModelState state) {
        String existing = state.takenAs(version);
        String as = existing == null || existing.equals(version) ? ""
                : " as " + existing + " (build metadata does not make a distinct version)";
        boolean live = state.version(version).isPresent();
        return new VersionConflictException("version %s of model '%s' %s%s; versions are never reused", version, name,
                live ? "already exists" : "was deleted", as);
    }
}
