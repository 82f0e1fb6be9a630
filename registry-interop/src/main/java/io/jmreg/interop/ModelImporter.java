package io.jmreg.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final ObjectMapper JSON = InteropJson.mapper();
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
     * @param options its {@link TransferOptions#progress() progress} is told of the files as they are verified; an
     *                import takes no {@link TransferOptions#directory() directory} (its files go to the work
     *                directory, then into the registry): a {@link ValidationException}
     */
    public ModelVersion fromHub(HubImport request, TransferOptions options) {
        return fromHub(request, progressOf(options), r -> { });
    }

    /**
     * {@link #fromHub(HubImport, TransferOptions)} telling {@code progress}.
     *
     * @deprecated use {@code fromHub(request, TransferOptions.progress(progress))}
     */
    @Deprecated
    public ModelVersion fromHub(HubImport request, TransferProgress progress) {
        return fromHub(request, TransferOptions.progress(progress));
    }

    private ModelVersion fromHub(HubImport request, TransferProgress progress,
                                 Consumer<Registration.Builder> more) {
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
            Registration.Builder r = Registration.builder(request.model());
            for (HubClient.HubFile f : files) {
                if (f.sha256() != null) { // verified as it arrived (or before an earlier attempt moved it into place)
                    r.artifactDigest(f.path(), f.sha256());
                }
            }
            r.lineage(provenance(source, Map.of("imported_revision", request.revision(), "imported_commit", commit)))
                    .custom("source", Map.of("hub", request.endpoint(), "repo", request.repo(), "revision",
                            request.revision(), "commit", commit));
            more.accept(r);
            return new Fetched(filesDir, dir, r);
        });
    }

    /**
     * {@link #fromUrl(UrlImport, TransferOptions)} telling {@code progress}.
     *
     * @deprecated use {@code fromUrl(request, TransferOptions.progress(progress))}
     */
    @Deprecated
    public ModelVersion fromUrl(UrlImport request, TransferProgress progress) {
        return fromUrl(request, TransferOptions.progress(progress));
    }

    /**
     * Imports one file from a URL (resumable, checked against its SHA-256 when given).
     *
     * @param options its progress is told of the file once verified; no directory, as for {@link #fromHub}
     */
    public ModelVersion fromUrl(UrlImport request, TransferOptions options) {
        TransferProgress progress = progressOf(options);
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
            Path dir = work.resolve("url").resolve(LocalFiles.sha256(request.url().getBytes(StandardCharsets.UTF_8)));
            Path filesDir = dir.resolve("files");
            tally.fetched.addAndGet(new ResumableDownload(http).fetch(new ResumableDownload.Source(uri, null,
                    head.headers().firstValue("ETag").orElse(null), size, request.sha256(), null),
                    inside(filesDir, request.fileName()), n -> { }));
            progress.fileDone(request.fileName(), Math.max(size, 0));
            Map<String, Object> src = new LinkedHashMap<>();
            src.put("url", request.url());
            if (request.sha256() != null) {
                src.put("sha256", request.sha256());
            }
            Registration.Builder r = Registration.builder(request.model()).lineage(provenance(request.url(), Map.of()))
                    .custom("source", src);
            if (request.sha256() != null) { // the download was checked against it as it arrived
                r.artifactDigest(request.fileName(), request.sha256());
            }
            return new Fetched(filesDir, dir, r);
        });
    }

    /**
     * Imports a model from a local Hugging Face cache ({@code <cache>/models--org--name/refs}, {@code snapshots},
     * {@code blobs}) at a revision (a ref name or a commit). Every file is verified against its blob's name (a SHA-256,
     * or the git blob SHA-1 of a small file) and copied into the work directory: the cache stays the cache's.
     */
    public ModelVersion fromHfCache(Path cacheRoot, String repo, String revision, String model, String version) {
        HubImport request = new HubImport(repo, revision, "http://hf-cache.invalid", null, null, null, model, version);
        Path root = cacheRoot.toAbsolutePath().resolve("models--" + repo.replace("/", "--"));
        String source = "hf-cache:" + root;
        return run(source, model, version, tally -> {
            if (!Files.isDirectory(root)) {
                throw new ObjectNotFoundException("no %s in the Hugging Face cache %s", repo,
                        cacheRoot);
            }
            String rev = request.revision();
            String commit = rev.matches("[0-9a-f]{40}") ? rev : readRef(root, rev);
            tally.commit = commit;
            Path snapshot = root.resolve("snapshots").resolve(commit);
            if (!Files.isDirectory(snapshot)) {
                throw new VersionNotFoundException("the cache has no snapshot %s of %s", commit,
                        repo);
            }
            Path blobs = root.resolve("blobs").toRealPath();
            Path dir = work.resolve("hf-cache").resolve(UUID.randomUUID().toString());
            Path filesDir = dir.resolve("files");
            List<Path> entries;
            try (Stream<Path> walk = Files.walk(snapshot)) {
                entries = walk.filter(p -> !Files.isDirectory(p)).sorted().toList();
            }
            tally.files = entries.size();
            for (Path entry : entries) {
                String path = snapshot.relativize(entry).toString().replace('\\', '/');
                Path real = entry.toRealPath();
                if (!real.startsWith(blobs) && !real.startsWith(snapshot.toRealPath())) {
                    throw new InvalidArtifactException("%s in the cache points outside it (%s)", path, real);
                }
                String name = real.getFileName().toString();
                long size = Files.size(real);
                tally.total += size;
                String actualSha256 = LocalFiles.hex(real, "SHA-256", null);
                boolean ok = name.matches("[0-9a-f]{64}") ? name.equals(actualSha256)
                        : !name.matches("[0-9a-f]{40}") || name.equals(LocalFiles.hex(real, "SHA-1", "blob " + size + "\0"));
                if (!ok) {
                    throw new IntegrityException(root.relativize(entry).toString(), name,
                            actualSha256);
                }
                Path target = inside(filesDir, path);
                Files.createDirectories(target.getParent());
                Files.copy(real, target);
            }
            return new Fetched(filesDir, dir, Registration.builder(model).lineage(provenance(source,
                    Map.of("imported_revision", rev, "imported_commit", commit))).custom("source",
                    Map.of("hf_cache", root.toString(), "repo", repo, "commit", commit)));
        });
    }

    private static String readRef(Path root, String rev) throws IOException {
        Path ref = root.resolve("refs").resolve(rev).normalize();
        if (!ref.startsWith(root.resolve("refs")) || !Files.isRegularFile(ref)) {
            throw new VersionNotFoundException("the cache has no ref '%s' under %s", rev, root);
        }
        String commit = Files.readString(ref).strip();
        if (!commit.matches("[0-9a-f]{40}")) {
            throw new InvalidArtifactException("ref %s holds '%s', not a commit", ref, commit);
        }
        return commit;
    }

    /**
     * What a catalog seeding did.
     *
     * @param imported the versions registered
     * @param skipped  catalog entries already in the registry at the same commit
     */
    public record SeedReport(List<String> imported, List<String> skipped) {
    }

    /**
     * Initialises the registry from a catalog of external models, idempotently: a JSON file
     * {@code {"models": [{"id", "repo", "revision", "files": [globs], "tier", "type"}]}}. An entry whose model already
     * has a version imported from the same repository and commit is skipped.
     *
     * @param options its progress is told of each import's files; no directory, as for {@link #fromHub}
     */
    public SeedReport seed(Path catalog, String endpoint, TransferOptions options) {
        TransferProgress progress = progressOf(options);
        JsonNode root;
        try {
            root = JSON.readTree(catalog.toFile());
        } catch (IOException e) {
            throw new ValidationException("cannot read catalog %s: %s", catalog, e.getMessage());
        }
        if (!root.path("models").isArray()) {
            throw new ValidationException("catalog %s needs a \"models\" array", catalog);
        }
        List<String> imported = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (JsonNode m : root.path("models")) {
            String id = m.path("id").asText(null);
            String repo = m.path("repo").asText(null);
            if (id == null || repo == null) {
                throw new ValidationException("catalog entry %s needs \"id\" and \"repo\"", m);
            }
            List<String> files = new ArrayList<>();
            m.path("files").forEach(f -> files.add(f.asText()));
            HubImport request = new HubImport(repo, m.path("revision").asText(null), endpoint, null, files, List.of(), id,
                    null);
            String commit = new HubClient(new SafeHttp(request.endpoint(), request.token()), request.endpoint(), repo)
                    .commit(request.revision());
            if (alreadyImported(id, repo, commit)) {
                skipped.add(id + " (" + repo + "@" + commit.substring(0, 12) + ")");
                continue;
            }
            String tier = m.path("tier").asText(null);
            String type = m.path("type").asText(null);
            ModelVersion v = fromHub(request.at(commit), progress, r -> {
                if (tier != null) {
                    try {
                        r.tier(Tier.valueOf(tier.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new ValidationException("catalog entry %s: unknown tier '%s'", id, tier);
                    }
                }
                if (type != null) {
                    r.type(type);
                }
            });
            imported.add(v.reference());
        }
        return new SeedReport(imported, skipped);
    }

    /**
     * {@link #seed(Path, String, TransferOptions)} telling {@code progress}.
     *
     * @deprecated use {@code seed(catalog, endpoint, TransferOptions.progress(progress))}
     */
    @Deprecated
    public SeedReport seed(Path catalog, String endpoint, TransferProgress progress) {
        return seed(catalog, endpoint, TransferOptions.progress(progress));
    }

    /** The progress listener of an import's options, which take no target directory (as a registration's do not). */
    private static TransferProgress progressOf(TransferOptions options) {
        if (options == null) {
            throw new ValidationException("transfer options must not be null (TransferOptions.defaults() for none)");
        }
        if (options.directory() != null) {
            throw new ValidationException("an import registers what it fetched into its work directory; the transfer "
                    + "options' directory (%s) is for pulls", options.directory());
        }
        return options.progress();
    }

    private boolean alreadyImported(String model, String repo, String commit) {
        List<ModelVersion> versions;
        try {
            versions = registry.listVersions(model);
        } catch (ModelNotFoundException none) {
            return false;
        }
        return versions.stream().anyMatch(v -> v.custom().get("source") instanceof Map<?, ?> src
                && repo.equals(src.get("repo")) && commit.equals(src.get("commit")));
    }

    private ModelVersion run(String source, String model, String version, Fetch fetch) {
        String id = UUID.randomUUID().toString();
        Instant started = Instant.now();
        Tally tally = new Tally();
        long t0 = System.nanoTime();
        long fetchMillis = 0;
        try {
            Fetched f = fetch.run(tally);
            long t1 = System.nanoTime();
            fetchMillis = (t1 - t0) / 1_000_000;
            // the files were fetched or copied into the work directory: ours to hand over, no second copy
            Registration.Builder r = f.registration().artifacts(f.directory()).consumeArtifacts();
            if (version != null) {
                r.version(version);
            } else {
                r.bump(Bump.MINOR);
            }
            ModelVersion v = registry.registerModel(r.build());
            long registerMillis = (System.nanoTime() - t1) / 1_000_000;
            LocalFiles.deleteTree(f.workDir());
            record(new DownloadRecord(id, source, tally.commit, "completed", tally.fetched.get(), tally.total, tally.files,
                    null, started, Instant.now(), v.reference(), fetchMillis, registerMillis));
            LOG.info("imported {} as {} ({} files, {} bytes, {} fetched now; fetched and verified in {} ms, registered "
                    + "in {} ms)", source, v.reference(), tally.files, tally.total, tally.fetched.get(), fetchMillis,
                    registerMillis);
            return v;
        } catch (IOException e) {
            record(new DownloadRecord(id, source, tally.commit, "failed", tally.fetched.get(), tally.total, tally.files,
                    e.toString(), started, Instant.now(), null, (System.nanoTime() - t0) / 1_000_000, 0));
            throw new RegistryException(e, "import of %s failed: %s (run it again to resume)", source, e.getMessage());
        } catch (RuntimeException e) {
            record(new DownloadRecord(id, source, tally.commit, "failed", tally.fetched.get(), tally.total, tally.files,
                    e.getMessage(), started, Instant.now(), null, fetchMillis == 0 ? (System.nanoTime() - t0) / 1_000_000
                    : fetchMillis, fetchMillis == 0 ? 0 : (System.nanoTime() - t0) / 1_000_000 - fetchMillis));
            throw e;
        }
    }

    private static Lineage provenance(String source, Map<String, String> more) {
        Map<String, String> env = new TreeMap<>(more);
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
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write the download record of {}: {}", r.source(), e.toString());
        }
    }
}
