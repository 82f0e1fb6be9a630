package io.jmreg.remote;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The server's artifact downloads seen as a read-only blob store, so that the client's pull cache (verification,
 * snapshots, fingerprints) works exactly as for an embedded registry. A blob is fetched through the download URL of
 * a version that holds it (remembered when the version is pulled), as the principal of the view that pulled it, so
 * the server authorizes and audits every byte as that principal (two views pulling one file at once: either).
 */
final class RemoteBlobs implements StorageBackend {
    private static final String PREFIX = "blobs/sha256/";
    private final Http http;
    private final Map<String, Download> urls = new ConcurrentHashMap<>();
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();

    RemoteBlobs(Http http) {
        this.http = http;
    }

    /** Where a blob is downloaded, and by whom. */
    private record Download(String url, Http http) {
    }

    /** Remembers where the files of {@code v} are downloaded, by the view whose requests go through {@code view}. */
    void remember(ModelVersion v, Http view) {
        for (ArtifactFile f : v.artifacts().files()) {
            urls.put(f.sha256(), new Download(RemoteModelRegistry.versionPath(v.name(), v.version()) + "/artifacts/"
                    + Http.filePath(f.path()), view));
            sizes.put(f.sha256(), f.size());
        }
    }

    private Download url(String key) {
        String sha = key.startsWith(PREFIX) ? key.substring(key.lastIndexOf('/') + 1) : null;
        Download url = sha == null ? null : urls.get(sha);
        if (url == null) {
            throw new ObjectNotFoundException("%s: no download known for '%s'", http.base(), key);
        }
        return url;
    }

    @Override
    public String uri() {
        return http.base();
    }

    @Override
    public InputStream get(String key) {
        Download d = url(key);
        return d.http().open(d.url(), Map.of()).body();
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        long last = length == Long.MAX_VALUE ? -1 : offset + length - 1;
        Download d = url(key);
        var response = d.http().open(d.url(), Map.of("Range", "bytes=" + offset + "-" + (last < 0 ? "" : Long.toString(last))));
        if (response.statusCode() != 206 || !response.headers().firstValue("Content-Range").orElse("")
                .startsWith("bytes " + offset + "-")) {
            try {
                response.body().close();
            } catch (IOException ignored) {
                // refusing it anyway
            }
            throw new StorageException("%s answered a ranged read of '%s' from %d with HTTP %d "
                    + "and range %s", http.base(), key, offset, response.statusCode(),
                    response.headers().firstValue("Content-Range").orElse("none"));
        }
        return response.body();
    }

    @Override
    public Optional<byte[]> getBytesIfExists(String key) {
        return Optional.empty(); // only artifact files are served, never chunk indexes
    }

    @Override
    public void put(String key, InputStream data, long length) {
        throw new UnsupportedOperationException("the remote pull cache never writes to the server");
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        throw new UnsupportedOperationException("the remote pull cache never writes to the server");
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        String sha = key.substring(key.lastIndexOf('/') + 1);
        Long size = sizes.get(sha);
        return size == null ? Optional.empty() : Optional.of(new ObjectInfo(key, size, Instant.EPOCH));
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        return Stream.empty();
    }

    @Override
    public boolean delete(String key) {
        throw new UnsupportedOperationException("the remote pull cache never deletes on the server");
    }
}
