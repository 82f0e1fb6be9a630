package io.jmreg.core;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.mem.MemoryBackend;
import io.jmreg.spi.ForwardingStorageBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

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
                    throw new StorageException("timeout after the request was sent for '%s'", key);
                }
                throw new StorageException("connection reset before '%s' was sent", key);
            }
            return super.putIfAbsent(key, data);
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
