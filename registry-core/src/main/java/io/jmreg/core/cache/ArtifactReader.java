package io.jmreg.core.cache;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.resolve.ReferenceResolver;

import java.io.InputStream;
import java.nio.file.Path;

/** Reading artifacts: verified snapshots and copies, and streamed (ranged) files, through the local pull cache. */
public final class ArtifactReader {
    private final ReferenceResolver resolver;
    private final PullCache cache;

    /** Reads through {@code cache} the versions {@code resolver} selects. */
    public ArtifactReader(ReferenceResolver resolver, PullCache cache) {
        this.resolver = resolver;
        this.cache = cache;
    }

    /** The version's verified snapshot directory in the cache. */
    public Path pull(String reference) {
        return cache.snapshot(resolver.resolve(reference));
    }

    /** A verified copy of the version's files in {@code directory}. */
    public Path pull(String reference, Path directory) {
        if (directory == null) {
            throw new ValidationException("pull target directory must not be null");
        }
        return cache.materialise(resolver.resolve(reference), directory);
    }

    /** {@code length} verified bytes of one file from {@code offset}. */
    public InputStream open(String reference, String path, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new ValidationException("offset and length must not be negative (got %d, %d)", offset, length);
        }
        ModelVersion v = resolver.resolve(reference);
        ArtifactFile file = v.artifacts().file(Names.requireArtifactPath(path)).orElseThrow(() ->
                new InvalidArtifactException("%s has no artifact file '%s'", v.reference(), path));
        return cache.open(file, offset, length);
    }

    /** Re-hashes and repairs the whole cache. */
    public CacheReport verifyCache() {
        return cache.verifyAll();
    }
}
