package io.jmreg.api.exceptions;

/** A model name, version, alias or reference string is malformed. */
public class InvalidReferenceException extends ValidationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public InvalidReferenceException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public InvalidReferenceException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#INVALID}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID;
    }

    /** {@code invalid_reference}. */
    @Override
    public String code() {
        return "invalid_reference";
    }
}
