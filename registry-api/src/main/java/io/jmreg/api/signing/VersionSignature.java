package io.jmreg.api.signing;

import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ArtifactManifest;

/**
 * An Ed25519 signature of a version by the key of the principal who registered it, over {@link #signedText}.
 *
 * @param keyId     id of the signing key ({@link SigningKeys#keyId})
 * @param signature the signature, base64
 */
public record VersionSignature(String keyId, String signature) {
    /** Validates. */
    public VersionSignature {
        if (keyId == null || !keyId.matches("[0-9a-f]{16}") || signature == null || signature.isBlank()) {
            throw new ValidationException("a version signature needs a 16-hex-digit key id and a signature");
        }
    }

    /**
     * The exact text signed: {@code jmreg-version-signature-v1}, the model name, the version and the manifest digest,
     * one per line.
     */
    public static String signedText(String name, String version, String manifestDigest) {
        return "jmreg-version-signature-v1\n" + name + "\n" + version + "\n" + manifestDigest + "\n";
    }

    /**
     * The exact text signed for a version with these artifacts: {@link #signedText(String, String, String)} of the
     * manifest digest, followed by a line {@code chunks <path> <chunk index digest>} for every file that has a chunk
     * index (so that ranged reads verified by chunks are covered by the signature too).
     */
    public static String signedText(String name, String version, ArtifactManifest artifacts) {
        StringBuilder text = new StringBuilder(signedText(name, version, artifacts.digest()));
        for (ArtifactFile f : artifacts.files()) {
            if (f.chunkIndex() != null) {
                text.append("chunks ").append(f.path()).append(' ').append(f.chunkIndex()).append('\n');
            }
        }
        return text.toString();
    }
}
