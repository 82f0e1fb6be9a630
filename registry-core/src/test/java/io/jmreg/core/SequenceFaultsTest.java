package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.mem.MemoryBackend;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.ForwardingStorageBackend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every numbered sequence of the store, written through the registry over a backend that fails the first
 * create-only write of that sequence in one of three ways: after it landed with an unknown outcome (the member counts
 * once, with no second write), before it landed with an unknown outcome (written again, once), or plainly (the
 * operation fails at once, nothing is retried and nothing is written; where the operation cannot fail for it, as a
 * search when the derived catalog cannot be written, the failure is logged and still not retried).
 */
class SequenceFaultsTest {
    @TempDir
    Path temp;

    /** How the first create-only write of the sequence fails. */
    enum Fault {
        LANDED_THEN_UNKNOWN, UNKNOWN_NOT_LANDED, PLAIN_FAILURE
    }

    /** A user of the sequence primitive: where it writes, and an operation that appends one member. */
    enum User {
        LOG_ENTRIES(StoreLayout.logPrefix("m"), r -> r.registerModel(Registration.builder("m").version("1.0.0").build())),
        AUDIT_BLOCKS(StoreLayout.AUDIT_CHAIN, r -> {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            r.audit().query(AuditQuery.all().limit(1)); // seals the registration's queued audit entry now
        }),
        AUDIT_CHECKPOINTS(StoreLayout.AUDIT_CHECKPOINTS, r -> r.audit().checkpoint()),
        POLICY_VERSIONS(StoreLayout.POLICIES, r -> r.access().install(r.access().parse(
                "{\"grants\": [{\"subject\": \"admin\", \"roles\": [\"model_admin\"]}]}"))),
        CATALOG_GENERATIONS(StoreLayout.CATALOG_GENERATIONS, r -> r.search().versions(SearchRequest.of("")));

        final String prefix;
        final Consumer<ModelRegistry> appendOne;

        User(String prefix, Consumer<ModelRegistry> appendOne) {
            this.prefix = prefix;
            this.appendOne = appendOne;
        }
    }

    /** Fails the first create-only write under {@code prefix} as {@code fault} says; counts the writes there. */
    static final class FaultyBackend extends ForwardingStorageBackend {
        final String prefix;
        final AtomicInteger writes = new AtomicInteger();
        Fault fault;

        FaultyBackend(String prefix) {
            super(new MemoryBackend("mem:faulty"));
            this.prefix = prefix;
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) {
            if (!key.startsWith(prefix)) {
                return super.putIfAbsent(key, data);
            }
            writes.incrementAndGet();
            Fault f = fault;
            fault = null;
            if (f == null) {
                return super.putIfAbsent(key, data);
            }
            switch (f) {
                case LANDED_THEN_UNKNOWN -> {
                    super.putIfAbsent(key, data);
                    throw new OutcomeUnknownException("timeout after '%s' was sent", key);
                }
                case UNKNOWN_NOT_LANDED -> throw new OutcomeUnknownException("connection reset sending '%s'", key);
                default -> throw new StorageException("permission denied writing '%s'", key);
            }
        }

        long stored() {
            try (var s = list(prefix)) {
                return s.count();
            }
        }
    }

    private ModelRegistry open(FaultyBackend backend) throws NoSuchAlgorithmException {
        return new DefaultModelRegistry(backend, RegistryOptions.builder("mem:faulty").cacheDirectory(temp)
                .principal("admin").commitTimeout(Duration.ofSeconds(5)).staleness(Duration.ZERO)
                .property("catalog.compact-after-hints", "1")
                .audit(AuditOptions.defaults().signedWith(KeyPairGenerator.getInstance("Ed25519").generateKeyPair())
                        .checkpointing(1_000_000, Duration.ofDays(365)))
                .build());
    }

    /** Opens a registry, prepares what the user needs, then arms the fault and appends one member. */
    private FaultyBackend run(User user, Fault fault, boolean expectFailure) throws Exception {
        FaultyBackend backend = new FaultyBackend(user.prefix);
        try (ModelRegistry r = open(backend)) {
            if (user == User.AUDIT_CHECKPOINTS || user == User.CATALOG_GENERATIONS) {
                r.registerModel(Registration.builder("m").version("1.0.0").build()); // something to seal or index
            }
            long before = backend.stored();
            int writesBefore = backend.writes.get();
            backend.fault = fault;
            if (expectFailure && (user == User.CATALOG_GENERATIONS || user == User.AUDIT_BLOCKS)) {
                // the catalog is derived: its write failing is logged and the search served; the audit entry of a
                // change already committed cannot undo it: its failure is logged as an error
                user.appendOne.accept(r);
                assertThat(backend.stored()).as("members after a plain failure").isEqualTo(before);
            } else if (expectFailure) {
                assertThatThrownBy(() -> user.appendOne.accept(r)).isInstanceOf(StorageException.class)
                        .isNotInstanceOf(CommitConflictException.class).hasMessageContaining("permission denied");
                assertThat(backend.stored()).as("members after a plain failure").isEqualTo(before);
            } else {
                user.appendOne.accept(r);
                assertThat(backend.stored()).as("members after one append").isEqualTo(before + 1);
            }
            backend.writes.addAndGet(-writesBefore);
            if (user == User.AUDIT_BLOCKS && !expectFailure) {
                assertThat(r.audit().query(AuditQuery.all())).as("audit entries").hasSize(1); // the registration, once
            }
        }
        return backend;
    }

    @ParameterizedTest
    @EnumSource(User.class)
    void aWriteThatLandedWithAnUnknownOutcomeCountsOnceWithoutASecondWrite(User user) throws Exception {
        FaultyBackend backend = run(user, Fault.LANDED_THEN_UNKNOWN, false);
        assertThat(backend.writes).as("create-only writes").hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(User.class)
    void aWriteThatDidNotLandIsTriedAgain(User user) throws Exception {
        FaultyBackend backend = run(user, Fault.UNKNOWN_NOT_LANDED, false);
        assertThat(backend.writes).as("create-only writes").hasValue(2);
    }

    @ParameterizedTest
    @EnumSource(User.class)
    void aPlainFailureEndsTheOperationAtOnce(User user) throws Exception {
        FaultyBackend backend = run(user, Fault.PLAIN_FAILURE, true);
        assertThat(backend.writes).as("create-only writes").hasValue(1);
    }
}
