package io.jmreg.api.exceptions;

/** A reference named an existing model but no version matches it. */
public class VersionNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public VersionNotFoundException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public VersionNotFoundException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#NOT_FOUND}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }

    /** {@code version_not_found}. */
    @Override
    public String code() {
        return "version_not_found";
    }
}
