package io.jmreg.server.ui;

import io.jmreg.api.lifecycle.GateResult;

import java.util.List;

/**
 * The outcome of the last action of a session, shown once on the next page.
 *
 * @param ok      true for success, false for a refusal
 * @param message what happened
 * @param gates   the failing gates of a refused promotion, with their actual values (else empty)
 */
public record Flash(boolean ok, String message, List<GateResult> gates) {
    /** Copies the list. */
    public Flash {
        gates = List.copyOf(gates);
    }

    static Flash ok(String message) {
        return new Flash(true, message, List.of());
    }

    static Flash refused(String message, List<GateResult> gates) {
        return new Flash(false, message, gates);
    }
}
