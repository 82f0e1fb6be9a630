package io.jmreg.server.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A version as a CNCF ModelPack artifact: its manifest (one raw layer per file, titled with the file's path, typed
 * by the file's role), its config (name, version, family, format, parameter count, created time, the layers'
 * digests) and, for a signed version, a signature artifact that refers to the manifest. Built only from fields a
 * version never changes after registration, with a fixed key order and no whitespace, so the same version always
 * has the same manifest digest. The layers' digests are the store's own SHA-256 of each file: nothing is hashed.
 *
 * @param version   the version
 * @param manifest  the manifest's bytes
 * @param config    the config's bytes
 * @param signature the signature artifact's manifest, or null when the version is unsigned
 * @param signatureBlob its one layer (key id, signature and what was signed), or null
 */
record VersionArtifact(ModelVersion version, Document manifest, Document config, Document signature,
                       Document signatureBlob) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bytes and their digest. */
    record Document(byte[] bytes, String sha256) {
        static Document of(byte[] bytes) {
            try {
                return new Document(bytes, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        String digest() {
            return "sha256:" + sha256;
        }
    }

    /** The artifact of {@code v}. */
    static VersionArtifact of(ModelVersion v) {
        ArrayNode layers = JSON.createArrayNode();
        ArrayNode diffIds = JSON.createArrayNode();
        for (ArtifactFile f : v.artifacts().files()) {
            ObjectNode layer = descriptor(ModelPack.layerType(f.path(), f.format()), f.sha256(), f.size());
            layer.putObject("annotations").put(ModelPack.TITLE, f.path());
            layers.add(layer);
            diffIds.add("sha256:" + f.sha256());
        }
        if (layers.isEmpty()) { // a version without files: the image spec wants one layer, the empty descriptor
            layers.add(descriptor(ModelPack.EMPTY, ModelPack.EMPTY_SHA256, 2));
        }
        String created = DateTimeFormatter.ISO_INSTANT.format(v.created().truncatedTo(ChronoUnit.MILLIS));
        ObjectNode config = JSON.createObjectNode();
        ObjectNode descriptor = config.putObject("descriptor");
        descriptor.put("createdAt", created);
        if (v.modelInfo().architecture() != null && v.modelInfo().architecture().name() != null) {
            descriptor.put("family", v.modelInfo().architecture().name());
        }
        descriptor.put("name", v.name());
        descriptor.put("version", v.version());
        ObjectNode technical = config.putObject("config");
        format(v).ifPresent(f -> technical.put("format", f));
        if (v.modelInfo().totalParameters() != null) {
            technical.put("paramSize", ModelPack.paramSize(v.modelInfo().totalParameters()));
        }
        ObjectNode modelfs = config.putObject("modelfs");
        modelfs.put("type", "layers");
        modelfs.set("diff_ids", diffIds);
        Document configDoc = Document.of(write(config));

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", ModelPack.MANIFEST);
        manifest.put("artifactType", ModelPack.ARTIFACT_TYPE);
        manifest.set("config", descriptor(ModelPack.CONFIG, configDoc.sha256(), configDoc.bytes().length));
        manifest.set("layers", layers);
        ObjectNode annotations = manifest.putObject("annotations");
        annotations.put(ModelPack.CREATED, created);
        annotations.put(ModelPack.VERSION, v.version());
        annotations.put(ModelPack.REFERENCE, v.reference());
        Document manifestDoc = Document.of(write(manifest));

        if (v.signature() == null) {
            return new VersionArtifact(v, manifestDoc, configDoc, null, null);
        }
        ObjectNode signed = JSON.createObjectNode();
        signed.put("name", v.name());
        signed.put("version", v.version());
        signed.put("manifest_digest", v.artifacts().digest());
        signed.put("key_id", v.signature().keyId());
        signed.put("signature", v.signature().signature());
        Document blob = Document.of(write(signed));
        ObjectNode sig = JSON.createObjectNode();
        sig.put("schemaVersion", 2);
        sig.put("mediaType", ModelPack.MANIFEST);
        sig.put("artifactType", ModelPack.SIGNATURE);
        sig.set("config", descriptor(ModelPack.EMPTY, ModelPack.EMPTY_SHA256, 2));
        sig.putArray("layers").add(descriptor(ModelPack.SIGNATURE, blob.sha256(), blob.bytes().length));
        ObjectNode subject = descriptor(ModelPack.MANIFEST, manifestDoc.sha256(), manifestDoc.bytes().length);
        sig.set("subject", subject);
        sig.putObject("annotations").put(ModelPack.CREATED, created);
        return new VersionArtifact(v, manifestDoc, configDoc, Document.of(write(sig)), blob);
    }

    /** The model format: the first weight file's recognised format, else the record's framework. */
    private static Optional<String> format(ModelVersion v) {
        for (ArtifactFile f : v.artifacts().files()) {
            if (f.format() != null) {
                return Optional.of(f.format());
            }
        }
        return Optional.ofNullable(v.modelInfo().framework());
    }

    /** The file of this version whose content has {@code sha256}, if any. */
    Optional<ArtifactFile> file(String sha256) {
        return version.artifacts().files().stream().filter(f -> f.sha256().equals(sha256)).findFirst();
    }

    /** The referrers' descriptors of this version's manifest (its signature artifact, if signed). */
    List<ObjectNode> referrers() {
        List<ObjectNode> out = new ArrayList<>();
        if (signature != null) {
            ObjectNode d = descriptor(ModelPack.MANIFEST, signature.sha256(), signature.bytes().length);
            d.put("artifactType", ModelPack.SIGNATURE);
            out.add(d);
        }
        return out;
    }

    static ObjectNode descriptor(String mediaType, String sha256, long size) {
        ObjectNode d = JSON.createObjectNode();
        d.put("mediaType", mediaType);
        d.put("digest", "sha256:" + sha256);
        d.put("size", size);
        return d;
    }

    static byte[] write(Object node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
