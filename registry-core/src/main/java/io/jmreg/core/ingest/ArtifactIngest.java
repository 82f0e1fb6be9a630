package io.jmreg.core.ingest;

import io.jmreg.api.TransferProgress;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ArtifactManifest;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.core.blobs.BlobStore;
import io.jmreg.core.blobs.ByteMeter;
import io.jmreg.core.blobs.Parallel;
import io.jmreg.core.blobs.SourceFile;
import io.jmreg.core.formats.FormatInfo;
import io.jmreg.core.formats.FormatInspector;
import io.jmreg.core.formats.MediaTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/** Stores the files of a registration and describes them: the manifest, plus model_info read from headers. */
public final class ArtifactIngest {
    private ArtifactIngest() {
    }

    /**
     * The outcome.
     *
     * @param manifest the manifest of stored files
     * @param detected model_info read from weight file headers
     * @param reused   digests of blobs that were stored already
     */
    public record Ingested(ArtifactManifest manifest, ModelInfo detected, List<String> reused,
                           Map<String, Object> methodConfig) {
        /** Whether a file declared the version an adapter (a PEFT adapter configuration). */
        public boolean adapter() {
            return detected.fineTuningMethod() != null && detected.baseModel() != null;
        }
    }

    /** Files at least this large are stored one at a time: each already keeps two cores or the backend's parts busy. */
    private static final long LARGE = 8L << 20;

    /**
     * Stores every file: small ones {@code concurrency} at a time, large ones one after the other.
     *
     * @param knownSizes sizes of files the model already has: a file of such a size is hashed before writing
     * @param stored     told the digest of every blob as soon as it is stored or found (to pin it); thread-safe
     * @param progress   told of every file stored
     * @param consume    the files may become the blobs themselves (the caller hands them over)
     */
    public static Ingested ingest(BlobStore blobs, List<SourceFile> files, Set<Long> knownSizes,
                                  Consumer<String> stored, int concurrency,
                                  TransferProgress progress, boolean consume) {
        return ingest(blobs, files, knownSizes, Map.of(), stored, concurrency, progress, consume, Map.of());
    }

    /**
     * Stores every file as {@link #ingest(BlobStore, List, Set, java.util.function.Consumer, int,
     * io.jmreg.api.TransferProgress, boolean)} does; {@code knownChunkIndexes} maps content digests the model already
     * has to their chunk indexes, so that re-registered large content is hashed once (its chunks are not hashed again);
     * {@code digests} holds the SHA-256 of files the caller hashed as it wrote them (by artifact path), taken instead
     * of hashing them again when they are consumed.
     */
    public static Ingested ingest(BlobStore blobs, List<SourceFile> files, Set<Long> knownSizes,
                                  Map<String, String> knownChunkIndexes, Consumer<String> stored,
                                  int concurrency, TransferProgress progress, boolean consume,
                                  Map<String, String> digests) {
        FormatInfo[] infos = new FormatInfo[files.size()];
        BlobStore.StoredBlob[] stores = new BlobStore.StoredBlob[files.size()];
        List<Integer> small = new ArrayList<>();
        List<Integer> large = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            (files.get(i).size() >= LARGE ? large : small).add(i);
        }
        Parallel.Task<Integer> one = i -> {
            SourceFile f = files.get(i);
            infos[i] = FormatInspector.inspect(f.path(), f.file());
            stores[i] = ByteMeter.metered(n -> progress.bytes(f.path(), n),
                    () -> blobs.store(f, knownSizes.contains(f.size()), consume, digests.get(f.path()),
                            knownChunkIndexes::get));
            stored.accept(stores[i].sha256());
            if (stores[i].chunkIndex() != null) {
                stored.accept(stores[i].chunkIndex());
            }
            progress.fileDone(f.path(), f.size());
        };
        Parallel.forEach(small, concurrency, one);
        Parallel.forEach(large, 1, one);
        List<ArtifactFile> manifest = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        long tensors = 0;
        long params = 0;
        boolean weights = false;
        Set<String> dtypes = new TreeSet<>();
        Map<String, String> metadata = new TreeMap<>();
        Architecture architecture = null;
        String framework = null;
        FormatInfo.Declared schema = null;
        FormatInfo.Declared adapter = null;
        for (int i = 0; i < files.size(); i++) {
            SourceFile f = files.get(i);
            FormatInfo info = infos[i];
            BlobStore.StoredBlob blob = stores[i];
            if (!blob.written()) {
                reused.add(blob.sha256());
            }
            manifest.add(new ArtifactFile(f.path(), blob.size(), blob.sha256(), MediaTypes.of(f.path()), info.format(),
                    info.unsafe(), blob.chunkIndex()));
            if (info.tensorCount() != null) {
                weights = true;
                tensors += info.tensorCount();
                params += info.parameterCount() == null ? 0 : info.parameterCount();
                dtypes.addAll(info.dtypes());
                metadata.putAll(info.metadata());
                framework = framework == null ? info.format() : framework;
            }
            if (architecture == null) {
                architecture = info.architecture();
            }
            if (info.tensorCount() == null && info.format() != null) {
                metadata.putAll(info.metadata()); // ONNX, model and adapter configurations
            }
            if (schema == null && info.description().inputSchema() != null) {
                schema = info.description();
                framework = framework == null ? info.format() : framework;
            }
            if (adapter == null && info.description().fineTuningMethod() != null) {
                adapter = info.description();
            }
        }
        boolean described = weights || architecture != null || schema != null || adapter != null || !metadata.isEmpty();
        ModelInfo detected = described
                ? new ModelInfo(adapter == null ? null : adapter.baseModel(),
                        adapter == null ? null : adapter.fineTuningMethod(), weights ? params : null, null, architecture,
                        framework, schema == null ? null : schema.inputSchema(), schema == null ? null : schema.outputSchema(),
                        weights ? tensors : null, List.copyOf(dtypes), metadata)
                : ModelInfo.empty();
        return new Ingested(ArtifactManifest.of(manifest), detected, reused,
                adapter == null ? Map.of() : adapter.methodConfig());
    }
}
