package io.jmreg.storage.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Directory fsyncs shared by the writers of one process (group commit): a writer that has just created or renamed a
 * name in a directory returns once an fsync of that directory has <em>started after</em> its change and succeeded.
 * While one fsync runs, the writers arriving meanwhile wait for it and then share the next one, so that concurrent
 * commits into one directory (the catalog's change hints, the audit chain) cost one directory fsync per batch, not
 * one each. What is durable when is unchanged: every caller still returns after its name is on disk, and a failed
 * fsync is thrown to each writer whose change it was to cover (they try again themselves).
 */
final class DirectorySyncs {
    /** One fsync of a directory. */
    @FunctionalInterface
    interface Syncer {
        void fsync(Path dir) throws IOException;
    }

    private final ConcurrentHashMap<Path, Group> groups = new ConcurrentHashMap<>();
    private final Syncer syncer;

    /** Syncs through the file system. */
    DirectorySyncs() {
        this(DirectorySyncs::fsync);
    }

    /** Syncs through {@code syncer} (tests count and hold its calls). */
    DirectorySyncs(Syncer syncer) {
        this.syncer = syncer;
    }

    /** Returns once an fsync of {@code dir} that began after this call has succeeded. */
    void sync(Path dir) throws IOException {
        Group group = groups.computeIfAbsent(dir, d -> new Group());
        try {
            group.sync(dir, syncer);
        } finally {
            if (group.idle()) {
                groups.remove(dir, group); // a writer still holding it syncs through it correctly all the same
            }
        }
    }

    /** The fsync of one directory file, on its own. */
    static void fsync(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    /** The writers of one directory: tickets taken after their changes, and how far a finished fsync covers. */
    private static final class Group {
        private long requested;
        private long covered;
        private boolean running;

        void sync(Path dir, Syncer syncer) throws IOException {
            long upTo;
            synchronized (this) {
                long ticket = ++requested; // taken after the caller's change
                while (true) {
                    if (covered >= ticket) {
                        return; // an fsync that began after our change has succeeded
                    }
                    if (!running) {
                        break;
                    }
                    waitUninterruptibly();
                }
                running = true;
                upTo = requested; // every ticket so far was taken after its change: this fsync covers them all
            }
            IOException failure = null;
            RuntimeException unchecked = null;
            try {
                syncer.fsync(dir);
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                unchecked = e;
            }
            synchronized (this) {
                running = false;
                if (failure == null && unchecked == null) {
                    covered = Math.max(covered, upTo);
                }
                notifyAll(); // on failure the others are not covered: each leads an fsync of its own next
            }
            if (failure != null) {
                throw failure;
            }
            if (unchecked != null) {
                throw unchecked;
            }
        }

        synchronized boolean idle() {
            return !running && covered >= requested;
        }

        private void waitUninterruptibly() {
            boolean interrupted = false;
            while (true) {
                try {
                    wait();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // a write in flight is seen through: the caller learns its outcome
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
