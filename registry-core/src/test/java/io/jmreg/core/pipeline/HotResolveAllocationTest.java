package io.jmreg.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving hot path stays allocation-free with operations described: a cached {@code resolve} allocates nothing
 * per call, with no policy installed and with one (its allow decided once and cached), measured with the JVM's
 * per-thread allocation counter after a warm-up (a bound of a few bytes per call leaves room for the counter's own
 * noise, not for an object per call).
 */
class HotResolveAllocationTest {
    @TempDir
    Path temp;

    @Test
    void aCachedResolveAllocatesNothingPerCall() throws Exception {
        // through reflection: the test runs inside io.jmreg.core's module, which does not read jdk.management
        Object threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                .invoke(null);
        Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:hot-" + UUID
                .randomUUID()).principal("svc").cacheDirectory(temp.resolve("cache")).build())) {
            registry.registerModel(Registration.builder("m").version("1.0.0").build());
            registry.setAlias("m", "production", "1.0.0");
            long sink = 0;
            for (int i = 0; i < 200_000; i++) { // warm-up: compiled, caches filled
                sink += registry.resolve("m@production").version().length();
            }
            int calls = 200_000;
            long id = Thread.currentThread().getId();
            long before = (Long) allocatedBytes.invoke(threads, id);
            for (int i = 0; i < calls; i++) {
                sink += registry.resolve("m@production").version().length();
            }
            long allocated = (Long) allocatedBytes.invoke(threads, id) - before;
            assertThat(sink).isPositive();
            assertThat(allocated / (double) calls).as("bytes allocated per cached resolve (%d in all)", allocated)
                    .isLessThan(1.0);

            // with a policy installed too: the allow decided once for this principal, reference and model state
            registry.access().install(AccessPolicy.builder().grant("svc", "model_admin").build());
            for (int i = 0; i < 200_000; i++) {
                sink += registry.resolve("m@production").version().length();
            }
            before = (Long) allocatedBytes.invoke(threads, id);
            for (int i = 0; i < calls; i++) {
                sink += registry.resolve("m@production").version().length();
            }
            allocated = (Long) allocatedBytes.invoke(threads, id) - before;
            assertThat(allocated / (double) calls).as("bytes allocated per cached resolve under a policy (%d in all)",
                    allocated).isLessThan(1.0);

            // the counter does see allocations: a read that is not served from a cache builds its context
            before = (Long) allocatedBytes.invoke(threads, id);
            for (int i = 0; i < 20_000; i++) {
                sink += registry.listVersions("m").size();
            }
            assertThat(((Long) allocatedBytes.invoke(threads, id) - before) / 20_000.0).isGreaterThan(16.0);
        }
    }
}
