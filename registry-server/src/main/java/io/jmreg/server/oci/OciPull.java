package io.jmreg.server.oci;

import io.jmreg.server.http.ByteRange;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The pull side: manifests by tag or digest, blobs with {@code Range}, the tag list with {@code n}/{@code last}
 * paging and {@code Link}, and referrers. Every read is a registry call as the caller (resolve, list versions,
 * aliases, open artifact), so the registry authorizes it and audits what it audits (every download of file bytes).
 */
final class OciPull {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BUFFER = 512 * 1024;
    private final BlobUploads uploads;

    OciPull(BlobUploads uploads) {
        this.uploads = uploads;
    }

    /** {@code GET/HEAD /v2/<name>/manifests/<tag|digest>}. */
    void manifest(OciCall c) throws IOException {
        String ref = c.reference();
        VersionArtifact.Document doc;
        if (OciTags.isDigest(ref)) {
            String hex = OciTags.hex(ref, 404, "MANIFEST_UNKNOWN");
            doc = null;
            for (VersionArtifact a : artifacts(c)) {
                if (a.manifest().sha256().equals(hex)) {
                    doc = a.manifest();
                } else if (a.signature() != null && a.signature().sha256().equals(hex)) {
                    doc = a.signature();
                }
            }
            if (doc == null) {
                throw new OciError(404, "MANIFEST_UNKNOWN", "'%s' has no manifest %s", c.repository(), ref);
            }
        } else {
            doc = VersionArtifacts.of(resolveTag(c, ref)).manifest();
        }
        c.header("Docker-Content-Digest", doc.digest());
        c.header(HttpHeader.ETAG.asString(), "\"" + doc.digest() + "\"");
        c.send(200, ModelPack.MANIFEST, doc.bytes());
    }

    /** The version a tag names (a version, {@code latest}, or an alias), as the caller may read it. */
    static ModelVersion resolveTag(OciCall c, String tag) {
        if (!OciTags.TAG.matcher(tag).matches()) {
            throw new OciError(404, "MANIFEST_UNKNOWN", "'%s' is not a tag (letters, digits, '_', '.', '-'; at most 128)",
                    tag);
        }
        String version = OciTags.version(tag);
        try {
            if (version != null || tag.equals("latest")) { // 'latest' is never an alias: the newest visible version
                return c.registry().resolve(c.repository() + ":" + (version == null ? tag : version));
            }
            return c.registry().resolve(c.repository() + "@" + tag);
        } catch (VersionNotFoundException e) {
            throw new OciError(404, "MANIFEST_UNKNOWN", "'%s' has no tag '%s' (a version or alias)", c.repository(), tag);
        }
    }

    /** Every version of the repository the caller may read, as artifacts; NAME_UNKNOWN when there is no such model. */
    static List<VersionArtifact> artifacts(OciCall c) {
        return versions(c).stream().map(VersionArtifacts::of).toList();
    }

    /** Every version of the repository the caller may read; NAME_UNKNOWN when there is no such model. */
    static List<ModelVersion> versions(OciCall c) {
        try {
            return c.registry().listVersions(c.repository());
        } catch (ModelNotFoundException e) {
            throw new OciError(404, "NAME_UNKNOWN", "no repository '%s'", c.repository());
        }
    }

    /** {@code GET/HEAD /v2/<name>/blobs/<digest>}: a file's bytes straight from the store, a config, or a signature. */
    void blob(OciCall c) throws IOException {
        String hex = OciTags.hex(c.reference(), 404, "BLOB_UNKNOWN");
        c.header("Docker-Content-Digest", "sha256:" + hex);
        c.header(HttpHeader.ETAG.asString(), "\"sha256:" + hex + "\"");
        c.header(HttpHeader.CACHE_CONTROL.asString(), "private, max-age=31536000, immutable");
        if (hex.equals(ModelPack.EMPTY_SHA256)) {
            versions(c); // read access to the repository, like every other blob
            c.send(200, "application/octet-stream", ModelPack.EMPTY_BYTES);
            return;
        }
        Optional<Path> pushed = uploads.blob(c.principal(), hex); // the caller's own blob, pushed and not yet registered
        if (pushed.isPresent()) {
            c.response().setStatus(200);
            c.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            c.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, Files.size(pushed.get()));
            if (!c.head()) {
                try (OutputStream out = Content.Sink.asOutputStream(c.response())) {
                    Files.copy(pushed.get(), out);
                }
            }
            return;
        }
        List<ModelVersion> all;
        try {
            all = versions(c);
        } catch (OciError e) {
            throw new OciError(404, "BLOB_UNKNOWN", "no blob %s in '%s' (%s)", c.reference(), c.repository(), e.getMessage());
        }
        for (ModelVersion v : all) { // files first: found in the records, nothing built
            Optional<ArtifactFile> file = v.artifacts().files().stream().filter(f -> f.sha256().equals(hex)).findFirst();
            if (file.isPresent()) {
                stream(c, v, file.get());
                return;
            }
        }
        for (VersionArtifact a : all.stream().map(VersionArtifacts::of).toList()) {
            for (VersionArtifact.Document d : new VersionArtifact.Document[] {a.config(), a.manifest(), a.signature(),
                    a.signatureBlob()}) {
                if (d != null && d.sha256().equals(hex)) {
                    c.send(200, "application/octet-stream", d.bytes());
                    return;
                }
            }
        }
        throw new OciError(404, "BLOB_UNKNOWN", "no blob %s in '%s'", c.reference(), c.repository());
    }

    private void stream(OciCall c, ModelVersion v, ArtifactFile file) throws IOException {
        long size = file.size();
        long start = 0;
        long end = size;
        String range = c.header(HttpHeader.RANGE);
        boolean partial = false;
        if (range != null) {
            long[] r = ByteRange.parse(range, size);
            if (r != null && r.length == 0) {
                c.header(HttpHeader.CONTENT_RANGE.asString(), "bytes */" + size);
                throw new OciError(416, "BLOB_UNKNOWN", "range %s is outside the %d bytes of the blob", range, size);
            }
            if (r != null) {
                partial = true;
                start = r[0];
                end = r[1];
            }
        }
        c.header(HttpHeader.ACCEPT_RANGES.asString(), "bytes");
        c.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        c.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, end - start);
        if (partial) {
            c.header(HttpHeader.CONTENT_RANGE.asString(), "bytes " + start + "-" + (end - 1) + "/" + size);
        }
        c.response().setStatus(partial ? 206 : 200);
        if (c.head()) {
            return;
        }
        try (InputStream in = c.registry().openArtifact(v.reference(), file.path(), start, end - start);
             OutputStream out = Content.Sink.asOutputStream(c.response())) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    /** {@code GET /v2/<name>/tags/list}: versions and aliases in lexical order, {@code n} per page after {@code last}. */
    void tags(OciCall c) throws IOException {
        TreeSet<String> tags = new TreeSet<>();
        try {
            c.registry().listVersions(c.repository()).forEach(v -> tags.add(OciTags.ofVersion(v.version())));
            tags.addAll(c.registry().aliases(c.repository()).keySet());
        } catch (ModelNotFoundException e) {
            throw new OciError(404, "NAME_UNKNOWN", "no repository '%s'", c.repository());
        }
        String last = c.query("last");
        List<String> page = new ArrayList<>(last == null ? tags : tags.tailSet(last, false));
        String n = c.query("n");
        if (n != null) {
            int limit;
            try {
                limit = Integer.parseInt(n);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 0) {
                throw new OciError(400, "UNSUPPORTED", "n must be a non-negative integer, got '%s'", n);
            }
            if (page.size() > limit) {
                page = page.subList(0, limit);
                if (limit > 0) {
                    c.header(HttpHeader.LINK.asString(), "<" + c.path("tags/list") + "?n=" + limit + "&last="
                            + URLEncoder.encode(page.get(limit - 1), StandardCharsets.UTF_8) + ">; rel=\"next\"");
                }
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("name", c.repository());
        ArrayNode list = body.putArray("tags");
        page.forEach(list::add);
        c.send(200, "application/json", VersionArtifact.write(body));
    }

    /** {@code GET /v2/<name>/referrers/<digest>}: an image index of the manifests that refer to it (signatures). */
    void referrers(OciCall c) throws IOException {
        String hex = OciTags.hex(c.reference(), 400, "DIGEST_INVALID");
        String type = c.query("artifactType");
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", ModelPack.INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (VersionArtifact a : artifacts(c)) {
            if (a.manifest().sha256().equals(hex)) {
                a.referrers().stream().filter(d -> type == null || type.equals(d.path("artifactType").asText()))
                        .forEach(manifests::add);
            }
        }
        if (type != null) {
            c.header("OCI-Filters-Applied", "artifactType");
        }
        c.send(200, ModelPack.INDEX, VersionArtifact.write(index));
    }
}
