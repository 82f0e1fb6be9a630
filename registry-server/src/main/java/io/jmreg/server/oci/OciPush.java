package io.jmreg.server.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Names;
import io.jmreg.api.Registration;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.OciNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * The push side: blob uploads (monolithic with {@code ?digest=}, or chunked with PATCH and a closing PUT) and
 * manifest PUT. A manifest PUT is a registration as the caller (so it needs {@code create}): a ModelPack or other
 * artifact manifest becomes a version whose files are its layers, named by their
 * {@code org.opencontainers.image.title}, with the version from the tag. A tag that is not a version is an alias: it
 * is set (needing {@code deploy}, like the API) on the version whose files the manifest lists. Container image
 * manifests, indexes and manifests with a subject are refused with a message saying why.
 */
final class OciPush {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MANIFEST = 4 << 20;
    private static final int MAX_CONFIG = 1 << 20;
    private static final Set<String> IMAGE_CONFIGS = OciNames.IMAGE_CONFIGS;
    private final BlobUploads uploads;

    OciPush(BlobUploads uploads) {
        this.uploads = uploads;
    }

    /** {@code POST /v2/<name>/blobs/uploads/}: a session, or the whole blob when {@code digest} is given. */
    void start(OciCall c) throws IOException {
        requireName(c.repository());
        String digest = c.query("digest");
        BlobUploads.Session s = uploads.open(c.principal(), c.repository());
        if (digest != null) {
            String hex = OciTags.hex(digest, 400, "DIGEST_INVALID");
            try {
                uploads.append(s, 0, Content.Source.asInputStream(c.request()));
            } catch (IOException | RuntimeException e) {
                uploads.cancel(s);
                throw e;
            }
            completed(c, uploads.complete(s, hex), hex);
            return;
        }
        c.header(HttpHeader.LOCATION.asString(), c.path("blobs/uploads/" + s.id));
        c.header("Docker-Upload-UUID", s.id);
        c.empty(202);
    }

    /** {@code PATCH /v2/<name>/blobs/uploads/<id>}: appends a chunk (at {@code Content-Range}'s start, if given). */
    void chunk(OciCall c) throws IOException {
        BlobUploads.Session s = uploads.session(c.reference(), c.principal(), c.repository());
        long start = -1;
        String range = c.header(HttpHeader.CONTENT_RANGE);
        if (range != null) {
            String r = range.startsWith("bytes ") ? range.substring(6) : range;
            try {
                start = Long.parseLong(r.substring(0, r.indexOf('-')).strip());
            } catch (RuntimeException e) {
                throw new OciError(400, "BLOB_UPLOAD_INVALID", "Content-Range must be '<start>-<end>', got '%s'", range);
            }
        }
        uploads.append(s, start, Content.Source.asInputStream(c.request()));
        progress(c, s);
        c.empty(202);
    }

    /** {@code GET /v2/<name>/blobs/uploads/<id>}: how much the session holds. */
    void status(OciCall c) throws IOException {
        progress(c, uploads.session(c.reference(), c.principal(), c.repository()));
        c.empty(204);
    }

    /** {@code PUT /v2/<name>/blobs/uploads/<id>?digest=...}: the last chunk, if any, and the digest check. */
    void finish(OciCall c) throws IOException {
        BlobUploads.Session s = uploads.session(c.reference(), c.principal(), c.repository());
        String digest = c.query("digest");
        if (digest == null) {
            throw new OciError(400, "DIGEST_INVALID", "closing an upload needs ?digest=sha256:<hex>");
        }
        String hex = OciTags.hex(digest, 400, "DIGEST_INVALID");
        if (c.request().getLength() != 0) {
            uploads.append(s, -1, Content.Source.asInputStream(c.request()));
        }
        completed(c, uploads.complete(s, hex), hex);
    }

    /** {@code DELETE /v2/<name>/blobs/uploads/<id>}. */
    void cancel(OciCall c) throws IOException {
        uploads.cancel(uploads.session(c.reference(), c.principal(), c.repository()));
        c.empty(204);
    }

    private static void progress(OciCall c, BlobUploads.Session s) {
        c.header(HttpHeader.LOCATION.asString(), c.path("blobs/uploads/" + s.id));
        c.header("Docker-Upload-UUID", s.id);
        c.header(HttpHeader.RANGE.asString(), "0-" + Math.max(0, s.size - 1));
    }

    private static void completed(OciCall c, Path blob, String hex) throws IOException {
        c.header(HttpHeader.LOCATION.asString(), c.path("blobs/sha256:" + hex));
        c.header("Docker-Content-Digest", "sha256:" + hex);
        c.empty(201);
    }

    /** {@code PUT /v2/<name>/manifests/<tag>}: a registration (version tag) or an alias (other tag). */
    void manifest(OciCall c) throws IOException {
        String name = requireName(c.repository());
        String tag = c.reference();
        if (OciTags.isDigest(tag)) {
            throw new OciError(400, "MANIFEST_INVALID", "push a model with a tag (its version, e.g. 1.0.0), not by "
                    + "digest: a registry version needs a version number");
        }
        if (!OciTags.TAG.matcher(tag).matches()) {
            throw new OciError(400, "MANIFEST_INVALID", "'%s' is not a tag (letters, digits, '_', '.', '-'; at most 128)",
                    tag);
        }
        JsonNode m = readManifest(c);
        List<Layer> layers = layers(m);
        String version = OciTags.version(tag);
        Optional<ModelVersion> same = sameFiles(c, name, layers, version);
        ModelVersion v;
        if (version == null) {
            ModelVersion target = same.orElseThrow(() -> new OciError(400, "MANIFEST_INVALID", "tag '%s' is not a "
                    + "version, so it would be an alias, but no version of '%s' has exactly these files: push the "
                    + "version first (tag = its version, e.g. 1.2.0), then this tag", tag, name));
            v = c.registry().setAlias(name, tag, target.version());
        } else if (same.isPresent()) {
            v = same.get(); // the same version pushed again: nothing changes
        } else if (exists(c, name + ":" + version)) {
            throw new OciError(409, "MANIFEST_INVALID", "%s:%s exists with other files, and a version never changes: "
                    + "push these files under a new version tag", name, version);
        } else {
            v = register(c, name, version, m, layers);
        }
        VersionArtifact a = VersionArtifacts.of(v);
        c.header(HttpHeader.LOCATION.asString(), c.path("manifests/" + a.manifest().digest()));
        c.header("Docker-Content-Digest", a.manifest().digest());
        c.empty(201);
    }

    /** One file of a pushed manifest. */
    private record Layer(String path, String sha256, long size) {
    }

    private JsonNode readManifest(OciCall c) throws IOException {
        if (c.request().getLength() > MAX_MANIFEST) {
            throw new OciError(413, "SIZE_INVALID", "a manifest may have at most %d bytes", MAX_MANIFEST);
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(c.request())) {
            body = in.readNBytes(MAX_MANIFEST + 1);
        }
        if (body.length > MAX_MANIFEST) {
            throw new OciError(413, "SIZE_INVALID", "a manifest may have at most %d bytes", MAX_MANIFEST);
        }
        JsonNode m;
        try {
            m = JSON.readTree(body);
        } catch (IOException e) {
            throw new OciError(400, "MANIFEST_INVALID", "the manifest is not JSON: %s", e.getMessage());
        }
        if (m == null || !m.isObject()) {
            throw new OciError(400, "MANIFEST_INVALID", "the manifest must be a JSON object");
        }
        String contentType = c.header(HttpHeader.CONTENT_TYPE);
        String mediaType = m.path("mediaType").asText(contentType == null ? "" : contentType);
        if (mediaType.contains("index") || mediaType.contains("manifest.list") || m.has("manifests")) {
            throw new OciError(400, "UNSUPPORTED", "an image index (%s) holds several manifests; push one model "
                    + "manifest per version", mediaType);
        }
        if (mediaType.startsWith("application/vnd.docker.")) {
            throw new OciError(400, "MANIFEST_INVALID", "a Docker image manifest (%s) is a container image, not a "
                    + "model: push an OCI artifact manifest (ModelPack: artifactType %s)", mediaType,
                    ModelPack.ARTIFACT_TYPE);
        }
        if (!mediaType.isEmpty() && !mediaType.equals(ModelPack.MANIFEST)) {
            throw new OciError(400, "MANIFEST_INVALID", "unsupported manifest media type '%s' (expected %s)", mediaType,
                    ModelPack.MANIFEST);
        }
        if (m.path("schemaVersion").asInt() != 2 || !m.path("config").isObject() || !m.path("layers").isArray()) {
            throw new OciError(400, "MANIFEST_INVALID", "an OCI manifest needs schemaVersion 2, a config and layers");
        }
        String configType = m.path("config").path("mediaType").asText();
        if (!m.hasNonNull("artifactType") && IMAGE_CONFIGS.contains(configType)) {
            throw new OciError(400, "MANIFEST_INVALID", "this is a container image manifest (config %s), not a "
                    + "model: push a ModelPack manifest (artifactType %s) or another artifact manifest whose layers "
                    + "carry %s annotations", configType, ModelPack.ARTIFACT_TYPE, ModelPack.TITLE);
        }
        if (m.has("subject")) {
            throw new OciError(400, "UNSUPPORTED", "manifests with a subject (signatures, attestations) cannot be "
                    + "pushed here; jmreg signs versions itself");
        }
        return m;
    }

    private static List<Layer> layers(JsonNode m) {
        List<Layer> out = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        int i = 0;
        for (JsonNode l : m.path("layers")) {
            i++;
            String type = l.path("mediaType").asText();
            String sha = OciTags.hex(l.path("digest").asText(), 400, "MANIFEST_INVALID");
            long size = l.path("size").asLong(-1);
            if (type.equals(ModelPack.EMPTY) && sha.equals(ModelPack.EMPTY_SHA256)) {
                continue; // a version without files
            }
            if (type.startsWith("application/vnd.oci.image.layer.") || type.startsWith("application/vnd.docker.image.")) {
                throw new OciError(400, "MANIFEST_INVALID", "layer %d is a container filesystem layer (%s), not a file: "
                        + "push model files as raw layers (e.g. %s)", i, type, ModelPack.WEIGHT);
            }
            String title = l.path("annotations").path(ModelPack.TITLE).asText(null);
            if (title == null || title.isEmpty()) {
                throw new OciError(400, "MANIFEST_INVALID", "layer %d (%s) has no %s annotation: it names the file", i,
                        l.path("digest").asText(), ModelPack.TITLE);
            }
            try {
                Names.requireArtifactPath(title);
            } catch (ValidationException e) {
                throw new OciError(400, "MANIFEST_INVALID", "layer %d's title is not a file path: %s", i, e.getMessage());
            }
            if (size < 0 || !paths.add(title)) {
                throw new OciError(400, "MANIFEST_INVALID", "layer %d: %s", i, size < 0 ? "size is missing"
                        : "another layer has the title '" + title + "'");
            }
            out.add(new Layer(title, sha, size));
        }
        return out;
    }

    /** The version (the tag's, if a version tag) whose files are exactly these layers. */
    private static Optional<ModelVersion> sameFiles(OciCall c, String name, List<Layer> layers, String version) {
        Map<String, String> wanted = new LinkedHashMap<>();
        layers.forEach(l -> wanted.put(l.path(), l.sha256()));
        List<ModelVersion> versions;
        try {
            versions = version == null ? c.registry().listVersions(name)
                    : List.of(c.registry().resolve(name + ":" + version));
        } catch (ModelNotFoundException | VersionNotFoundException e) {
            return Optional.empty();
        }
        return versions.stream().filter(v -> {
            Map<String, String> has = new LinkedHashMap<>();
            v.artifacts().files().forEach(f -> has.put(f.path(), f.sha256()));
            return has.equals(wanted);
        }).reduce((a, b) -> b); // the newest with these files
    }

    private static boolean exists(OciCall c, String reference) {
        try {
            c.registry().resolve(reference);
            return true;
        } catch (ModelNotFoundException | VersionNotFoundException e) {
            return false;
        }
    }

    private ModelVersion register(OciCall c, String name, String version, JsonNode m, List<Layer> layers)
            throws IOException {
        Path staging = uploads.staging();
        List<String> consumed = new ArrayList<>();
        try {
            for (Layer l : layers) {
                Path target = staging.resolve(l.path()).normalize();
                if (!target.startsWith(staging)) {
                    throw new OciError(400, "MANIFEST_INVALID", "title '%s' leaves the version's files", l.path());
                }
                Files.createDirectories(target.getParent());
                place(c, l, target);
                consumed.add(l.sha256());
            }
            Registration.Builder r = Registration.builder(name).version(version).artifacts(staging).consumeArtifacts();
            JsonNode config = config(c, m);
            if (config != null) {
                modelInfo(config).ifPresent(r::modelInfo);
                String description = config.path("descriptor").path("description").asText(null);
                if (description != null) {
                    r.description(description);
                }
            }
            ModelVersion v = c.registry().registerModel(r.build());
            for (String sha : consumed) {
                uploads.remove(c.principal(), sha);
            }
            return v;
        } finally {
            BlobUploads.deleteTree(staging);
        }
    }

    /** Puts a layer's bytes at {@code target}: the caller's pushed blob (linked), or a file of a version it may read. */
    private void place(OciCall c, Layer l, Path target) throws IOException {
        Optional<Path> pushed = uploads.blob(c.principal(), l.sha256());
        if (pushed.isPresent()) {
            if (Files.size(pushed.get()) != l.size()) {
                throw new OciError(400, "SIZE_INVALID", "layer '%s' says %d bytes, blob sha256:%s has %d", l.path(),
                        l.size(), l.sha256(), Files.size(pushed.get()));
            }
            try {
                Files.createLink(target, pushed.get());
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(pushed.get(), target);
            }
            return;
        }
        for (VersionArtifact a : existing(c)) {
            Optional<ArtifactFile> f = a.file(l.sha256());
            if (f.isPresent() && f.get().size() == l.size()) {
                try (InputStream in = c.registry().openArtifact(a.version().reference(), f.get().path())) {
                    Files.copy(in, target);
                }
                return;
            }
        }
        throw new OciError(400, "MANIFEST_BLOB_UNKNOWN", "blob sha256:%s of layer '%s' was not pushed", l.sha256(),
                l.path());
    }

    private static List<VersionArtifact> existing(OciCall c) {
        try {
            return OciPull.artifacts(c);
        } catch (OciError e) {
            return List.of();
        }
    }

    /** The manifest's ModelPack config, if it has one (it must have been pushed or be a version's). */
    private JsonNode config(OciCall c, JsonNode m) throws IOException {
        JsonNode d = m.path("config");
        if (!ModelPack.CONFIG.equals(d.path("mediaType").asText())) {
            return null;
        }
        String sha = OciTags.hex(d.path("digest").asText(), 400, "MANIFEST_INVALID");
        byte[] bytes = null;
        Optional<Path> pushed = uploads.blob(c.principal(), sha);
        if (pushed.isPresent() && Files.size(pushed.get()) <= MAX_CONFIG) {
            bytes = Files.readAllBytes(pushed.get());
        } else {
            for (VersionArtifact a : existing(c)) {
                if (a.config().sha256().equals(sha)) {
                    bytes = a.config().bytes();
                }
            }
        }
        if (bytes == null) {
            throw new OciError(400, "MANIFEST_BLOB_UNKNOWN", "config blob sha256:%s was not pushed", sha);
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new OciError(400, "MANIFEST_INVALID", "the ModelPack config is not JSON: %s", e.getMessage());
        }
    }

    /** What a ModelPack config says of the model: family, format, parameter count. */
    private static Optional<ModelInfo> modelInfo(JsonNode config) {
        String family = config.path("descriptor").path("family").asText(null);
        String format = config.path("config").path("format").asText(null);
        Long parameters = ModelPack.parameters(config.path("config").path("paramSize").asText(null));
        if (family == null && format == null && parameters == null) {
            return Optional.empty();
        }
        Architecture arch = family == null ? null : new Architecture(family, null, null, null, null, null);
        return Optional.of(new ModelInfo(null, null, parameters, null, arch, format, null, null, null, null, null));
    }

    private static String requireName(String name) {
        try {
            return Names.requireModelName(name);
        } catch (ValidationException e) {
            throw new OciError(400, "NAME_INVALID", "%s", e.getMessage());
        }
    }
}
