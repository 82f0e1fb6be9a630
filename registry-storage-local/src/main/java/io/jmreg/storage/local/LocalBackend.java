package io.jmreg.storage.local;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.BoundedInputStream;
import io.jmreg.spi.EarlyVisibleWrites;
import io.jmreg.spi.FileAdoption;
import io.jmreg.spi.FileStaging;
import io.jmreg.spi.IncompleteUploads;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StagedWrites;
import io.jmreg.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store in a directory: key {@code a/b/c} is the file {@code <root>/a/b/c}. Every write goes to a temporary
 * file in {@code <root>/.tmp}, is fsynced, and is then placed atomically: {@code rename} for {@link #put},
 * {@code link()} for {@link #putIfAbsent} (which fails when the name exists, so exactly one of several racing
 * processes wins, NFS included, with no lock), followed by an fsync of the directory. A crash leaves either
 * nothing or the whole object, plus at most a temporary file, which the next open or garbage collection removes
 * (see {@link TemporaryFiles}).
 */
final class LocalBackend implements StorageBackend, StagedWrites, FileAdoption, FileStaging,
        IncompleteUploads, EarlyVisibleWrites {
    private static final Logger LOG = LoggerFactory.getLogger(LocalBackend.class);
    private static final String TMP = ".tmp";
    private static final int BUFFER = 1 << 20;
    /**
     * The largest write made visible before it is durable: a file of one extent, which ext4 and XFS make durable
     * whole (its size is committed after its data), so that a crash leaves it whole, empty or absent, never torn.
     */
    private static final int VISIBLE_FIRST_MAX_BYTES = 16 * 1024;

    /** Runs the announcements of {@link #putIfAbsent(String, byte[], Runnable)} beside the writes they precede. */
    private static final ExecutorService SIDE_WRITES =
            Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "jmreg-side-write");
                t.setDaemon(true);
                return t;
            });
    private final String uri;
    private final Path root;
    private final Path tmp;
    private final TemporaryFiles temps;

    LocalBackend(String uri, Path root) {
        this.uri = uri;
        this.root = root;
        this.tmp = root.resolve(TMP);
        try {
            Files.createDirectories(tmp);
            temps = new TemporaryFiles(tmp); // creates a file: the store must be writable
        } catch (IOException e) {
            throw new StorageException(e, "file store %s is not a writable directory: %s", root, e);
        }
        temps.sweep(Duration.ofHours(1));
    }

    /**
     * Removes temporary files left by writers that are gone (their process died: at any age) and any temporary file
     * untouched for longer than {@code olderThan}; the garbage collection calls it.
     */
    @Override
    public int abortIncompleteUploads(Duration olderThan) {
        return temps.sweep(olderThan);
    }

    @Override
    public void close() {
        temps.close();
    }

    @Override
    public String uri() {
        return uri;
    }

    private Path path(String key) {
        if (key.isEmpty() || key.startsWith("/") || key.endsWith("/") || key.contains("\\") || key.indexOf('\0') >= 0) {
            throw new StorageException("%s: invalid key '%s'", uri, key);
        }
        for (String segment : key.split("/")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equals(TMP)) {
                throw new StorageException("%s: invalid key '%s'", uri, key);
            }
        }
        return root.resolve(key);
    }

    @Override
    public InputStream get(String key) {
        return Channels.newInputStream(openForRead(key, 0));
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        return new BoundedInputStream(Channels.newInputStream(openForRead(key, offset)), length);
    }

    private FileChannel openForRead(String key, long offset) {
        try {
            FileChannel ch = FileChannel.open(path(key), StandardOpenOption.READ);
            try {
                return ch.position(offset);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new ObjectNotFoundException("%s: no object at key '%s'", uri, key);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read '%s': %s", uri, key, e);
        }
    }

    @Override
    public void put(String key, InputStream data, long length) {
        Path target = path(key); // refused before anything is written
        place(key, target, writeTemp(data, length, key));
    }

    /**
     * Renames the fsynced temporary file {@code temp} to {@code target}, the file of {@code key}, replacing it, and
     * syncs its directory.
     */
    private void place(String key, Path target, Path temp) {
        place(key, target, temp, true);
    }

    /** As above, the directory synced only when {@code syncDirectory} (an unsynced write syncs nothing). */
    private void place(String key, Path target, Path temp, boolean syncDirectory) {
        try {
            createParents(target);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (syncDirectory) {
                fsyncDirectory(target.getParent());
            }
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot write '%s': %s", uri, key, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * An empty object (a marker such as a catalog change hint, whose name is its content) is created in place: it
     * cannot be torn, so it needs no temporary file and no fsync of its own, only the directory's.
     */
    @Override
    public void putBytes(String key, byte[] data) {
        Path target = path(key); // refused before anything is written
        if (data.length > 0) {
            place(key, target, writeTempBytes(data, key)); // straight from the array: no stream, no copy buffer
            return;
        }
        try {
            createParents(target);
            Files.newByteChannel(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING).close();
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot write '%s': %s", uri, key, e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        if (Files.exists(path(key))) {
            return false;
        }
        return linkNew(key, data, null, false);
    }

    /**
     * Runs {@code beforeVisible} on another thread while the bytes are written to a temporary file and fsynced, then
     * links the file into place once both are done; when either fails nothing is placed.
     */
    @Override
    public boolean putIfAbsent(String key, byte[] data, Runnable beforeVisible) {
        return linkNew(key, data, beforeVisible, false);
    }

    /**
     * Writes the bytes to a temporary file (not synced) while {@code beforeVisible} (if any) runs on another thread,
     * links the file into place once both are done, then syncs the file and its directory: one journal commit makes
     * the bytes and the name durable together. A crash of the machine before the syncs return may leave the object
     * empty (see {@link EarlyVisibleWrites}). Larger objects are synced before they are linked, as any other write.
     */
    @Override
    public boolean putIfAbsentVisibleFirst(String key, byte[] data, Runnable beforeVisible) {
        return linkNew(key, data, beforeVisible, data.length <= VISIBLE_FIRST_MAX_BYTES);
    }

    /**
     * Writes the bytes to one temporary file (not synced, unless they are large), links it under every key that is
     * free, then syncs the file once and each linked name's directory, all at the same time (see {@link #syncAll}).
     */
    @Override
    public List<Boolean> putAllIfAbsentVisibleFirst(List<String> keys, byte[] data) {
        List<Path> targets = new ArrayList<>(keys.size());
        for (String key : keys) {
            targets.add(path(key)); // every key refused before anything is written
        }
        boolean visibleFirst = data.length <= VISIBLE_FIRST_MAX_BYTES;
        Path temp = writeTempBytes(data, keys.get(0), !visibleFirst);
        try {
            List<Boolean> created = new ArrayList<>(keys.size());
            Path linked = null;
            for (int i = 0; i < keys.size(); i++) {
                boolean made;
                try {
                    made = link(temp, targets.get(i), keys.get(i));
                } catch (StorageException e) {
                    if (linked == null) {
                        throw e; // nothing created
                    }
                    throw new OutcomeUnknownException(e, "%s, after creating others of the same write", e.getMessage());
                }
                created.add(made);
                if (made) {
                    linked = targets.get(i);
                }
            }
            if (linked == null) {
                return created;
            }
            try {
                syncAll(visibleFirst ? linked : null, targets, created);
            } catch (IOException e) {
                throw new OutcomeUnknownException(e, "%s: created %s and others but could not make them durable: %s",
                        uri, keys.get(created.indexOf(true)), e);
            }
            return created;
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Syncs {@code file} (when not null) and the directory of every created target, on as many threads at once: on a
     * journaling file system they then wait for the same journal commit and share its flush of the disk's cache,
     * where one after the other each sync of a name already committed would flush the cache again (measured on ext4:
     * a batch of eight entries took a millisecond less).
     */
    private static void syncAll(Path file, List<Path> targets, List<Boolean> created) throws IOException {
        List<Path> dirs = new ArrayList<>(); // the file, then the directories
        if (file != null) {
            dirs.add(file);
        }
        for (int i = 0; i < targets.size(); i++) {
            Path dir = targets.get(i).getParent();
            if (created.get(i) && !dirs.contains(dir)) {
                dirs.add(dir);
            }
        }
        List<Future<?>> others = new ArrayList<>(dirs.size());
        for (int i = 1; i < dirs.size(); i++) {
            Path dir = dirs.get(i);
            others.add(SIDE_WRITES.submit(() -> {
                fsyncDirectory(dir); // the same open and force(true) serve the file
                return null;
            }));
        }
        IOException failed = null;
        try {
            fsyncDirectory(dirs.get(0));
        } catch (IOException e) {
            failed = e;
        }
        for (Future<?> f : others) {
            try {
                awaitUninterruptibly(f);
            } catch (ExecutionException e) {
                if (failed == null) {
                    failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Waits for {@code f} to end, through interrupts (the interrupt is kept for the caller). */
    private static void awaitUninterruptibly(Future<?> f) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The one create-only write: the bytes to a temporary file (synced unless {@code visibleFirst}) while
     * {@code beforeVisible} (if any) runs on another thread, then linked into place once both are done (nothing is
     * placed when either fails), then made durable (with the file's own sync when {@code visibleFirst}).
     */
    private boolean linkNew(String key, byte[] data, Runnable beforeVisible, boolean visibleFirst) {
        Path target = path(key);
        Future<?> announced = beforeVisible == null ? null : SIDE_WRITES.submit(beforeVisible);
        Path temp = null;
        try {
            temp = writeTempBytes(data, key, !visibleFirst);
        } finally {
            if (announced != null) {
                awaitSideWrite(announced, temp);
            }
        }
        try {
            return linkIntoPlace(temp, target, key, visibleFirst);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * A temporary file (not synced) renamed into place, its directory not synced: the kernel writes it back in its
     * own time, outside the journal commits that other writers' syncs wait for.
     */
    @Override
    public void putUnsynced(String key, byte[] data) {
        Path target = path(key); // refused before anything is written
        place(key, target, writeTempBytes(data, key, false), false);
    }

    @Override
    public void sync(String key) {
        try {
            syncFileAndDirectory(path(key));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException("%s: no object at key '%s'", uri, key);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot sync '%s': %s", uri, key, e);
        }
    }

    private static void syncFileAndDirectory(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true); // on a journaling file system this commits the link too: the directory's sync is then quick
        }
        fsyncDirectory(file.getParent());
    }

    /** Waits for a side write; when it failed, deletes {@code temp} (if any) and rethrows its failure. */
    private static void awaitSideWrite(Future<?> side, Path temp) {
        try {
            awaitUninterruptibly(side); // an interrupted wait goes on: nothing is placed before the side write ends
        } catch (ExecutionException e) {
            if (temp != null) {
                deleteQuietly(temp);
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** A hard link to {@code file} becomes the object (after the file's bytes are synced); false across file systems. */
    @Override
    public boolean adopt(String key, Path file) {
        Path target = path(key);
        if (Files.exists(target)) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot sync '%s' before adopting it: %s", uri, file, e);
        }
        try {
            createParents(target);
            Files.createLink(target, file);
        } catch (FileAlreadyExistsException e) {
            return true;
        } catch (UnsupportedOperationException | FileSystemException e) {
            return false; // another file system (EXDEV) or no hard links: the caller copies
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot adopt '%s' as '%s': %s", uri, file, key, e);
        }
        try {
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw new OutcomeUnknownException(e, "%s: adopted '%s' but could not make it durable: %s", uri, key, e);
        }
        return true;
    }

    private boolean linkIntoPlace(Path temp, Path target, String key) {
        return linkIntoPlace(temp, target, key, false);
    }

    /**
     * Links the written {@code temp} into place as {@code target}, create-only, then syncs its directory, and the file
     * too when {@code syncFile} (its bytes were not synced before the link); false when the name existed.
     */
    private boolean linkIntoPlace(Path temp, Path target, String key, boolean syncFile) {
        if (!link(temp, target, key)) {
            return false;
        }
        try {
            if (syncFile) {
                syncFileAndDirectory(target);
            } else {
                fsyncDirectory(target.getParent());
            }
        } catch (IOException e) {
            // the name is in place but may not survive a crash: neither "written" nor "not written"
            throw new OutcomeUnknownException(e, "%s: created '%s' but could not make it durable: %s", uri, key, e);
        }
        return true;
    }

    /**
     * Links the written {@code temp} as {@code target}, create-only, syncing nothing; false when the name existed.
     *
     * @throws StorageException when the link failed otherwise: nothing was created
     */
    private boolean link(Path temp, Path target, String key) {
        try {
            createParents(target);
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException | UnsupportedOperationException e) {
            throw new StorageException(e, "%s: cannot create '%s' (the file system must support hard links): %s", uri, key, e);
        }
    }

    @Override
    public Optional<byte[]> getBytesIfExists(String key) {
        Path p = path(key);
        if (!Files.exists(p)) {
            return Optional.empty(); // the common miss (probing for the next log entry) without an exception
        }
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read '%s': %s", uri, key, e);
        }
    }

    @Override
    public Optional<byte[]> getBytesIfExists(String key, int maxBytes) {
        Path p = path(key);
        if (!Files.exists(p)) {
            return Optional.empty(); // the common miss without an exception, as above
        }
        try (InputStream in = Files.newInputStream(p)) {
            return Optional.of(StorageBackend.requireAtMost(uri, key, in.readNBytes(Math.addExact(maxBytes, 1)), maxBytes));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read '%s': %s", uri, key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            BasicFileAttributes a = Files.readAttributes(path(key), BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException | NotDirectoryException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot stat '%s': %s", uri, key, e);
        }
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        int slash = prefix.lastIndexOf('/');
        Path dir = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<ObjectInfo> result = new ArrayList<>();
        try {
            collect(dir, prefix, result);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot list '%s': %s", uri, prefix, e);
        }
        result.sort(Comparator.comparing(ObjectInfo::key));
        return result.stream();
    }

    /** Walks {@code dir}; entries that other processes delete meanwhile are skipped, not errors. */
    private void collect(Path dir, String prefix, List<ObjectInfo> into) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String key = key(p);
                if (key == null) {
                    continue;
                }
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException vanished) {
                    continue;
                }
                if (a.isDirectory()) {
                    if (prefix.startsWith(key + "/") || (key + "/").startsWith(prefix)) {
                        collect(p, prefix, into);
                    }
                } else if (a.isRegularFile() && key.startsWith(prefix)) {
                    into.add(new ObjectInfo(key, a.size(), a.lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException vanished) {
            // the directory itself is gone (or never existed): nothing below it
        }
    }

    @Override
    public List<String> listChildren(String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            return StorageBackend.super.listChildren(prefix);
        }
        Path dir = prefix.isEmpty() ? root : root.resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.equals(TMP) && (Files.isRegularFile(p) || hasFiles(p))) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot list '%s': %s", uri, prefix, e);
        }
        names.sort(null);
        return names;
    }

    private static boolean hasFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.anyMatch(Files::isRegularFile);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot delete '%s': %s", uri, key, e);
        }
    }

    @Override
    public void touch(String key) {
        try {
            Files.setLastModifiedTime(path(key), FileTime.from(Instant.now()));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException("%s: cannot touch missing key '%s'", uri, key);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot touch '%s': %s", uri, key, e);
        }
    }

    @Override
    public Staged stage(InputStream data) {
        return staged(writeTemp(data, -1, "(staged)"));
    }

    @Override
    public Staged stage(ReadableByteChannel data) {
        return staged(writeTemp("(staged)", -1, true, (ch, flusher) -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
            long total = 0;
            while (data.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    total += ch.write(buffer);
                }
                buffer.clear();
                flusher.written(total);
            }
            return total;
        }));
    }

    private Staged staged(Path temp) {
        long size;
        try {
            size = Files.size(temp);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new StorageException(e, "%s: staged file vanished: %s", uri, e);
        }
        return new Staged() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public boolean commit(String key) {
                return linkIntoPlace(temp, path(key), key);
            }

            @Override
            public void close() {
                deleteQuietly(temp);
            }
        };
    }

    /**
     * A new empty temporary file for the caller to fill; its commit fsyncs it and links it into place, as every other
     * write is placed (a crash before leaves a temporary file that the sweep removes).
     */
    @Override
    public StagedFile newStagedFile() {
        Path temp = temps.next();
        try {
            Files.createFile(temp);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot create a temporary file: %s", uri, e);
        }
        return new StagedFile() {
            @Override
            public Path path() {
                return temp;
            }

            @Override
            public boolean commit(String key) {
                Path target = LocalBackend.this.path(key);
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ch.force(true);
                } catch (IOException e) {
                    throw new StorageException(e, "%s: cannot sync the staged file of '%s': %s", uri, key, e);
                }
                return linkIntoPlace(temp, target, key);
            }

            @Override
            public void close() {
                deleteQuietly(temp);
            }
        };
    }

    /** Writes a small document to a new fsynced temporary file. */
    private Path writeTempBytes(byte[] data, String key) {
        return writeTempBytes(data, key, true);
    }

    /** Writes a small document to a new temporary file, fsynced when {@code sync}. */
    private Path writeTempBytes(byte[] data, String key, boolean sync) {
        return writeTemp(key, data.length, sync, (ch, flusher) -> {
            ByteBuffer wrap = ByteBuffer.wrap(data);
            while (wrap.hasRemaining()) {
                ch.write(wrap);
            }
            return data.length;
        });
    }

    /** Streams {@code data} into a new fsynced temporary file through a heap buffer (a stream reads into arrays). */
    private Path writeTemp(InputStream data, long length, String key) {
        return writeTemp(key, length, true, (ch, flusher) -> {
            // a buffer no larger than the data when its length is known (small documents are the common case)
            byte[] buffer = new byte[length >= 0 && length < BUFFER ? (int) Math.max(length, 1) : BUFFER];
            ByteBuffer wrap = ByteBuffer.wrap(buffer);
            long total = 0;
            int n;
            while ((n = data.readNBytes(buffer, 0, buffer.length)) > 0) {
                wrap.clear().limit(n);
                while (wrap.hasRemaining()) {
                    ch.write(wrap);
                }
                total += n;
                flusher.written(total);
            }
            return total;
        });
    }

    /** Fills an open temporary file; returns the bytes written. */
    @FunctionalInterface
    private interface Filler {
        long fill(FileChannel ch, BackgroundFlusher flusher) throws IOException;
    }

    /**
     * The one temporary-file writer: a new file in {@code .tmp}, filled (large writes flushed to disk in the background
     * as they go, so the final fsync has little left), length checked when known (>= 0), fsynced when {@code sync};
     * deleted on failure.
     */
    private Path writeTemp(String key, long length, boolean sync, Filler filler) {
        Path temp = temps.next();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            BackgroundFlusher flusher = new BackgroundFlusher(ch);
            long total;
            try {
                total = filler.fill(ch, flusher);
            } finally {
                flusher.await();
            }
            if (length >= 0 && total != length) {
                throw new StorageException("%s: '%s' was announced as %d bytes but the data had %d", uri, key, length, total);
            }
            if (sync) {
                ch.force(true);
            }
            return temp;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (e instanceof StorageException se) {
                throw se;
            }
            if (e instanceof AccessDeniedException) {
                throw new StorageException(e, "%s: permission denied writing '%s'", uri, key);
            }
            throw new StorageException(e, "%s: cannot write '%s': %s", uri, key, e);
        }
    }

    /** Creates missing parent directories of {@code target}, fsyncing each parent so the new names are durable. */
    private void createParents(Path target) throws IOException {
        Path parent = target.getParent();
        if (Files.isDirectory(parent)) {
            return;
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = parent; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.add(0, p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException raced) {
                continue;
            }
            fsyncDirectory(p.getParent());
        }
    }

    /**
     * Syncs {@code dir} after a change in it. Each writer syncs for itself: ext4's journal already commits concurrent
     * fsyncs together, and serialising them per directory in the process (one running, the others waiting to share
     * the next) measured 2-5x fewer synced changes per second with 8 threads.
     */
    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    private String key(Path p) {
        Path rel = root.relativize(p);
        if (rel.getNameCount() == 0 || rel.getName(0).toString().equals(TMP)) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (Path part : rel) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("could not delete {}: {}", p, e.toString());
        }
    }
}
