package io.jmreg.server.oci;

import io.jmreg.server.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Blobs pushed over the OCI API before a manifest registers them: an upload session appends chunks to one file
 * (hashed as the bytes arrive, so completing it needs no second read) and, when its digest checks out, becomes a
 * blob of the principal who pushed it ({@code <root>/blobs/<principal hash>/<sha256>}). Blobs are the pusher's
 * alone: no one else can register or read them. Each principal has a bounded number of open sessions and a bound
 * on the bytes of its sessions and blobs together (the server's largest upload); a session idle for an hour and a
 * blob left for a day are removed.
 */
final class BlobUploads {
    static final int MAX_SESSIONS = 32;
    private static final Duration ABANDONED = Duration.ofDays(1);
    private static final Duration IDLE = Duration.ofHours(1);
    private final Path root;
    private final long maxBytes;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** An upload in progress. */
    static final class Session {
        final String id;
        final String principal;
        final String repository;
        final Path file;
        MessageDigest digest;
        volatile Instant touched = Instant.now();
        long size;

        Session(String id, String principal, String repository, Path file) {
            this.id = id;
            this.principal = principal;
            this.repository = repository;
            this.file = file;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    BlobUploads(Path root, long maxBytes) throws IOException {
        this.root = Files.createDirectories(root);
        this.maxBytes = maxBytes;
        Files.createDirectories(root.resolve("sessions"));
        Files.createDirectories(root.resolve("blobs"));
        removeOld(root.resolve("sessions"));
        try (Stream<Path> owners = Files.list(root.resolve("blobs"))) {
            owners.forEach(this::removeOld);
        }
    }

    /** Opens an upload session for {@code principal} pushing to {@code repository}. */
    synchronized Session open(String principal, String repository) throws IOException {
        Instant idle = Instant.now().minus(IDLE);
        for (Session old : sessions.values()) {
            if (old.touched.isBefore(idle)) { // a client that went away mid-upload
                sessions.remove(old.id);
                Files.deleteIfExists(old.file);
            }
        }
        if (Files.isDirectory(owned(principal))) {
            removeOld(owned(principal));
        }
        long open = sessions.values().stream().filter(s -> s.principal.equals(principal)).count();
        if (open >= MAX_SESSIONS) {
            throw new OciError(429, "TOOMANYREQUESTS", "%s has %d blob uploads open already (at most %d): finish or "
                    + "cancel one first", principal, open, MAX_SESSIONS);
        }
        String id = UUID.randomUUID().toString();
        Path file = root.resolve("sessions").resolve(id);
        Files.createFile(file);
        Session s = new Session(id, principal, repository, file);
        sessions.put(id, s);
        return s;
    }

    /** The session {@code id} of {@code principal} on {@code repository}, or BLOB_UPLOAD_UNKNOWN. */
    Session session(String id, String principal, String repository) {
        Session s = sessions.get(id);
        if (s == null || !s.principal.equals(principal) || !s.repository.equals(repository)) {
            throw new OciError(404, "BLOB_UPLOAD_UNKNOWN", "no blob upload '%s' of yours on '%s'", id, repository);
        }
        return s;
    }

    /** Appends a chunk; a chunk that breaks off is cut away again, so the session stays at its last good size. */
    void append(Session s, long start, InputStream body) throws IOException {
        synchronized (s) {
            if (start >= 0 && start != s.size) {
                throw new OciError(416, "BLOB_UPLOAD_INVALID", "the chunk starts at %d, the upload has %d bytes", start,
                        s.size);
            }
            long before = s.size;
            MessageDigest rollback;
            try {
                rollback = (MessageDigest) s.digest.clone();
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
            long limit = maxBytes - (pendingBytes(s.principal) - s.size); // what the principal's other blobs leave
            boolean done = false;
            try (OutputStream out = Files.newOutputStream(s.file, StandardOpenOption.APPEND)) {
                byte[] buffer = new byte[256 * 1024];
                int n;
                while ((n = body.read(buffer)) > 0) {
                    if (s.size + n > limit) {
                        throw new OciError(413, "SIZE_INVALID", "%s's pushed blobs that no manifest registered yet may "
                                + "hold at most %d bytes in all", s.principal, maxBytes);
                    }
                    out.write(buffer, 0, n);
                    s.digest.update(buffer, 0, n);
                    s.size += n;
                    s.touched = Instant.now();
                }
                done = true;
            } finally {
                if (!done) {
                    try (var ch = FileChannel.open(s.file, StandardOpenOption.WRITE)) {
                        ch.truncate(before);
                    }
                    s.size = before;
                    s.digest = rollback;
                }
            }
        }
    }

    /** Bytes held for {@code principal}: open sessions and pushed blobs not yet registered. */
    private long pendingBytes(String principal) throws IOException {
        long total = sessions.values().stream().filter(x -> x.principal.equals(principal)).mapToLong(x -> x.size).sum();
        Path owned = owned(principal);
        if (Files.isDirectory(owned)) {
            try (Stream<Path> blobs = Files.list(owned)) {
                for (Path b : (Iterable<Path>) blobs::iterator) {
                    total += Files.size(b);
                }
            }
        }
        return total;
    }

    /** Completes a session: its bytes must hash to {@code sha256}; then it is a blob of its principal. */
    Path complete(Session s, String sha256) throws IOException {
        synchronized (s) {
            String actual = HexFormat.of().formatHex(s.digest.digest());
            sessions.remove(s.id);
            if (!actual.equals(sha256)) {
                Files.deleteIfExists(s.file);
                throw new OciError(400, "DIGEST_INVALID", "the upload's %d bytes have digest sha256:%s, not sha256:%s",
                        s.size, actual, sha256);
            }
            Path target = Files.createDirectories(owned(s.principal)).resolve(sha256);
            Files.move(s.file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }
    }

    /** Cancels a session. */
    void cancel(Session s) throws IOException {
        sessions.remove(s.id);
        Files.deleteIfExists(s.file);
    }

    /** A completed blob of {@code principal}, if there is one. */
    Optional<Path> blob(String principal, String sha256) {
        Path p = owned(principal).resolve(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** Removes a blob of {@code principal} (registered, so kept by the store now). */
    void remove(String principal, String sha256) throws IOException {
        Files.deleteIfExists(owned(principal).resolve(sha256));
    }

    /** A fresh directory for staging a registration's files. */
    Path staging() throws IOException {
        return Files.createDirectories(root.resolve("staging").resolve(UUID.randomUUID().toString()));
    }

    private Path owned(String principal) {
        return root.resolve("blobs").resolve(Tokens.hash(principal).substring(0, 32));
    }

    private void removeOld(Path dir) {
        Instant cutoff = Instant.now().minus(ABANDONED);
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant().isBefore(cutoff);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(BlobUploads::deleteTree);
        } catch (IOException e) {
            // nothing to clean
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: removed with the abandoned ones later
        }
    }
}
