package io.jmreg.api.lifecycle;

import java.time.Instant;
import java.util.List;

/**
 * A promotion into a stage that needs approval, waiting for it. Any change to the version other than metrics voids
 * it.
 *
 * @param version     the version to promote
 * @param stage       the stage requested
 * @param requestedBy the requesting principal
 * @param at          when it was requested
 * @param sequence    the log entry that recorded the request
 * @param gates       the gates, as evaluated at the request (they are evaluated again at approval)
 */
public record PromotionRequest(String version, String stage, String requestedBy, Instant at, long sequence,
                               List<GateResult> gates) {
    /** Copies. */
    public PromotionRequest {
        gates = gates == null ? List.of() : List.copyOf(gates);
    }
}
