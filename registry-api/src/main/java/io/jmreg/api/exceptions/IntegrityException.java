package io.jmreg.api.exceptions;

/** Bytes read from the store do not match their recorded SHA-256; the bytes are never handed out. */
public class IntegrityException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final String expectedSha256;
    private final String actualSha256;

    /** Creates the exception naming the file and both digests. */
    public IntegrityException(String file, String expectedSha256, String actualSha256) {
        super("integrity check failed for '%s': expected sha256 %s but the stored bytes hash to %s",
                file, expectedSha256, actualSha256);
        this.file = file;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    /** For subclasses with their own message. */
    protected IntegrityException(String file, String expectedSha256, String actualSha256, String format, Object... args) {
        super(format, args);
        this.file = file;
        this.expectedSha256 = expectedSha256;
        this.actualSha256 = actualSha256;
    }

    /** The artifact path (or storage key) whose bytes are corrupt. */
    public String file() {
        return file;
    }

    /** The SHA-256 recorded at registration. */
    public String expectedSha256() {
        return expectedSha256;
    }

    /** The SHA-256 of the bytes actually read; null when there were none ({@link MissingBlobException}). */
    public String actualSha256() {
        return actualSha256;
    }

    /** {@link ErrorKind#INTEGRITY}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INTEGRITY;
    }

    /** {@code integrity}. */
    @Override
    public String code() {
        return "integrity";
    }
}
