package io.jmreg.api.exceptions;

/** No storage backend or registry implementation is available for a URI; the message lists what was found. */
public class BackendNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public BackendNotFoundException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public BackendNotFoundException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#INVALID}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID;
    }

    /** {@code backend_not_found}. */
    @Override
    public String code() {
        return "backend_not_found";
    }
}
