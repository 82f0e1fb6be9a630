package io.jmreg.api.exceptions;

/**
 * What kind of failure a {@link RegistryException} is, in the terms a caller acts on. Every surface maps this one
 * classification: the HTTP API to a status, the command-line tool to an exit code, the web UI to an error page, and
 * the remote client back from the wire to the same exception.
 */
public enum ErrorKind {
    /** The model, version, file or key does not exist. */
    NOT_FOUND,
    /** The principal lacks a permission; nothing was done. */
    DENIED,
    /** The caller's input was malformed or cannot be used; nothing was written. */
    INVALID,
    /** Another write got there first: the version exists, or the commit lost its race too often. */
    CONFLICT,
    /** Refused by the registry's rules: a quality gate, a stage transition, the state of the registry. */
    REFUSED,
    /** Stored bytes, records or signatures do not verify; nothing unverified was handed out. */
    INTEGRITY,
    /** The store, the cache or the server failed; nothing was written and a later retry may work. */
    UNAVAILABLE,
    /** A write failed after it was sent: it may or may not have taken effect; read back before retrying. */
    OUTCOME_UNKNOWN,
    /**
     * The caller did not prove who it is: a server got no credentials, or ones it does not accept (an unknown,
     * malformed or expired token); nothing was done. Unlike {@link #DENIED}, no principal was even established:
     * fix the credentials, not the policy.
     */
    UNAUTHENTICATED
}
