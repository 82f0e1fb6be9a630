package io.jmreg.api.exceptions;

/**
 * A write failed in a way that leaves its outcome unknown: it may or may not have landed (a timeout after the request
 * was sent, a failure after the file was linked into place). Callers that must know read back; every other
 * {@link StorageException} from a write means nothing was written.
 */
public class OutcomeUnknownException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public OutcomeUnknownException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public OutcomeUnknownException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#OUTCOME_UNKNOWN}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.OUTCOME_UNKNOWN;
    }

    /** {@code outcome_unknown}. */
    @Override
    public String code() {
        return "outcome_unknown";
    }
}
