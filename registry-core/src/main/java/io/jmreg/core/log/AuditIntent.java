package io.jmreg.core.log;

import io.jmreg.core.blobs.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a log entry's audit entry will say, written in the entry itself (the same durable write), so that the entry's
 * audit entry can be sealed into the audit trail later, by this process or, after a crash, by any other: the principal
 * is the entry's {@code by}, the time its {@code at}, the committed entry its own place and digest.
 *
 * @param action   the operation, as the audit trail names it
 * @param resource what it acted on
 * @param details  more about it (environment, source address and client where known; lifecycle details)
 * @param binds    {@link #binding} of the entry carrying it: an intent copied into another entry (a forged one) does
 *                 not match it and is not sealed
 */
public record AuditIntent(String action, String resource, Map<String, String> details, String binds) {
    /** The binding of entry {@code e} of {@code model}: SHA-256 of its model, place, commit id, time, author and change. */
    public static String binding(String model, LogEntry e) {
        return Sha256.of((model + "\n" + e.seq() + "\n" + e.commitId() + "\n" + e.at() + "\n" + e.by() + "\n" + e.op()
                + "\n" + e.version()).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this intent was made for entry {@code e} of {@code model}. */
    public boolean binds(String model, LogEntry e) {
        return binding(model, e).equals(binds);
    }
}
