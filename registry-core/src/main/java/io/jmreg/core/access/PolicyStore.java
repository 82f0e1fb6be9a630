package io.jmreg.core.access;

import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The access policy in the store: each change a new create-only document {@code access/policy/<n>.json}, the highest
 * one in force. Read at most once per staleness bound, so a change reaches other processes within it.
 */
public final class PolicyStore {
    private static final int ATTEMPTS = 20;

    private final StorageBackend backend;
    private final long stalenessNanos;
    private volatile Cached cached;

    private record Cached(AccessPolicy policy, long version, long readAtNanos) {
    }

    /** The policy of {@code backend}'s store, re-read after {@code stalenessNanos}. */
    public PolicyStore(StorageBackend backend, long stalenessNanos) {
        this.backend = backend;
        this.stalenessNanos = stalenessNanos;
    }

    /** The policy in force, if any. */
    public Optional<AccessPolicy> current() {
        Cached c = cached;
        if (c == null || System.nanoTime() - c.readAtNanos() >= stalenessNanos) {
            c = read();
            cached = c;
        }
        return Optional.ofNullable(c.policy());
    }

    /**
     * Installs {@code policy} as the next version, create-only; when another process changed the policy meanwhile,
     * the invocation's principal must still hold {@code access_control:manage} under that one. The version written
     * and the digest of its bytes are recorded in {@code ctx} for the audit trail.
     */
    public AccessPolicy install(AccessPolicy policy, io.jmreg.core.pipeline.OperationContext ctx) {
        String principal = ctx.principal();
        byte[] bytes = PolicyJson.write(policy);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Cached head = read();
            if (head.policy() != null && !head.policy().allows(principal,
                    io.jmreg.api.access.Permission.ACCESS_CONTROL_MANAGE, null)) {
                throw new AccessDeniedException(principal, "access_control:manage", "registry");
            }
            if (backend.putIfAbsent(StoreLayout.policyKey(head.version() + 1), bytes)) {
                cached = new Cached(policy, head.version() + 1, System.nanoTime());
                ctx.target("policy:" + (head.version() + 1));
                ctx.detail("policy_key", StoreLayout.policyKey(head.version() + 1));
                ctx.detail("sha256", io.jmreg.core.blobs.Sha256.of(bytes));
                return policy;
            }
        }
        throw new CommitConflictException("gave up installing the access policy after %d lost races", ATTEMPTS);
    }

    private Cached read() {
        List<String> names = backend.listChildren(StoreLayout.POLICIES);
        for (int i = names.size() - 1; i >= 0; i--) {
            long version = StoreLayout.sequenceOf(names.get(i));
            if (version <= 0) {
                continue;
            }
            String key = StoreLayout.policyKey(version);
            try {
                return new Cached(PolicyJson.parse(new String(backend.getBytes(key), StandardCharsets.UTF_8)), version,
                        System.nanoTime());
            } catch (RuntimeException e) {
                // never fall back to an older (perhaps more permissive) policy: refuse until it is fixed
                throw new StorageException(e, "the access policy %s cannot be read (%s): every call is refused until "
                        + "a readable policy is installed above it", key, e.getMessage());
            }
        }
        return new Cached(null, 0, System.nanoTime());
    }
}
