package io.jmreg.api.lifecycle;

/** Who must approve a promotion into a stage before it takes effect. */
public enum Approval {
    /** Nobody: a promotion takes effect at once. */
    NONE,
    /** A principal other than the one who requested the promotion (admins included). */
    OTHER_PRINCIPAL,
    /** A principal other than the requester and other than the version's creator. */
    OTHER_THAN_REQUESTER_AND_CREATOR
}
