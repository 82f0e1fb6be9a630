package io.jmreg.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.VersionNotFoundException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub protocol: a revision resolved to a commit ({@code /api/models/{repo}/revision/{rev}}), the files of a
 * commit ({@code /api/models/{repo}/tree/{commit}?recursive=true}, paged by {@code Link: rel="next"}), and each
 * file's download address ({@code /{repo}/resolve/{commit}/{path}}, often a redirect to another origin). The hub's
 * {@code X-Error-Code} becomes a clear exception.
 */
final class HubClient {
    private static final ObjectMapper JSON = InteropJson.mapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private final SafeHttp http;
    private final String endpoint;
    private final String repo;

    /** A file of a commit: path, size, git blob SHA-1, and for LFS files their SHA-256. */
    record HubFile(String path, long size, String gitOid, String sha256) {
    }

    /** What a {@code HEAD} of a file's download address tells. */
    record FileHead(String etag, long size, String commit) {
    }

    HubClient(SafeHttp http, String endpoint, String repo) {
        this.http = http;
        this.endpoint = endpoint;
        this.repo = repo;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The commit {@code revision} names. */
    String commit(String revision) {
        JsonNode body = json(URI.create(endpoint + "/api/models/" + repo + "/revision/" + enc(revision)), revision);
        String sha = body.path("sha").asText("");
        if (!sha.matches("[0-9a-f]{40}")) {
            throw new StorageException("%s answered revision %s of %s without a commit id", endpoint, revision, repo);
        }
        return sha;
    }

    /** Every file of {@code commit}, following the pages. */
    List<HubFile> files(String commit) {
        List<HubFile> out = new ArrayList<>();
        URI next = URI.create(endpoint + "/api/models/" + repo + "/tree/" + commit + "?recursive=true");
        int pages = 0;
        while (next != null) {
            if (++pages > 10_000) {
                throw new StorageException("%s: the file list of %s has more than 10000 pages", endpoint, repo);
            }
            HttpResponse<InputStream> r = http.send("GET", next, Map.of("Accept", "application/json"), true);
            JsonNode page = read(r, next, commit);
            if (!page.isArray()) {
                throw new StorageException("%s: the file list of %s is not a JSON array", endpoint, repo);
            }
            for (JsonNode e : page) {
                if (!"file".equals(e.path("type").asText())) {
                    continue;
                }
                JsonNode lfs = e.path("lfs");
                String sha256 = lfs.isObject() ? lfs.path("oid").asText(lfs.path("sha256").asText(null)) : null;
                long size = lfs.isObject() ? lfs.path("size").asLong(e.path("size").asLong()) : e.path("size").asLong();
                out.add(new HubFile(e.path("path").asText(), size, e.path("oid").asText(null), sha256));
            }
            next = r.headers().firstValue("Link").map(link -> {
                Matcher m = NEXT.matcher(link);
                return m.find() ? URI.create(endpoint).resolve(m.group(1)) : null;
            }).orElse(null);
        }
        return out;
    }

    /** Where a file of {@code commit} is downloaded. */
    URI resolveUri(String commit, String path) {
        return URI.create(endpoint + "/" + repo + "/resolve/" + commit + "/" + LocalFiles.encodePath(path));
    }

    /** The file's ETag (the hub's linked ETag for LFS files), size and commit, from a {@code HEAD} of its address. */
    FileHead head(String commit, String path) {
        URI uri = resolveUri(commit, path);
        HttpResponse<InputStream> r = http.send("HEAD", uri, Map.of("Accept-Encoding", "identity"), false);
        SafeHttp.close(r);
        if (r.statusCode() >= 400) {
            throw error(r, uri, commit);
        }
        var h = r.headers();
        String etag = h.firstValue("X-Linked-Etag").or(() -> h.firstValue("ETag")).orElse(null);
        long size = h.firstValue("X-Linked-Size").or(() -> h.firstValue("Content-Length")).map(Long::parseLong).orElse(-1L);
        return new FileHead(etag, size, h.firstValue("X-Repo-Commit").orElse(null));
    }

    private JsonNode json(URI uri, String revision) {
        return read(http.send("GET", uri, Map.of("Accept", "application/json"), true), uri, revision);
    }

    private JsonNode read(HttpResponse<InputStream> r, URI uri, String revision) {
        try (InputStream in = r.body()) {
            if (r.statusCode() >= 400) {
                throw error(r, uri, revision);
            }
            return JSON.readTree(in.readNBytes(256 << 20));
        } catch (IOException e) {
            throw new StorageException(e, "cannot read %s: %s", uri, e.getMessage());
        }
    }

    private RuntimeException error(HttpResponse<?> r, URI uri, String revision) {
        String code = r.headers().firstValue("X-Error-Code").orElse("");
        String message = r.headers().firstValue("X-Error-Message").orElse("HTTP " + r.statusCode());
        switch (code) {
            case "RepoNotFound":
                return new ObjectNotFoundException("no repository '%s' on %s (RepoNotFound: %s)", repo, endpoint, message);
            case "RevisionNotFound":
                return new VersionNotFoundException("repository '%s' on %s has no revision '%s' (RevisionNotFound: %s)",
                        repo, endpoint, revision, message);
            case "EntryNotFound":
                return new ObjectNotFoundException("%s: no such file (EntryNotFound: %s)", uri, message);
            case "GatedRepo":
                return new AccessDeniedException("(token)", "read", repo + " on " + endpoint + " (GatedRepo: " + message + ")");
            default:
                if (r.statusCode() == 401 || r.statusCode() == 403) {
                    return new AccessDeniedException("(token)", "read", repo + " on " + endpoint + " (HTTP "
                            + r.statusCode() + ")");
                }
                if (r.statusCode() == 404) {
                    return new ObjectNotFoundException("%s: not found (HTTP 404)", uri);
                }
                return new RegistryException("%s answered HTTP %d: %s", uri, r.statusCode(), message);
        }
    }
}
