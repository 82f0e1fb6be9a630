package io.jmreg.api.model;

/** How the local pull cache checks a cached file before handing it out. */
public enum CacheVerification {
    /**
     * Re-hash a cached file only when its fingerprint (size, modification and change times, file identity) differs
     * from the one recorded when it was verified: cheap for unchanged multi-GB files, and any write to the file
     * (including through a hard-linked snapshot) changes the fingerprint. The default.
     */
    FINGERPRINT,
    /** Re-hash every cached file on every use. */
    ALWAYS
}
