package io.jmreg.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An OCI image layout written by hand, as the image-spec describes it: {@code oci-layout}, {@code blobs/sha256/<hex>}
 * and {@code index.json} whose manifests are descriptors ({@code mediaType}, {@code digest}, {@code size}, optional
 * {@code artifactType} and {@code annotations}). JSON is written as text, so tests can write what our exporter never
 * would.
 */
final class OciFixture {
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String EMPTY = "application/vnd.oci.empty.v1+json";
    final Path dir;
    private final List<String> index = new ArrayList<>();

    OciFixture(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir.resolve("blobs/sha256")).getParent().getParent();
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\": \"1.0.0\"}");
    }

    /** Stores a blob; returns its descriptor JSON with {@code mediaType} and, if not null, {@code extra} fields. */
    String blob(String mediaType, byte[] content, String extra) throws IOException {
        String hex = sha256(content);
        Files.write(dir.resolve("blobs/sha256").resolve(hex), content);
        return "{\"mediaType\": \"" + mediaType + "\", \"digest\": \"sha256:" + hex + "\", \"size\": " + content.length
                + (extra == null ? "" : ", " + extra) + "}";
    }

    String blob(String mediaType, String content, String extra) throws IOException {
        return blob(mediaType, content.getBytes(StandardCharsets.UTF_8), extra);
    }

    /** A file layer titled {@code title} (the {@code org.opencontainers.image.title} annotation). */
    String file(String mediaType, String title, String content) throws IOException {
        return blob(mediaType, content, "\"annotations\": {\"org.opencontainers.image.title\": \"" + title + "\"}");
    }

    /** An image manifest with {@code config} and {@code layers}, listed in the index with {@code indexExtra}. */
    String manifest(String artifactType, String config, List<String> layers, String annotations, String indexExtra)
            throws IOException {
        String m = "{\"schemaVersion\": 2, \"mediaType\": \"" + MANIFEST + "\""
                + (artifactType == null ? "" : ", \"artifactType\": \"" + artifactType + "\"")
                + ", \"config\": " + config + ", \"layers\": [" + String.join(", ", layers) + "]"
                + (annotations == null ? "" : ", \"annotations\": " + annotations) + "}";
        String d = blob(MANIFEST, m, indexExtra);
        index.add(d);
        return d;
    }

    /** The empty config of artifacts (image-spec 1.1: {@code {}} with {@code application/vnd.oci.empty.v1+json}). */
    String emptyConfig() throws IOException {
        return blob(EMPTY, "{}", null);
    }

    Path write() throws IOException {
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\": 2, \"mediaType\": "
                + "\"application/vnd.oci.image.index.v1+json\", \"manifests\": [" + String.join(", ", index) + "]}");
        return dir;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
