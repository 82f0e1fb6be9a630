package io.jmreg.api.exceptions;

/** The storage backend failed; the message names the store and key. */
public class StorageException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public StorageException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public StorageException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#UNAVAILABLE}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.UNAVAILABLE;
    }

    /** {@code storage}. */
    @Override
    public String code() {
        return "storage";
    }
}
