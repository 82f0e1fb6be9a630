package io.jmreg.server;

/** A failure of the request itself (not of the registry): its status, a stable code and a message. */
final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    HttpError(int status, String code, String format, Object... args) {
        super(String.format(format, args), null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
