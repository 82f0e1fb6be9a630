package io.jmreg.api.exceptions;

/** A storage key does not exist. */
public class ObjectNotFoundException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public ObjectNotFoundException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public ObjectNotFoundException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#NOT_FOUND}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }

    /** {@code not_found}. */
    @Override
    public String code() {
        return "not_found";
    }
}
