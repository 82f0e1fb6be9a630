package io.jmreg.server.hf;

/**
 * A refusal in the hub's terms: an HTTP status, the hub's {@code X-Error-Code} (RepoNotFound, RevisionNotFound,
 * EntryNotFound, GatedRepo; null for none) and a message sent as {@code X-Error-Message} and in the JSON body.
 */
final class HfError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    HfError(int status, String code, String format, Object... args) {
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
