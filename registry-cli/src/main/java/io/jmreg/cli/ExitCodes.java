package io.jmreg.cli;

import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.BackendNotFoundException;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionConflictException;
import io.jmreg.api.exceptions.VersionNotFoundException;

import java.nio.file.NoSuchFileException;

/** The exit codes of every command, and which failure gives which. */
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
    /** Bytes or signatures do not verify, or the audit trail does not. */
    static final int INTEGRITY = 5;
    /** Refused by the registry's rules: a gate, a transition, a conflict. */
    static final int REFUSED = 6;
    /** An import finished, but some versions, stages or aliases were skipped (each named, with the reason). */
    static final int PARTIAL = 7;
    /** Interrupted (Ctrl-C). */
    static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The exit code for {@code failure}. */
    static int of(Throwable failure) {
        if (failure instanceof AccessDeniedException || failure instanceof Denied) {
            return ACCESS_DENIED;
        }
        if (failure instanceof ModelNotFoundException || failure instanceof VersionNotFoundException
                || failure instanceof ObjectNotFoundException || failure instanceof NoSuchFileException
                || failure instanceof NotFound) {
            return NOT_FOUND;
        }
        if (failure instanceof IntegrityException || failure instanceof UntrustedVersionException
                || failure instanceof VerificationFailed) {
            return INTEGRITY;
        }
        if (failure instanceof GateFailedException || failure instanceof IllegalTransitionException
                || failure instanceof OperationNotAllowedException || failure instanceof VersionConflictException
                || failure instanceof CommitConflictException) {
            return REFUSED;
        }
        if (failure instanceof ValidationException || failure instanceof BackendNotFoundException
                || failure instanceof picocli.CommandLine.ParameterException) {
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
