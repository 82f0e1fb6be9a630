package io.jmreg.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Imports models into a registry (embedded or remote) from Hugging Face-compatible hubs and plain URLs: for a hub,
 * the revision is resolved to a commit, the files listed, each downloaded resumably and verified (SHA-256 of LFS
 * files, the git blob SHA-1 of the others), and only then is one version registered, its lineage pointing at the
 * source (and commit). Partial downloads live in the work directory, keyed by source (and commit), so an import
 * interrupted by a crash or a kill continues where it stopped when run again. Every import leaves a
 * {@link DownloadRecord}.
 */
public final class ModelImporter {
    private static final Logger LOG = LoggerFactory.getLogger(ModelImporter.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ModelRegistry registry;
    private final Path work;

    /** Imports into {@code registry}, keeping partial downloads and records under {@code workDirectory}. */
    public ModelImporter(ModelRegistry registry, Path workDirectory) {
        if (registry == null || workDirectory == null) {
            throw new ValidationException("an importer needs a registry and a work directory");
        }
        this.registry = registry;
        this.work = workDirectory.toAbsolutePath();
    }

    /** What one import does, given a place for its files; returns what to register. */
    @FunctionalInterface
    private interface Fetch {
        Fetched run(Tally tally) throws IOException;
    }

    /** Counts of an import, kept for its record even when it fails. */
    private static final class Tally {
        final AtomicLong fetched = new AtomicLong();
        String commit;
        long total;
        int files;
    }

    /** Files fetched and verified in {@code directory}, and how to register them. */
    private record Fetched(Path directory, Path workDir, Registration.Builder registration) {
    }

    /**
     * Imports a Hugging Face-compatible hub repository at a revision and returns the version registered.
     *
     * @param progress told of the files as they are verified
     */
    public ModelVersion fromHub(HubImport request, TransferProgress progress) {
        String source = request.endpoint() + "/" + request.repo();
        return run(source, request.model(), request.version(), tally -> {
            SafeHttp http = new SafeHttp(request.endpoint(), request.token());
            HubClient hub = new HubClient(http, request.endpoint(), request.repo());
            String commit = hub.commit(request.revision());
            tally.commit = commit;
            List<HubClient.HubFile> files = new ArrayList<>();
            for (HubClient.HubFile f : hub.files(commit)) {
                if (Globs.selected(f.path(), request.include(), request.exclude())) {
                    files.add(f);
                }
            }
            if (files.isEmpty()) {
                throw new InvalidArtifactException("%s at %s has no file matching %s (excluding %s)", source, commit,
                        request.include().isEmpty() ? "anything" : request.include(), request.exclude());
            }
            tally.files = files.size();
            tally.total = files.stream().mapToLong(HubClient.HubFile::size).sum();
            progress.started(tally.files, tally.total);
            Path dir = work.resolve("hub").resolve(request.repo().replace('/', '~') + "@" + commit);
            Path filesDir = dir.resolve("files");
            ResumableDownload downloader = new ResumableDownload(http);
            for (HubClient.HubFile f : files) {
                Path target = inside(filesDir, f.path());
                if (Files.isRegularFile(target) && Files.size(target) == f.size()) {
                    progress.fileDone(f.path(), f.size()); // verified by an earlier attempt, moved into place
                    continue;
                }
                HubClient.FileHead head = hub.head(commit, f.path());
                if (head.commit() != null && !head.commit().equals(commit)) {
                    throw new RegistryException("%s answered %s for commit %s with commit %s", source, f.path(), commit,
                            head.commit());
                }
                tally.fetched.addAndGet(downloader.fetch(new ResumableDownload.Source(hub.resolveUri(commit, f.path()),
                        commit, head.etag(), f.size(), f.sha256(), f.sha256() == null ? f.gitOid() : null), target, n -> { }));
                progress.fileDone(f.path(), f.size());
            }
            Registration.Builder r = Registration.builder(request.model())
                    .lineage(provenance(source, Map.of("imported_revision", request.revision(), "imported_commit", commit)))
                    .custom("source", Map.of("hub", request.endpoint(), "repo", request.repo(), "revision",
                            request.revision(), "commit", commit));
            return new Fetched(filesDir, dir, r);
        });
    }

    /** Imports one file from a URL (resumable, checked against its SHA-256 when given). */
    public ModelVersion fromUrl(UrlImport request, TransferProgress progress) {
        return run(request.url(), request.model(), request.version(), tally -> {
            SafeHttp http = new SafeHttp(request.url(), request.token());
            URI uri = URI.create(request.url());
            var head = http.send("HEAD", uri, Map.of("Accept-Encoding", "identity"), true);
            SafeHttp.close(head);
            if (head.statusCode() >= 400) {
                throw new RegistryException("HEAD %s answered HTTP %d", uri, head.statusCode());
            }
            long size = head.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (size < 0) {
                LOG.warn("{} does not announce its size: a broken transfer starts over", uri);
            }
            tally.files = 1;
            tally.total = Math.max(size, 0);
            progress.started(1, Math.max(size, 0));
            Path dir = work.resolve("url").resolve(sha256(request.url()));
            Path filesDir = dir.resolve("files");
            tally.fetched.addAndGet(new ResumableDownload(http).fetch(new ResumableDownload.Source(uri, null,
                    head.headers().firstValue("ETag").orElse(null), size, request.sha256(), null),
                    inside(filesDir, request.fileName()), n -> { }));
            progress.fileDone(request.fileName(), Math.max(size, 0));
            Map<String, Object> src = new java.util.LinkedHashMap<>();
            src.put("url", request.url());
            if (request.sha256() != null) {
                src.put("sha256", request.sha256());
            }
            return new Fetched(filesDir, dir, Registration.builder(request.model()).lineage(provenance(request.url(),
                    Map.of())).custom("source", src));
        });
    }

    private ModelVersion run(String source, String model, String version, Fetch fetch) {
        String id = UUID.randomUUID().toString();
        Instant started = Instant.now();
        Tally tally = new Tally();
        try {
            long t0 = System.nanoTime();
            Fetched f = fetch.run(tally);
            long t1 = System.nanoTime();
            Registration.Builder r = f.registration().artifacts(f.directory()).consumeArtifacts();
            if (version != null) {
                r.version(version);
            } else {
                r.bump(Bump.MINOR);
            }
            ModelVersion v = registry.registerModel(r.build());
            deleteTree(f.workDir());
            record(new DownloadRecord(id, source, tally.commit, "completed", tally.fetched.get(), tally.total, tally.files,
                    null, started, Instant.now(), v.reference()));
            LOG.info("imported {} as {} ({} files, {} bytes, {} fetched now; fetched and verified in {} ms, registered "
                    + "in {} ms)", source, v.reference(), tally.files, tally.total, tally.fetched.get(), (t1 - t0) / 1_000_000,
                    (System.nanoTime() - t1) / 1_000_000);
            return v;
        } catch (IOException e) {
            record(new DownloadRecord(id, source, tally.commit, "failed", tally.fetched.get(), tally.total, tally.files,
                    e.toString(), started, Instant.now(), null));
            throw new RegistryException(e, "import of %s failed: %s (run it again to resume)", source, e.getMessage());
        } catch (RuntimeException e) {
            record(new DownloadRecord(id, source, tally.commit, "failed", tally.fetched.get(), tally.total, tally.files,
                    e.getMessage(), started, Instant.now(), null));
            throw e;
        }
    }

    private static Lineage provenance(String source, Map<String, String> more) {
        Map<String, String> env = new java.util.TreeMap<>(more);
        env.put("imported_from", source);
        return new Lineage(List.of(), List.of(), null, null, env, null, List.of());
    }

    private static Path inside(Path dir, String path) {
        Path target = dir.resolve(path).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new InvalidArtifactException("file path '%s' leaves the import directory", path);
        }
        return target;
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every import this work directory has seen, oldest first. */
    public List<DownloadRecord> downloads() {
        Path dir = work.resolve("records");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<DownloadRecord> out = new ArrayList<>();
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                out.add(JSON.readValue(p.toFile(), DownloadRecord.class));
            }
            out.sort(Comparator.comparing(DownloadRecord::started));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the download records in " + dir, e);
        }
    }

    private void record(DownloadRecord r) {
        try {
            Path dir = Files.createDirectories(work.resolve("records"));
            Path tmp = dir.resolve("." + r.id() + ".tmp");
            JSON.writeValue(tmp.toFile(), r);
            Files.move(tmp, dir.resolve(r.started().toEpochMilli() + "-" + r.id() + ".json"),
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write the download record of {}: {}", r.source(), e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dir, e.toString());
        }
    }
}
