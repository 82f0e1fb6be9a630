package io.jmreg.remote;

import io.jmreg.api.LineageTracker;
import io.jmreg.api.ModelReference;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.access.RegistryAccess;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.events.RegistryListener;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.events.WatchListener;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.lifecycle.Lifecycle;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ArtifactManifest;
import io.jmreg.api.model.CacheReport;
import io.jmreg.api.model.GcReport;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkOperations;
import io.jmreg.api.search.RegistrySearch;
import io.jmreg.api.webhooks.Webhooks;
import io.jmreg.core.blobs.BlobStore;
import io.jmreg.core.blobs.Parallel;
import io.jmreg.core.blobs.SourceFile;
import io.jmreg.core.cache.PullCache;
import io.jmreg.core.ingest.ArtifactScanner;
import io.jmreg.wire.Requests;
import io.jmreg.wire.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry API against a registry server: every call is one HTTP request, authorized and audited by the server
 * as the token's principal. Pulls and opens go through a local pull cache exactly like an embedded registry's, each
 * file verified against its SHA-256 before use; a small ranged read of a file not cached is a ranged request that the
 * server verifies by the file's chunk digests. Listeners hear the events of changes made through this client.
 */
final class RemoteModelRegistry implements ModelRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteModelRegistry.class);
    private final Http http;
    private final RegistryOptions options;
    private final RemoteBlobs blobs;
    private final PullCache cache;
    private final Listeners listeners;
    private final Watches watches;
    private final boolean owner;
    private final RemoteLifecycle lifecycle;

    private RemoteModelRegistry(Http http, RegistryOptions options, RemoteBlobs blobs, PullCache cache,
                                Listeners listeners, Watches watches, boolean owner) {
        this.owner = owner;
        this.http = http;
        this.options = options;
        this.blobs = blobs;
        this.cache = cache;
        this.listeners = listeners;
        this.watches = watches;
        this.lifecycle = new RemoteLifecycle(http, this::pageSize);
    }

    static RemoteModelRegistry open(RegistryOptions options) {
        URI uri;
        try {
            uri = URI.create(options.uri());
        } catch (IllegalArgumentException e) {
            throw new ValidationException("not a server URI: %s", options.uri());
        }
        if (uri.getHost() == null || (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new ValidationException("a server URI is scheme://host[:port], got '%s'", options.uri());
        }
        String token = options.properties().getOrDefault("token", System.getenv("REGISTRY_TOKEN"));
        if (token == null || token.isBlank()) {
            throw new ValidationException("a server needs a bearer token: set the REGISTRY_TOKEN environment variable "
                    + "or RegistryOptions property 'token' (the CLI: run 'jmreg login')");
        }
        Listeners listeners = new Listeners();
        Duration timeout = Duration.ofSeconds(Long.parseLong(options.properties().getOrDefault("timeout-seconds", "600")));
        Http http = new Http(Http.newClient(Duration.ofSeconds(10)), options.uri(), token.strip(), null, timeout,
                listeners::publish);
        RemoteBlobs blobs = new RemoteBlobs(http);
        PullCache cache = new PullCache(options.cacheDirectory(), new BlobStore(blobs), options.cacheVerification(),
                options.transferConcurrency());
        return new RemoteModelRegistry(http, options, blobs, cache, listeners, new Watches(), true);
    }

    /** The page size asked of the server's lists by default: its maximum. */
    static final int PAGE = 1000;

    /** The page size of list requests: property {@code page-size}, 1 to {@value #PAGE} (the server's maximum). */
    private int pageSize() {
        String text = options.properties().getOrDefault("page-size", Integer.toString(PAGE));
        try {
            int size = Integer.parseInt(text.strip());
            if (size >= 1 && size <= PAGE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ValidationException("property 'page-size' must be an integer from 1 to %d, got '%s'", PAGE, text);
    }

    static String modelPath(String name) {
        return "/api/v1/models/" + Http.seg(name);
    }

    static String versionPath(String name, String version) {
        return modelPath(name) + "/versions/" + Http.seg(version);
    }

    /** The path of the version a reference names exactly, or of its alias or range (resolved by the server). */
    static String refPath(String reference) {
        return versionPath(ModelReference.parse(reference).model(), selector(reference));
    }

    /** What follows the model name, as the server's {@code {version}} segment: a version or range, {@code @alias}. */
    static String selector(String reference) {
        String selector = reference.substring(ModelReference.parse(reference).model().length());
        return selector.isEmpty() ? "latest" : selector.startsWith(":") ? selector.substring(1) : selector;
    }

    @Override
    public ModelVersion registerModel(Registration registration) {
        return registerModel(registration, TransferOptions.defaults());
    }

    @Override
    public ModelVersion registerModel(Registration r, TransferOptions transfer) {
        if (r == null || transfer == null) {
            throw new ValidationException("registration and transfer options must not be null");
        }
        if (transfer.directory() != null) {
            throw new ValidationException("a registration takes its files from the Registration; the transfer "
                    + "options' directory (%s) is for pulls", transfer.directory());
        }
        TransferProgress progress = transfer.progress();
        List<SourceFile> files = r.artifacts() == null ? List.of() : ArtifactScanner.scan(r.artifacts());
        String upload = null;
        Registration bare = r.toBuilder().artifacts(null).build(); // the files travel as an upload
        try {
            if (r.artifacts() != null) {
                upload = http.<Requests.UploadCreated>send("POST", "/api/v1/uploads?model="
                        + URLEncoder.encode(r.name(), StandardCharsets.UTF_8), null,
                        Requests.UploadCreated.class).id();
                progress.started(files.size(), files.stream().mapToLong(SourceFile::size).sum());
                String id = upload;
                Parallel.forEach(files, Math.min(4, options.transferConcurrency()), f -> {
                    http.putFile("/api/v1/uploads/" + Http.seg(id) + "/files/" + Http.filePath(f.path()), f.file());
                    progress.fileDone(f.path(), f.size());
                });
            }
            ModelVersion v = http.send("POST", modelPath(r.name()) + "/versions", new Requests.Register(bare, upload),
                    ModelVersion.class);
            upload = null; // consumed by the server
            return v;
        } finally {
            if (upload != null) {
                try {
                    http.send("DELETE", "/api/v1/uploads/" + Http.seg(upload), null, null);
                } catch (RuntimeException e) {
                    LOG.debug("cannot remove upload {}: {}", upload, e.toString());
                }
            }
        }
    }

    @Override
    public List<String> listModels() {
        List<String> all = new ArrayList<>();
        String token = null;
        do { // the server pages its lists: follow next_page_token to the end
            Requests.ModelPage page = http.get("/api/v1/models" + Http.query("limit", pageSize(), "page_token", token),
                    Requests.ModelPage.class);
            all.addAll(page.models());
            token = page.nextPageToken();
        } while (token != null);
        return List.copyOf(all);
    }

    @Override
    public ModelSummary getModel(String name) {
        return http.get(modelPath(name), ModelSummary.class);
    }

    @Override
    public ModelSummary updateModelDescription(String name, String description) {
        return http.send("PUT", modelPath(name) + "/description", new Requests.Description(description),
                ModelSummary.class);
    }

    @Override
    public List<ModelVersion> listVersions(String name) {
        List<ModelVersion> all = new ArrayList<>();
        String token = null;
        do {
            Requests.VersionPage page = http.get(modelPath(name) + "/versions" + Http.query("limit", pageSize(),
                    "page_token", token), Requests.VersionPage.class);
            all.addAll(page.versions());
            token = page.nextPageToken();
        } while (token != null);
        return List.copyOf(all);
    }

    @Override
    public ModelVersion resolve(String reference) {
        return http.get("/api/v1/resolve" + Http.query("reference", reference), ModelVersion.class);
    }

    @Override
    public ModelVersion setAlias(String name, String alias, String version) {
        return http.send("PUT", modelPath(name) + "/aliases/" + Http.seg(alias), new Requests.SetAlias(version),
                ModelVersion.class);
    }

    @Override
    public void removeAlias(String name, String alias) {
        http.send("DELETE", modelPath(name) + "/aliases/" + Http.seg(alias), null, null);
    }

    @Override
    public Map<String, String> aliases(String name) {
        return http.get(modelPath(name) + "/aliases", WireJson.mapOf(String.class));
    }

    @Override
    public List<AliasChange> aliasHistory(String name, String alias) {
        return http.get(modelPath(name) + "/aliases/" + Http.seg(alias) + "/history", WireJson.listOf(AliasChange.class));
    }

    @Override
    public ModelVersion updateMetrics(String reference, Map<String, Double> metrics) {
        return http.send("POST", refPath(reference) + "/metrics", new Requests.Metrics(metrics), ModelVersion.class);
    }

    @Override
    public ModelVersion updateTags(String reference, Set<String> add, Set<String> remove) {
        return http.send("POST", refPath(reference) + "/tags", new Requests.Tags(add, remove), ModelVersion.class);
    }

    @Override
    public ModelVersion updateDescription(String reference, String description) {
        return http.send("PUT", refPath(reference) + "/description", new Requests.Description(description),
                ModelVersion.class);
    }

    @Override
    public void deleteVersion(String reference) {
        http.send("DELETE", refPath(reference), null, null);
    }

    /** The version with its files as the pull cache takes them (whole-file verification: no chunk indexes here). */
    private ModelVersion forCache(String reference) {
        ModelVersion v = resolve(reference);
        List<ArtifactFile> files = v.artifacts().files().stream().map(f -> new ArtifactFile(f.path(), f.size(),
                f.sha256(), f.mediaType(), f.format(), f.unsafe())).toList();
        ModelVersion plain = v.toBuilder().artifacts(ArtifactManifest.of(files)).build();
        blobs.remember(plain, http);
        return plain;
    }

    @Override
    public Path pull(String reference) {
        return pull(reference, TransferOptions.defaults());
    }

    @Override
    public Path pull(String reference, Path directory) {
        return pull(reference, TransferOptions.builder().directory(directory).build());
    }

    @Override
    public Path pull(String reference, TransferOptions transfer) {
        if (transfer == null) {
            throw new ValidationException("transfer options must not be null (TransferOptions.defaults())");
        }
        return transfer.directory() == null
                ? cache.snapshot(forCache(reference), PullCache.Fetched.NONE, transfer.progress())
                : cache.materialise(forCache(reference), transfer.directory(), PullCache.Fetched.NONE,
                        transfer.progress());
    }

    @Override
    public void writeArchive(String reference, ArchiveFormat format, OutputStream out) {
        if (format == null || out == null) {
            throw new ValidationException("archive format and output must not be null");
        }
        // the server verifies every file as it streams them and audits the archive as one download
        HttpResponse<InputStream> r = http.open(refPath(reference) + "/archive?format=" + format.extension(), Map.of());
        try (InputStream in = r.body()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new StorageException(e, "the %s archive of %s from %s broke off: %s",
                    format.extension(), reference, http.base(), e.getMessage());
        }
    }

    @Override
    public InputStream openArtifact(String reference, String path) {
        return openArtifact(reference, path, 0, Long.MAX_VALUE);
    }

    @Override
    public InputStream openArtifact(String reference, String path, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new ValidationException("offset and length must not be negative (got %d, %d)", offset, length);
        }
        ModelVersion v = forCache(reference);
        ArtifactFile file = v.artifacts().file(Names.requireArtifactPath(path)).orElseThrow(() ->
                new InvalidArtifactException("%s has no artifact file '%s'", v.reference(), path));
        long end = length >= file.size() - Math.min(offset, file.size()) ? file.size() : offset + length;
        boolean small = 2 * (end - Math.min(offset, file.size())) < file.size();
        if (small && !cache.isCached(file)) {
            // a small part of a large file: a ranged request, verified on the server by the file's chunk digests
            if (end <= offset) {
                return InputStream.nullInputStream();
            }
            HttpResponse<InputStream> r = http.open(versionPath(v.name(), v.version()) + "/artifacts/"
                    + Http.filePath(file.path()), Map.of("Range", "bytes=" + offset + "-" + (end - 1),
                    "If-Match", "\"" + file.sha256() + "\""));
            if (r.statusCode() != 206) {
                throw new StorageException("%s ignored the range of %s %s (HTTP %d)", http.base(),
                        v.reference(), path, r.statusCode());
            }
            return r.body();
        }
        return cache.open(file, offset, length, PullCache.Fetched.NONE);
    }

    @Override
    public CacheReport verifyCache() {
        return cache.verifyAll();
    }

    @Override
    public Lifecycle lifecycle() {
        return lifecycle;
    }

    @Override
    public Subscription addListener(RegistryListener listener) {
        if (listener == null) {
            throw new ValidationException("listener must not be null");
        }
        return listeners.add(listener, http);
    }

    @Override
    public LineageTracker lineage() {
        return new RemoteLineage(http);
    }

    @Override
    public RegistrySearch search() {
        return new RemoteSearch(http);
    }

    @Override
    public BulkOperations bulk() {
        return new RemoteSearch.Bulk(http);
    }

    @Override
    public RegistryAccess access() {
        return new RemoteAccess(http);
    }

    @Override
    public Subscription watch(String reference, Duration maxDelay, WatchListener listener) {
        if (listener == null || maxDelay == null || maxDelay.toMillis() < 10 || maxDelay.compareTo(Duration.ofDays(1)) > 0) {
            throw new ValidationException("watch needs a listener and a delay within 10 ms .. 1 day, got %s", maxDelay);
        }
        ModelReference.parse(reference);
        return watches.watch(() -> {
            try {
                return resolve(reference);
            } catch (ModelNotFoundException | VersionNotFoundException e) {
                return null;
            }
        }, maxDelay, listener);
    }

    @Override
    public AuditTrail audit() {
        return new RemoteAudit(http);
    }

    @Override
    public Webhooks webhooks() {
        return new RemoteWebhooks(http);
    }

    @Override
    public GcReport collectGarbage(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new ValidationException("gc grace period must be zero or positive");
        }
        return http.send("POST", "/api/v1/gc", new Requests.Gc(grace.toSeconds()), GcReport.class);
    }

    @Override
    public ModelRegistry as(String principal) {
        if (principal == null || principal.isBlank() || principal.length() > 256 || principal.chars().anyMatch(c -> c < 0x20)) {
            throw new ValidationException("principal must be 1..256 printable characters, got '%s'", principal);
        }
        return new RemoteModelRegistry(http.actingAs(principal), options, blobs, cache, listeners, watches, false);
    }

    @Override
    public String principal() {
        return http.actAs() != null ? http.actAs()
                : http.<Requests.Principal>get("/api/v1/whoami", Requests.Principal.class).principal();
    }

    @Override
    public String uri() {
        return options.uri();
    }

    @Override
    public void close() {
        if (owner) {
            watches.close(); // a view made with as() shares them: closing it does nothing, as embedded
        }
    }

    @Override
    public String toString() {
        return "ModelRegistry(" + http.base() + (http.actAs() == null ? "" : " as " + http.actAs()) + ")";
    }
}
