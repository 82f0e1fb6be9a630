package io.jmreg.cli;

import io.jmreg.api.exceptions.ErrorKind;
import io.jmreg.api.exceptions.RegistryException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine.ParameterException;

/** The exit codes of every command, and which failure gives which (the registry's by {@link ErrorKind}). */
final class ExitCodes {
    /** Success. */
    static final int OK = 0;
    /** Any other failure (storage, I/O). */
    static final int ERROR = 1;
    /** Bad usage: unknown option, malformed argument, reference, query or store URI. */
    static final int USAGE = 2;
    /** The model, version or file does not exist. */
    static final int NOT_FOUND = 3;
    /** The principal lacks a permission. */
    static final int ACCESS_DENIED = 4;
    /** Bytes or signatures do not verify (an untrusted version too), or the audit trail does not. */
    static final int INTEGRITY = 5;
    /** Refused by the registry's rules (a gate, a transition) or a conflict (the version exists). */
    static final int REFUSED = 6;
    /** An import finished, but some versions, stages or aliases were skipped (each named, with the reason). */
    static final int PARTIAL = 7;
    /** A write failed after it was sent: it may or may not have taken effect; read back before retrying. */
    static final int OUTCOME_UNKNOWN = 8;
    /** A server did not accept the credentials: no token, or an unknown, malformed or expired one (HTTP 401). */
    static final int UNAUTHENTICATED = 9;
    /** Interrupted (Ctrl-C). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The exit code of each kind of failure of the registry: the one table every command exits by. */
    static int of(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> NOT_FOUND;
            case DENIED -> ACCESS_DENIED;
            case INVALID -> USAGE;
            case CONFLICT, REFUSED -> REFUSED;
            case INTEGRITY -> INTEGRITY;
            case UNAVAILABLE -> ERROR;
            case OUTCOME_UNKNOWN -> OUTCOME_UNKNOWN;
            case UNAUTHENTICATED -> UNAUTHENTICATED;
        };
    }

    /** The exit code for {@code failure}: its kind's, for the registry's own exceptions. */
    static int of(Throwable failure) {
        if (failure instanceof RegistryException r) {
            return of(r.kind());
        }
        if (failure instanceof Denied) {
            return ACCESS_DENIED;
        }
        if (failure instanceof NoSuchFileException || failure instanceof NotFound) {
            return NOT_FOUND;
        }
        if (failure instanceof VerificationFailed) {
            return INTEGRITY;
        }
        if (failure instanceof ParameterException) {
            return USAGE;
        }
        if (failure instanceof InterruptedException) {
            return INTERRUPTED;
        }
        return ERROR;
    }

    /** Something the command looked for does not exist (exit 3). */
    static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message);
        }
    }

    /** The server refused the principal the command asked to act as (exit 4). */
    static final class Denied extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Denied(String message) {
            super(message);
        }
    }

    /** A verification the command ran found a problem (exit 5); the report was printed. */
    static final class VerificationFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VerificationFailed(String message) {
            super(message);
        }
    }
}
