package io.jmreg.api.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * One stage transition of a version, from the commit log.
 *
 * @param version  the version
 * @param from     previous stage
 * @param to       new stage
 * @param at       commit time
 * @param by       principal
 * @param sequence log sequence number
 * @param gates    gate results that allowed it
 */
public record StageChange(String version, String from, String to, Instant at, String by, long sequence,
                          List<GateResult> gates) {
    /** Copies the gates. */
    public StageChange {
        gates = gates == null ? List.of() : List.copyOf(gates);
    }
}
