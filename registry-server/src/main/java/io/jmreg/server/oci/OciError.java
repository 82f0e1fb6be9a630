package io.jmreg.server.oci;

/**
 * A failure answered with an OCI Distribution error body ({@code {"errors":[{"code":...,"message":...}]}}): its
 * status and one of the specification's error codes (BLOB_UNKNOWN, MANIFEST_UNKNOWN, NAME_UNKNOWN, DENIED, ...).
 */
final class OciError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    OciError(int status, String code, String format, Object... args) {
        super(String.format(format, args), null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
