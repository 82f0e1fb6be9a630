package io.jmreg.core;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.mem.MemoryBackend;
import io.jmreg.spi.ForwardingStorageBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A commit whose outcome is unknown (the store failed after or before the create-only write landed) is read back:
 * a landed entry counts as committed exactly once, a lost one is retried.
 */
class AmbiguousCommitTest {
    @TempDir
    Path temp;

    /** Fails every third log write: after writing it (odd failures) or before (even failures). */
    static final class FlakyBackend extends ForwardingStorageBackend {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();

        FlakyBackend() {
            super(new MemoryBackend("mem:flaky"));
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) {
            if (key.contains("/log/") && writes.incrementAndGet() % 3 == 0) {
                if (failures.incrementAndGet() % 2 == 1) {
                    super.putIfAbsent(key, data);
                    throw new OutcomeUnknownException("timeout after the request was sent for '%s'", key);
                }
                throw new OutcomeUnknownException("connection reset while '%s' was being sent", key);
            }
            return super.putIfAbsent(key, data);
        }
    }

    /** A store that refuses every log write, as a read-only mount or a denied bucket policy would. */
    static final class DeniedBackend extends ForwardingStorageBackend {
        final AtomicInteger attempts = new AtomicInteger();

        DeniedBackend() {
            super(new MemoryBackend("mem:denied"));
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) {
            if (key.contains("/log/")) {
                attempts.incrementAndGet();
                throw new StorageException("permission denied writing '%s'", key);
            }
            return super.putIfAbsent(key, data);
        }
    }

    @Test
    void aPermanentFailureSurfacesOnTheFirstAttemptWithItsCause() {
        DeniedBackend backend = new DeniedBackend();
        try (ModelRegistry registry = new DefaultModelRegistry(backend,
                RegistryOptions.builder("mem:denied").cacheDirectory(temp).build())) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> registry.registerModel(Registration.builder("m").version("1.0.0").build()))
                    .isInstanceOf(StorageException.class).isNotInstanceOf(CommitConflictException.class)
                    .hasMessageContaining("permission denied").hasMessageContaining("nothing was written")
                    .hasCauseInstanceOf(StorageException.class);
            assertThat(System.nanoTime() - t0).as("nanoseconds to fail").isLessThan(1_000_000_000L);
            assertThat(backend.attempts.get()).isEqualTo(1);
        }
    }

    @Test
    void unknownOutcomesNeverDuplicateOrLoseACommit() {
        FlakyBackend backend = new FlakyBackend();
        try (ModelRegistry registry = new DefaultModelRegistry(backend,
                RegistryOptions.builder("mem:flaky").cacheDirectory(temp).build())) {
            for (int i = 0; i < 30; i++) {
                ModelVersion v = registry.registerModel(Registration.builder("m").bump(Bump.PATCH).build());
                assertThat(v.version()).isEqualTo("0.0." + (i + 1));
            }
            assertThat(backend.failures.get()).isGreaterThanOrEqualTo(10);
            assertThat(registry.listVersions("m")).hasSize(30);
            assertThat(registry.getModel("m").sequence()).isEqualTo(30);
        }
    }
}
