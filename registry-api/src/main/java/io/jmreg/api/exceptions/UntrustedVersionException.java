package io.jmreg.api.exceptions;

/**
 * A registry that requires version signatures refused a version: it is unsigned, signed by a key that is not
 * trusted, or its signature does not match its name, version and manifest (the record was changed).
 */
public class UntrustedVersionException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String reference;

    /** {@code reference} was refused, for the reason the printf-style message gives. */
    public UntrustedVersionException(String reference, String format, Object... args) {
        super(format, args);
        this.reference = reference;
    }

    /** The version refused ({@code name:version}). */
    public String reference() {
        return reference;
    }

    /** {@link ErrorKind#INTEGRITY}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INTEGRITY;
    }

    /** {@code untrusted_version}. */
    @Override
    public String code() {
        return "untrusted_version";
    }
}
