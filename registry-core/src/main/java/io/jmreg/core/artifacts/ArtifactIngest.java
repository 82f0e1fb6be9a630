package io.jmreg.core.artifacts;

import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ArtifactManifest;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ModelInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
    public record Ingested(ArtifactManifest manifest, ModelInfo detected, List<String> reused) {
    }

    /**
     * Stores every file.
     *
     * @param knownSizes sizes of files the model already has: a file of such a size is hashed before writing
     * @param stored     told the digest of every blob as soon as it is stored or found (to pin it)
     */
    public static Ingested ingest(BlobStore blobs, List<SourceFile> files, Set<Long> knownSizes,
                                  java.util.function.Consumer<String> stored) {
        List<ArtifactFile> manifest = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        long tensors = 0;
        long params = 0;
        boolean weights = false;
        Set<String> dtypes = new TreeSet<>();
        Map<String, String> metadata = new TreeMap<>();
        Architecture architecture = null;
        String framework = null;
        for (SourceFile f : files) {
            FormatInfo info = FormatInspector.inspect(f.path(), f.file());
            BlobStore.StoredBlob blob = blobs.store(f, knownSizes.contains(f.size()));
            stored.accept(blob.sha256());
            if (!blob.written()) {
                reused.add(blob.sha256());
            }
            manifest.add(new ArtifactFile(f.path(), blob.size(), blob.sha256(), MediaTypes.of(f.path()), info.format(),
                    info.unsafe()));
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
        }
        ModelInfo detected = weights
                ? new ModelInfo(null, null, params, null, architecture, framework, null, null, tensors,
                        List.copyOf(dtypes), metadata)
                : ModelInfo.empty();
        return new Ingested(ArtifactManifest.of(manifest), detected, reused);
    }
}
