package io.jmreg.api.exceptions;

/** Caller input was rejected before anything was written; the message says what was wrong. */
public class ValidationException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public ValidationException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public ValidationException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#INVALID}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID;
    }

    /** {@code validation}. */
    @Override
    public String code() {
        return "validation";
    }
}
