package io.jmreg.storage.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary files of one open store in {@code <root>/.tmp}, and the sweep of those that crashed writers left.
 * Each open store holds an exclusive lock on its own owner file {@code <owner>.owner} and names its temporary files
 * {@code <owner>.<uuid>.tmp}; the operating system releases the lock when the process dies (SIGKILL included). A sweep
 * deletes at any age the files of every owner whose lock it can take (its process is gone), and, as before, any
 * temporary file untouched for longer than the age given. Where locks are not supported (some network file systems)
 * only the age rule applies.
 */
final class TemporaryFiles {
    private static final Logger LOG = LoggerFactory.getLogger(TemporaryFiles.class);
    private static final String OWNER = ".owner";
    private static final String TEMP = ".tmp";
    /**
     * Owners held in this JVM: never opened by a sweep here, since closing any channel on a locked file releases
     * every lock this process holds on it.
     */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();
    private final Path dir;
    private final String owner = UUID.randomUUID().toString();
    /** Numbers this owner's temporary files (no shared random generator per write). */
    private final AtomicLong sequence = new AtomicLong();
    private FileChannel ownerChannel;

    /** Takes ownership of a new owner file in {@code dir}; fails when it cannot be created (a read-only store). */
    TemporaryFiles(Path dir) throws IOException {
        this.dir = dir;
        Path file = dir.resolve(owner + OWNER);
        // held here before the file exists: a sweep on another thread of this JVM that opened (and closed) it between
        // its creation and its lock would release the lock (POSIX locks are per process), and other processes'
        // sweeps would then take this live writer's temporary files for a dead one's
        HELD_HERE.add(owner);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(owner);
            throw e;
        }
        try {
            if (ch.tryLock() != null) {
                ownerChannel = ch;
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("no file locks in {} ({}): crashed writers' temporary files are swept by age only", dir,
                    e.toString());
        }
        HELD_HERE.remove(owner);
        ch.close();
        Files.deleteIfExists(file);
    }

    /** A new temporary file name (not created). */
    Path next() {
        return dir.resolve(owner + "." + Long.toString(sequence.incrementAndGet(), 36) + TEMP); // unique per owner
    }

    /**
     * Deletes the temporary files of owners that are gone (any age) and every temporary file untouched for
     * longer than {@code olderThan}; returns how many were deleted.
     */
    int sweep(Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int deleted = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.endsWith(OWNER)) {
                    deleted += sweepIfGone(name.substring(0, name.length() - OWNER.length()));
                } else {
                    deleted += deleteIfOlder(p, cutoff);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            LOG.debug("could not sweep {}: {}", dir, e.toString());
        }
        return deleted;
    }

    private static int deleteIfOlder(Path p, Instant cutoff) {
        try {
            if (Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p)) {
                return 1;
            }
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            LOG.debug("could not sweep {}: {}", p, e.toString());
        }
        return 0;
    }

    /** Deletes the files of {@code other} when its lock can be taken: the process that held it is gone. */
    private int sweepIfGone(String other) {
        if (HELD_HERE.contains(other)) {
            return 0;
        }
        Path ownerFile = dir.resolve(other + OWNER);
        try (FileChannel ch = FileChannel.open(ownerFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException alive) {
                return 0;
            }
            if (lock == null) {
                return 0; // its process is alive
            }
            int deleted = 0;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, other + ".*" + TEMP)) {
                for (Path p : files) {
                    if (Files.deleteIfExists(p)) {
                        deleted++;
                    }
                }
            }
            Files.deleteIfExists(ownerFile);
            if (deleted > 0) {
                LOG.info("removed {} temporary files of a writer that is gone ({})", deleted, other);
            }
            return deleted;
        } catch (NoSuchFileException gone) {
            return 0;
        } catch (IOException e) {
            LOG.debug("could not check owner {} in {}: {}", other, dir, e.toString());
            return 0;
        }
    }

    /** Releases this store's lock and removes its owner file (its temporary files are gone by then). */
    void close() {
        if (ownerChannel == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(owner + OWNER));
            ownerChannel.close();
            HELD_HERE.remove(owner);
        } catch (IOException e) {
            LOG.debug("could not release owner {} in {}: {}", owner, dir, e.toString());
        }
        ownerChannel = null;
    }
}
