package io.jmreg.interop;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;

import java.net.URI;

/**
 * One file to import from a plain URL.
 *
 * @param url      an http(s) URL
 * @param model    the registry model to register into
 * @param version  the version; null: the next minor version
 * @param sha256   the expected SHA-256 (hex), checked before anything is registered; null: not checked
 * @param token    a bearer token for the URL's own origin, or null
 * @param fileName the file's name in the version; null: the URL's last path segment
 */
public record UrlImport(String url, String model, String version, String sha256, String token, String fileName) {
    /** Validates. */
    public UrlImport {
        URI u;
        try {
            u = URI.create(url == null ? "" : url);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("not a URL: '%s'", url);
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new ValidationException("import URL must be http(s)://host/..., got '%s'", url);
        }
        Names.requireModelName(model);
        if (sha256 != null && !sha256.matches("[0-9a-f]{64}")) {
            throw new ValidationException("expected sha256 must be 64 lower-case hex characters, got '%s'", sha256);
        }
        if (fileName == null) {
            String path = u.getPath() == null ? "" : u.getPath();
            fileName = path.substring(path.lastIndexOf('/') + 1);
        }
        if (fileName.isEmpty()) {
            throw new ValidationException("URL '%s' names no file: give a file name", url);
        }
        Names.requireArtifactPath(fileName);
    }

    /** Imports {@code url} into {@code model} as the next minor version, unchecked. */
    public static UrlImport of(String url, String model) {
        return new UrlImport(url, model, null, null, null, null);
    }

    /** The same import, checked against {@code expectedSha256}. */
    public UrlImport withSha256(String expectedSha256) {
        return new UrlImport(url, model, version, expectedSha256, token, fileName);
    }

    /** The same import registered as {@code v}. */
    public UrlImport asVersion(String v) {
        return new UrlImport(url, model, v, sha256, token, fileName);
    }
}
