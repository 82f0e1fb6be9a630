package io.jmreg.api.exceptions;

/**
 * A version's artifact file has no bytes in the store at all: its blob was deleted or never written (a store
 * damaged outside the registry). Unlike a digest mismatch there is nothing to compare; {@link #actualSha256()} is null.
 */
public class MissingBlobException extends IntegrityException {
    private static final long serialVersionUID = 1L;
    private final String key;

    /** Creates the exception naming the file, its digest and the storage key that is missing. */
    public MissingBlobException(String file, String expectedSha256, String key) {
        super(file, expectedSha256, null, "artifact '%s' (sha256 %s) is missing from the store: its blob %s was deleted "
                + "or never written; the store was damaged outside the registry", file, expectedSha256, key);
        this.key = key;
    }

    /** The storage key of the missing blob. */
    public String key() {
        return key;
    }

    /** {@link ErrorKind#INTEGRITY}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INTEGRITY;
    }

    /** {@code missing_blob}. */
    @Override
    public String code() {
        return "missing_blob";
    }
}
