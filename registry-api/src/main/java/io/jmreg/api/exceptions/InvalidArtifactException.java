package io.jmreg.api.exceptions;

/** An artifact path, file or directory cannot be registered (missing, escaping symlink, bad path). */
public class InvalidArtifactException extends ValidationException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public InvalidArtifactException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public InvalidArtifactException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#INVALID}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID;
    }

    /** {@code invalid_artifact}. */
    @Override
    public String code() {
        return "invalid_artifact";
    }
}
