package io.jmreg.core.cache;

import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.StoreLayout;
import io.jmreg.core.artifacts.BlobStore;
import io.jmreg.spi.BoundedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The local pull cache, shared safely by several processes (HF-hub-like layout):
 * <pre>
 * blobs/&lt;sha256&gt;                                  verified bytes, written once, read-only
 * snapshots/&lt;name&gt;/&lt;version&gt;-&lt;digest16&gt;/&lt;path&gt;    hard links to blobs (verified copies where links fail)
 * tmp/                                            work in progress; moved into place atomically
 * </pre>
 * Every blob is verified against its SHA-256 while it is downloaded and only then moved into place, so a
 * corrupted store never yields bytes; a crash leaves at most a file in {@code tmp/}.
 */
public final class PullCache {
    private static final Logger LOG = LoggerFactory.getLogger(PullCache.class);
    private final Path root;
    private final BlobStore blobs;

    /** A cache at {@code root} filled from {@code blobs}. */
    public PullCache(Path root, BlobStore blobs) {
        this.root = root;
        this.blobs = blobs;
    }

    /** The verified local file of one artifact, downloading it if needed. */
    public Path blob(ArtifactFile file) {
        Path target = root.resolve("blobs").resolve(file.sha256());
        try {
            if (Files.isRegularFile(target) && Files.size(target) == file.size()) {
                return target;
            }
            Path tmp = tmpDir().resolve(UUID.randomUUID() + ".part");
            try {
                blobs.downloadVerified(file.path(), file.sha256(), file.size(), tmp);
                tmp.toFile().setReadOnly();
                Files.createDirectories(target.getParent());
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new RegistryException(e, "cannot place '%s' in the pull cache %s: %s", file.path(), root, e);
        }
    }

    /** A complete, verified snapshot directory of a version (built once, then reused). */
    public Path snapshot(ModelVersion v) {
        Path dir = root.resolve("snapshots").resolve(StoreLayout.encode(v.name()))
                .resolve(v.version() + "-" + v.artifacts().digest().substring(0, 16));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        try {
            Path building = tmpDir().resolve(UUID.randomUUID() + ".snapshot");
            Files.createDirectories(building);
            for (ArtifactFile f : v.artifacts().files()) {
                place(blob(f), building.resolve(f.path()), f);
            }
            Files.createDirectories(dir.getParent());
            try {
                Files.move(building, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // rename(2) onto a complete snapshot another process placed first: ENOTEMPTY/EEXIST; keep theirs
                if (!Files.isDirectory(dir)) {
                    throw e;
                }
                deleteTree(building);
            }
            return dir;
        } catch (IOException e) {
            throw new RegistryException(e, "cannot build snapshot of %s in %s: %s", v.reference(), root, e);
        }
    }

    /** Materialises a version's files into {@code directory}, replacing same-named files atomically. */
    public Path materialise(ModelVersion v, Path directory) {
        try {
            Files.createDirectories(directory);
            Path real = directory.toRealPath();
            for (ArtifactFile f : v.artifacts().files()) {
                Path target = real.resolve(f.path()).normalize();
                if (!target.startsWith(real)) {
                    throw new RegistryException("artifact path '%s' would leave %s", f.path(), real);
                }
                Files.createDirectories(target.getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
                try {
                    place(blob(f), tmp, f);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return directory;
        } catch (IOException e) {
            throw new RegistryException(e, "cannot pull %s into %s: %s", v.reference(), directory, e);
        }
    }

    /** Opens a verified artifact for reading from {@code offset}, at most {@code length} bytes. */
    public InputStream open(ArtifactFile file, long offset, long length) {
        Path local = blob(file);
        try {
            FileChannel ch = FileChannel.open(local, StandardOpenOption.READ);
            ch.position(Math.min(offset, file.size()));
            return new BoundedInputStream(Channels.newInputStream(ch), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void place(Path blob, Path target, ArtifactFile f) throws IOException {
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, blob);
        } catch (UnsupportedOperationException | FileSystemException e) {
            if (e instanceof FileAlreadyExistsException) {
                throw (FileAlreadyExistsException) e;
            }
            LOG.debug("hard link failed ({}); copying {}", e, f.path());
            Files.copy(blob, target, StandardCopyOption.REPLACE_EXISTING);
            if (Files.size(target) != f.size()) {
                throw new IOException("copy of " + f.path() + " is incomplete");
            }
        }
    }

    private Path tmpDir() throws IOException {
        return Files.createDirectories(root.resolve("tmp"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
