package io.jmreg.api.exceptions;

/**
 * A garbage collection stopped before deleting anything more because deleting could be unsafe: its marker went
 * unrefreshed long enough for writers to treat it as dead (a pause, a sleep, a slow store), or a pin could not be
 * read. Blobs it kept are collected by a later run; nothing referenced was deleted.
 */
public class GarbageCollectionAbortedException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public GarbageCollectionAbortedException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public GarbageCollectionAbortedException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#UNAVAILABLE}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.UNAVAILABLE;
    }

    /** {@code gc_aborted}. */
    @Override
    public String code() {
        return "gc_aborted";
    }
}
