package io.jmreg.api.exceptions;

/** The operation is refused by the state of the registry (e.g. deleting a version an alias points to). */
public class OperationNotAllowedException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public OperationNotAllowedException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public OperationNotAllowedException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#REFUSED}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.REFUSED;
    }

    /** {@code operation_not_allowed}. */
    @Override
    public String code() {
        return "operation_not_allowed";
    }
}
