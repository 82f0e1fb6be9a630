package io.jmreg.core.pipeline;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who calls: the principal, and details about the call recorded with every audit entry it causes (a server's
 * request: source address and client).
 *
 * @param principal the principal
 * @param details   audit details of every operation of this caller
 */
public record Caller(String principal, Map<String, String> details) {
    /** Copies the details. */
    public Caller {
        details = details == null || details.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /** A caller without details. */
    public static Caller of(String principal) {
        return new Caller(principal, Map.of());
    }

    @Override
    public String toString() {
        return principal;
    }
}
