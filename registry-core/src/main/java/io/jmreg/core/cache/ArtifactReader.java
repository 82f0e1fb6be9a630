package io.jmreg.core.cache;

import io.jmreg.api.Names;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.signing.VersionTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/** Reading artifacts: verified snapshots and copies, and streamed (ranged) files, through the local pull cache. */
public final class ArtifactReader {
    private final ReferenceResolver resolver;
    private final PullCache cache;
    private final VersionTrust trust;

    /** Reads through {@code cache} the versions {@code resolver} selects and {@code trust} accepts. */
    public ArtifactReader(ReferenceResolver resolver, PullCache cache, VersionTrust trust) {
        this.resolver = resolver;
        this.cache = cache;
        this.trust = trust;
    }

    /** The version's verified snapshot directory in the cache; files read from the store are counted in {@code ctx}. */
    public Path pull(OperationContext ctx, String reference, TransferProgress progress) {
        ModelVersion v = version(ctx, reference);
        return cache.snapshot(v, fetched(ctx), progress);
    }

    /** A verified copy of the version's files in {@code directory}. */
    public Path pull(OperationContext ctx, String reference, Path directory, TransferProgress progress) {
        if (directory == null) {
            throw new ValidationException("pull target directory must not be null");
        }
        ModelVersion v = version(ctx, reference);
        return cache.materialise(v, directory, fetched(ctx), progress);
    }

    /** {@code length} verified bytes of one file from {@code offset}. */
    public InputStream open(OperationContext ctx, String reference, String path, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new ValidationException("offset and length must not be negative (got %d, %d)", offset, length);
        }
        ModelVersion v = version(ctx, reference);
        ArtifactFile file = v.artifacts().file(Names.requireArtifactPath(path)).orElseThrow(() ->
                new InvalidArtifactException("%s has no artifact file '%s'", v.reference(), path));
        ctx.detail("path", file.path());
        return cache.open(file, offset, length, fetched(ctx));
    }

    /** Every file of the version, verified, written into {@code out} as one archive, file by file. */
    public void archive(OperationContext ctx, String reference, ArchiveFormat format,
                        OutputStream out) {
        if (format == null || out == null) {
            throw new ValidationException("archive format and output must not be null");
        }
        ModelVersion v = version(ctx, reference);
        ctx.detail("format", format.extension());
        try {
            ArchiveWriter archive = new ArchiveWriter(format, out, v.created().getEpochSecond());
            for (ArtifactFile file : v.artifacts().files()) {
                try (InputStream in = cache.open(file, 0, file.size(), fetched(ctx))) {
                    archive.add(file.path(), file.size(), in);
                }
            }
            archive.finish(); // only when whole: a failure leaves an archive without its end
        } catch (IOException e) {
            throw new RegistryException(e, "cannot write the %s archive of %s: %s",
                    format.extension(), v.reference(), e.getMessage());
        }
    }

    private ModelVersion version(OperationContext ctx, String reference) {
        ModelVersion v = trust.check(resolver.resolve(reference));
        ctx.target(v.reference());
        return v;
    }

    private static PullCache.Fetched fetched(OperationContext ctx) {
        return (file, bytes) -> ctx.downloaded(bytes);
    }

    /** Re-hashes and repairs the whole cache. */
    public CacheReport verifyCache() {
        return cache.verifyAll();
    }
}
