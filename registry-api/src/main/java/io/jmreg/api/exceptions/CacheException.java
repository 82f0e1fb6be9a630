package io.jmreg.api.exceptions;

/**
 * The local pull cache cannot be written or read (disk full, permissions, a file where a directory belongs); the
 * message names the cache directory. The store is not at fault: freeing space or fixing the cache lets a retry work.
 */
public class CacheException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public CacheException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public CacheException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#UNAVAILABLE}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.UNAVAILABLE;
    }

    /** {@code cache}. */
    @Override
    public String code() {
        return "cache";
    }
}
