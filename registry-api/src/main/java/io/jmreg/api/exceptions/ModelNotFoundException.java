package io.jmreg.api.exceptions;

/** No model of the given name exists in the store. */
public class ModelNotFoundException extends RegistryException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a printf-style message. */
    public ModelNotFoundException(String format, Object... args) {
        super(format, args);
    }

    /** Creates the exception with a cause and a printf-style message. */
    public ModelNotFoundException(Throwable cause, String format, Object... args) {
        super(cause, format, args);
    }

    /** {@link ErrorKind#NOT_FOUND}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }

    /** {@code model_not_found}. */
    @Override
    public String code() {
        return "model_not_found";
    }
}
