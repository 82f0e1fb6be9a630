package io.jmreg.api.exceptions;

/** A metadata commit lost the race for the next log entry too many times (retry budget exhausted). */
public class CommitConflictException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public CommitConflictException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public CommitConflictException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#CONFLICT}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.CONFLICT;
    }

    /** {@code commit_conflict}. */
    @Override
    public String code() {
        return "commit_conflict";
    }
}
