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
 * Imports models from a Hugging Face-compatible hub into a registry (embedded or remote): the revision is resolved
 * to a commit, the files listed, each downloaded resumably and verified (SHA-256 of LFS files, the git blob SHA-1 of
 * the others), and only then is one version registered, its lineage pointing at the hub, repository and commit.
 * Partial downloads live in the work directory, keyed by repository and commit, so an import interrupted by a crash
 * or a kill continues where it stopped when run again. Every import leaves a {@link DownloadRecord}.
 */
public final class HubImporter {
    private static final Logger LOG = LoggerFactory.getLogger(HubImporter.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final ModelRegistry registry;
    private final Path work;

    /** Imports into {@code registry}, keeping partial downloads and records under {@code workDirectory}. */
    public HubImporter(ModelRegistry registry, Path workDirectory) {
        if (registry == null || workDirectory == null) {
            throw new ValidationException("an importer needs a registry and a work directory");
        }
        this.registry = registry;
        this.work = workDirectory.toAbsolutePath();
    }

    /** Imports as {@code request} says and returns the version registered. */
    public ModelVersion importModel(HubImport request, TransferProgress progress) {
        String id = UUID.randomUUID().toString();
        Instant started = Instant.now();
        String source = request.endpoint() + "/" + request.repo();
        AtomicLong fetched = new AtomicLong();
        String commit = null;
        long total = 0;
        int count = 0;
        try {
            SafeHttp http = new SafeHttp(request.endpoint(), request.token());
            HubClient hub = new HubClient(http, request.endpoint(), request.repo());
            commit = hub.commit(request.revision());
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
            count = files.size();
            total = files.stream().mapToLong(HubClient.HubFile::size).sum();
            progress.started(count, total);
            Path dir = work.resolve("hub").resolve(request.repo().replace('/', '~') + "@" + commit);
            Path filesDir = dir.resolve("files");
            ResumableDownload downloader = new ResumableDownload(http);
            for (HubClient.HubFile f : files) {
                Path target = filesDir.resolve(f.path()).normalize();
                if (!target.startsWith(filesDir)) {
                    throw new InvalidArtifactException("hub file path '%s' leaves the import directory", f.path());
                }
                if (Files.isRegularFile(target) && Files.size(target) == f.size()) {
                    progress.fileDone(f.path(), f.size()); // verified by an earlier attempt, moved into place
                    continue;
                }
                HubClient.FileHead head = hub.head(commit, f.path());
                if (head.commit() != null && !head.commit().equals(commit)) {
                    throw new RegistryException("%s answered %s for commit %s with commit %s", source, f.path(), commit,
                            head.commit());
                }
                fetched.addAndGet(downloader.fetch(new ResumableDownload.Source(hub.resolveUri(commit, f.path()), commit,
                        head.etag(), f.size(), f.sha256(), f.sha256() == null ? f.gitOid() : null), target, n -> { }));
                progress.fileDone(f.path(), f.size());
            }
            Registration.Builder r = Registration.builder(request.model()).artifacts(filesDir).consumeArtifacts()
                    .lineage(new Lineage(List.of(), List.of(), null, null, Map.of("imported_from", source,
                            "imported_revision", request.revision(), "imported_commit", commit), null, List.of()))
                    .custom("source", Map.of("hub", request.endpoint(), "repo", request.repo(), "revision",
                            request.revision(), "commit", commit));
            if (request.version() != null) {
                r.version(request.version());
            } else {
                r.bump(Bump.MINOR);
            }
            ModelVersion v = registry.registerModel(r.build());
            deleteTree(dir);
            record(new DownloadRecord(id, source, commit, "completed", fetched.get(), total, count, null, started,
                    Instant.now(), v.reference()));
            LOG.info("imported {} at {} as {} ({} files, {} bytes, {} fetched now)", source, commit, v.reference(), count,
                    total, fetched.get());
            return v;
        } catch (IOException e) {
            record(new DownloadRecord(id, source, commit, "failed", fetched.get(), total, count, e.toString(), started,
                    Instant.now(), null));
            throw new RegistryException(e, "import of %s failed: %s (run it again to resume)", source, e.getMessage());
        } catch (RuntimeException e) {
            record(new DownloadRecord(id, source, commit, "failed", fetched.get(), total, count, e.getMessage(), started,
                    Instant.now(), null));
            throw e;
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
