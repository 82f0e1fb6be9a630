package io.jmreg.api.exceptions;

/** The requested version already exists (or existed and was deleted: versions are never reused). */
public class VersionConflictException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public VersionConflictException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public VersionConflictException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#CONFLICT}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.CONFLICT;
    }

    /** {@code version_conflict}. */
    @Override
    public String code() {
        return "version_conflict";
    }
}
