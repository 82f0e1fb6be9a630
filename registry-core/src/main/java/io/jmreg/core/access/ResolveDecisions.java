package io.jmreg.core.access;

import io.jmreg.api.access.AccessPolicy;
import io.jmreg.core.resolve.ReferenceResolver.Resolution;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allow or deny decisions of hot resolves, per principal and reference, each valid only for the policy object and
 * the resolution (the model state) it was made from: a new policy version, or any change of the model, makes it
 * miss. Bounded: past {@link #MAX_DECISIONS} decisions made, all are forgotten and made again as needed.
 */
final class ResolveDecisions {
    /** How many decisions are kept at most. */
    static final int MAX_DECISIONS = 100_000;

    /** One decision and what it was made from. */
    record Decision(AccessPolicy policy, Resolution resolution, boolean allowed) {
    }

    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Decision>> byPrincipal =
            new ConcurrentHashMap<>();
    private final AtomicInteger made = new AtomicInteger();

    /** The decision for {@code principal} resolving {@code reference}, if one is kept (perhaps outdated). */
    Decision get(String principal, String reference) {
        ConcurrentHashMap<String, Decision> byReference = byPrincipal.get(principal);
        return byReference == null ? null : byReference.get(reference);
    }

    /** Keeps a decision made under {@code policy} for {@code resolution}, and returns it. */
    Decision put(String principal, String reference, AccessPolicy policy, Resolution resolution, boolean allowed) {
        if (made.incrementAndGet() > MAX_DECISIONS) {
            made.set(0);
            byPrincipal.clear();
        }
        Decision d = new Decision(policy, resolution, allowed);
        byPrincipal.computeIfAbsent(principal, p -> new ConcurrentHashMap<>()).put(reference, d);
        return d;
    }
}
