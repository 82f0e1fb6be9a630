package io.jmreg.api.exceptions;

/**
 * The caller's credentials were missing or not accepted (a registry server got no bearer token, or an unknown,
 * malformed or expired one), so no principal was established and nothing was done. The remedy is new credentials
 * (such as a token from {@code jmreg token}), not a change of the access policy: a principal the server knows but the
 * policy refuses gets an {@link AccessDeniedException} instead. Through the remote client this is what an HTTP 401
 * becomes (before this type existed, it was an {@code AccessDeniedException} with permission
 * {@code authentication}).
 */
public class UnauthenticatedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public UnauthenticatedException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public UnauthenticatedException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#UNAUTHENTICATED}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.UNAUTHENTICATED;
    }

    /** {@code unauthenticated}. */
    @Override
    public String code() {
        return "unauthenticated";
    }
}
