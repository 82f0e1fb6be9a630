package io.jmreg.api.exceptions;

import java.util.Locale;

/**
 * Root of every exception the registry throws; unchecked, with printf-style constructors. Each carries one
 * classification, {@link #kind()}, and a stable {@link #code()}: the HTTP API, the command-line tool, the web UI and
 * the remote client all map failures through these two, never through the Java class.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public RegistryException(String format, Object... args) {
        super(format(format, args));
    }

    /** Creates the exception with a cause and a printf-style message. */
    public RegistryException(Throwable cause, String format, Object... args) {
        super(format(format, args), cause);
    }

    /**
     * What kind of failure this is. A plain {@code RegistryException} (a failure outside the registry's own rules, such
     * as an unexpected answer from another system) is {@link ErrorKind#UNAVAILABLE}; each subclass names its own.
     */
    public ErrorKind kind() {
        return ErrorKind.UNAVAILABLE;
    }

    /**
     * A stable, lower-case identifier of this failure ({@code version_not_found}, {@code gate_failed}): the
     * {@code code} of an HTTP error body. It never changes for a given exception type; {@code error} for a plain
     * {@code RegistryException}.
     */
    public String code() {
        return "error";
    }

    private static String format(String format, Object... args) {
        return args == null || args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }
}
