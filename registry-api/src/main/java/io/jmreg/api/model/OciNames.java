package io.jmreg.api.model;

import java.util.Set;

/**
 * The media types and annotation keys of the OCI image specification 1.1 and the CNCF ModelPack model specification
 * that jmreg writes and reads: one place for the bundle export and import and the server's OCI Distribution API.
 */
public final class OciNames {
    /** An image manifest (also the manifest of an artifact). */
    public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    /** An image index ({@code index.json} of a layout, a multi-manifest tag). */
    public static final String INDEX = "application/vnd.oci.image.index.v1+json";
    /** The empty JSON object {@code {}} that stands in for a missing config or layer. */
    public static final String EMPTY = "application/vnd.oci.empty.v1+json";
    /** Config media types of container images (OCI and Docker), which are not models. */
    public static final Set<String> IMAGE_CONFIGS = Set.of("application/vnd.oci.image.config.v1+json",
            "application/vnd.docker.container.image.v1+json");
    /** The artifact type of a CNCF ModelPack manifest. */
    public static final String MODELPACK_MANIFEST = "application/vnd.cncf.model.manifest.v1+json";
    /** The config media type of a CNCF ModelPack manifest. */
    public static final String MODELPACK_CONFIG = "application/vnd.cncf.model.config.v1+json";
    /** A ModelPack layer of weights, one raw file. */
    public static final String MODELPACK_WEIGHT = "application/vnd.cncf.model.weight.v1.raw";
    /** A ModelPack layer of weight configuration (config.json, tokenizer files), one raw file. */
    public static final String MODELPACK_WEIGHT_CONFIG = "application/vnd.cncf.model.weight.config.v1.raw";
    /** A ModelPack layer of documentation (README, LICENSE), one raw file. */
    public static final String MODELPACK_DOC = "application/vnd.cncf.model.doc.v1.raw";
    /** The pattern of ModelPack's raw file layer types, for messages. */
    public static final String MODELPACK_RAW_LAYERS = "application/vnd.cncf.model.*.v1.raw";
    /** Annotation: a layer's file name (its path in the version), as ORAS and jmreg write it. */
    public static final String TITLE = "org.opencontainers.image.title";
    /** Annotation: a ModelPack layer's file path. */
    public static final String MODELPACK_FILEPATH = "org.cncf.model.filepath";
    /** Annotation: the tag of a manifest in a layout's index. */
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** Annotation: creation time (RFC 3339). */
    public static final String CREATED = "org.opencontainers.image.created";
    /** Annotation: version of the packaged software. */
    public static final String VERSION = "org.opencontainers.image.version";
    /** Annotation: human-readable description. */
    public static final String DESCRIPTION = "org.opencontainers.image.description";

    private OciNames() {
    }
}
