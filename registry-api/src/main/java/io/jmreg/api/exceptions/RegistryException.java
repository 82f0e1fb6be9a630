package io.jmreg.api.exceptions;

import java.util.Locale;

/** Root of every exception the registry throws; unchecked, with printf-style constructors. */
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

    private static String format(String format, Object... args) {
        return args == null || args.length == 0 ? format : String.format(Locale.ROOT, format, args);
    }
}
