package io.jmreg.server.oci;

import io.jmreg.api.Versions;

import java.util.regex.Pattern;

/**
 * Tags and the registry's references: a version is the tag of the same text with {@code +} (build metadata, not
 * allowed in an OCI tag) written as {@code _} (Helm's convention); {@code latest} is the newest visible version (no
 * alias has that name); any other tag is an alias.
 */
final class OciTags {
    /** The OCI Distribution tag grammar. */
    static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");
    /** A digest this registry serves: SHA-256 in lower-case hex. */
    static final Pattern DIGEST = Pattern.compile("sha256:([0-9a-f]{64})");

    private OciTags() {
    }

    /** The tag of a version. */
    static String ofVersion(String version) {
        return version.replace('+', '_');
    }

    /** The version a tag names, or null when the tag is not a version (an alias). */
    static String version(String tag) {
        String v = tag.replace('_', '+');
        return Versions.isValid(v) ? v : null;
    }

    /** Whether {@code reference} (of a manifest route) is a digest rather than a tag. */
    static boolean isDigest(String reference) {
        return reference.contains(":");
    }

    /** The hex SHA-256 of a digest, or an error with {@code code} (DIGEST_INVALID, BLOB_UNKNOWN, ...). */
    static String hex(String digest, int status, String code) {
        var m = DIGEST.matcher(digest);
        if (!m.matches()) {
            throw new OciError(status, code, "'%s' is not a digest this registry serves (sha256:<64 lower-case hex>)",
                    digest);
        }
        return m.group(1);
    }
}
