package io.jmreg.core.access;

import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.sequence.Sequence;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The access policy in the store: each change a new create-only document {@code access/policy/<n>.json}, the highest
 * one in force. Read at most once per staleness bound, so a change reaches other processes within it.
 */
public final class PolicyStore {
    private final StorageBackend backend;
    private final Sequence versions;
    private final long stalenessNanos;
    private volatile Cached cached;

    /**
     * What the store holds: the newest policy and its version, or, when the newest cannot be read, why not
     * ({@code unreadable}) and the newest readable one before it (which only governs who may install a fix).
     */
    private record Cached(AccessPolicy policy, long version, long readAtNanos, RuntimeException unreadable,
                          AccessPolicy lastReadable) {
        Cached(AccessPolicy policy, long version, long readAtNanos) {
            this(policy, version, readAtNanos, null, null);
        }
    }

    /** The policy of {@code backend}'s store, re-read after {@code stalenessNanos}, installed under {@code retry}. */
    public PolicyStore(StorageBackend backend, long stalenessNanos, RetryPolicy retry) {
        this.backend = backend;
        this.versions = new Sequence(backend, "the access policy", "version", StoreLayout.POLICIES,
                StoreLayout::policyKey, StoreLayout::sequenceOf, retry);
        this.stalenessNanos = stalenessNanos;
    }

    /** The policy in force, if any. */
    public Optional<AccessPolicy> current() {
        return Optional.ofNullable(inForce(System.nanoTime()));
    }

    /**
     * The policy in force, or null when none is installed, its staleness judged at {@code nowNanos} (a
     * {@link System#nanoTime()} the caller has just read). While the store's newest version stays the same, this is
     * the very same object (a version's document is create-only), so decisions cached under it stay valid exactly as
     * long as it is in force.
     */
    public AccessPolicy inForce(long nowNanos) {
        Cached c = cached;
        if (c == null || nowNanos - c.readAtNanos() >= stalenessNanos) {
            Cached fresh = read();
            if (c != null && c.policy() != null && fresh.policy() != null && fresh.version() == c.version()) {
                fresh = new Cached(c.policy(), fresh.version(), fresh.readAtNanos()); // unchanged: keep the one parsed
            }
            c = fresh;
            cached = c;
        }
        if (c.unreadable() != null) {
            throw new StorageException(c.unreadable(), "the access policy %s cannot be read (%s): every call is refused "
                    + "until a principal with access_control:manage under the newest readable policy installs a new one",
                    StoreLayout.policyKey(c.version()), c.unreadable().getMessage());
        }
        return c.policy();
    }

    /**
     * Installs {@code policy} as the next version, create-only; when another process changed the policy meanwhile,
     * the invocation's principal must still hold {@code access_control:manage} under that one. When the newest policy
     * cannot be read, the principal must hold it under the newest readable one before it (with none, only the store's
     * operator can repair it). The version written and the digest of its bytes are recorded in {@code ctx}.
     */
    public AccessPolicy install(AccessPolicy policy, OperationContext ctx) {
        String principal = ctx.principal();
        requireManageable(policy);
        byte[] bytes = PolicyJson.write(policy);
        return versions.retrying(Sequence.Listener.NONE, attempt -> {
            Cached head = read();
            AccessPolicy governing = head.unreadable() != null ? head.lastReadable() : head.policy();
            if (head.unreadable() != null && governing == null) {
                throw new AccessDeniedException(principal, "access_control:manage", "the registry (its only policy, "
                        + StoreLayout.policyKey(head.version()) + ", is unreadable: repair it in the store)");
            }
            if (governing != null && !governing.allows(principal,
                    Permission.ACCESS_CONTROL_MANAGE, null)) {
                throw new AccessDeniedException(principal, "access_control:manage", "registry");
            }
            long next = head.version() + 1;
            if (!attempt.append(next, bytes).created()) {
                return null;
            }
            cached = new Cached(policy, next, System.nanoTime());
            ctx.target("policy:" + next);
            ctx.detail("policy_key", StoreLayout.policyKey(next));
            ctx.detail("sha256", Sha256.of(bytes));
            return policy;
        });
    }

    /**
     * Refuses a policy under which no principal could replace it (no grant gives {@code access_control:manage} on the
     * registry): installed, it would lock everyone out for good.
     */
    static void requireManageable(AccessPolicy policy) {
        boolean manageable = policy.grants().stream().anyMatch(g -> policy.allows(g.subject(),
                Permission.ACCESS_CONTROL_MANAGE, null));
        if (!manageable) {
            throw new ValidationException("policy: no grant gives access_control:manage on the "
                    + "registry (for example {\"subject\": \"admin\", \"roles\": [\"model_admin\"]}): installed, "
                    + "no principal could ever replace it");
        }
    }

    private Cached read() {
        long[] newestUnreadable = {0};
        RuntimeException[] unreadable = {null};
        Optional<Sequence.Member<AccessPolicy>> readable = versions.newest(
                (version, key, bytes) -> PolicyJson.parseStored(new String(bytes, StandardCharsets.UTF_8)),
                (version, key, e) -> {
                    // never fall back to an older (perhaps more permissive) policy: refuse until it is fixed
                    if (unreadable[0] == null) {
                        unreadable[0] = e;
                        newestUnreadable[0] = version;
                    }
                });
        if (unreadable[0] == null) {
            return readable.map(m -> new Cached(m.value(), m.number(), System.nanoTime()))
                    .orElseGet(() -> new Cached(null, 0, System.nanoTime()));
        }
        return new Cached(null, newestUnreadable[0], System.nanoTime(), unreadable[0],
                readable.map(Sequence.Member::value).orElse(null));
    }
}
