package io.jmreg.api.model;

import io.jmreg.api.exceptions.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The files of a version, sorted by path, and the manifest digest that identifies the version's content:
 * SHA-256 over the lines {@code <sha256> <size> <path>\n} in path order.
 *
 * @param files  the files
 * @param digest the manifest digest (computed when null; checked when given)
 */
public record ArtifactManifest(List<ArtifactFile> files, String digest) {
    /** Sorts files, rejects duplicate paths and checks or computes the digest. */
    public ArtifactManifest {
        List<ArtifactFile> sorted = new ArrayList<>(files == null ? List.of() : files);
        sorted.sort(Comparator.comparing(ArtifactFile::path));
        var seen = new HashSet<String>();
        for (ArtifactFile f : sorted) {
            if (!seen.add(f.path())) {
                throw new ValidationException("duplicate artifact path: " + f.path());
            }
        }
        files = List.copyOf(sorted);
        String computed = digestOf(files);
        if (digest != null && !digest.equals(computed)) {
            throw new ValidationException("manifest digest " + digest + " does not match its files (" + computed + ")");
        }
        digest = computed;
    }

    /** A manifest of these files. */
    public static ArtifactManifest of(List<ArtifactFile> files) {
        return new ArtifactManifest(files, null);
    }

    /** The manifest of a version without artifacts. */
    public static ArtifactManifest empty() {
        return of(List.of());
    }

    /** Total bytes of all files. */
    public long totalSize() {
        return files.stream().mapToLong(ArtifactFile::size).sum();
    }

    /** The file at {@code path}, if any. */
    public Optional<ArtifactFile> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    private static String digestOf(List<ArtifactFile> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ArtifactFile f : files) {
                md.update((f.sha256() + " " + f.size() + " " + f.path() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
