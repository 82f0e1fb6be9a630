package io.jmreg.api.observe;

import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;

/** How an observed operation ended. */
public enum Outcome {
    /** It succeeded. */
    OK,
    /** The access policy denied it. */
    DENIED,
    /** The registry refused what it asked: invalid input, not found, a conflict, a lifecycle rule or gate. */
    REFUSED,
    /** It failed: storage, integrity, commit contention, or an unexpected error. */
    FAILED;

    /** The outcome of an operation that threw {@code failure} (null: {@link #OK}). */
    public static Outcome of(Throwable failure) {
        if (failure == null) {
            return OK;
        }
        if (failure instanceof AccessDeniedException) {
            return DENIED;
        }
        if (failure instanceof StorageException
                || failure instanceof IntegrityException
                || failure instanceof CommitConflictException
                || !(failure instanceof RegistryException)) {
            return FAILED;
        }
        return REFUSED;
    }
}
