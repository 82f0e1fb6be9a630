package io.jmreg.core.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.GarbageCollectionAbortedException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collections that fail, markers with strange times and unreadable pins never stall or endanger anyone. */
class GcStallTest {
    @TempDir
    Path temp;
    private final String name = "gcfault:" + UUID.randomUUID();

    @AfterEach
    void clearFaults() {
        GcFaultProvider.FAIL_WRITES.clear();
        GcFaultProvider.SHIFT.clear();
    }

    private ModelRegistry open(String leaseSeconds) {
        return ModelRegistry.open(RegistryOptions.builder(name).cacheDirectory(temp.resolve("cache-" + UUID.randomUUID()))
                .staleness(Duration.ZERO).property(GcTimings.LEASE_PROPERTY, leaseSeconds).build());
    }

    private StorageBackend raw() {
        return StorageBackends.open(name, Map.of());
    }

    private Path artifacts(String dir, int seed) throws Exception {
        Path d = Files.createDirectories(temp.resolve(dir));
        byte[] bytes = new byte[5000];
        new Random(seed).nextBytes(bytes);
        Files.write(d.resolve("model.bin"), bytes);
        return d;
    }

    private static List<String> keys(StorageBackend backend, String prefix) {
        try (Stream<ObjectInfo> s = backend.list(prefix)) {
            return s.map(ObjectInfo::key).toList();
        }
    }

    @Test
    void aCollectionThatFailsRightAfterWritingItsMarkerRemovesIt() throws Exception {
        try (ModelRegistry registry = open("60")) {
            GcFaultProvider.FAIL_WRITES.add("gc/started/");
            assertThatThrownBy(() -> registry.collectGarbage(Duration.ZERO)).isInstanceOf(StorageException.class)
                    .hasMessageContaining("No space left");
            GcFaultProvider.FAIL_WRITES.clear();
            assertThat(keys(raw(), "gc/active/")).isEmpty();
            long t0 = System.nanoTime();
            registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(artifacts("a", 1)).build());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("registration after the failed collection")
                    .isLessThan(Duration.ofSeconds(10)); // the lease is 60 s
        }
    }

    @Test
    void aMarkerWithAFutureTimeHoldsRegistrationsBackForOneLeaseAtMost() throws Exception {
        try (ModelRegistry registry = open("3")) {
            raw().putBytes("gc/active/fast-clock.json", "{\"schema\":1,\"id\":\"fast-clock\",\"by\":\"x\"}".getBytes());
            GcFaultProvider.SHIFT.put("gc/active/", Duration.ofHours(1)); // written by a host whose clock is an hour ahead
            long t0 = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> registry.registerModel(
                    Registration.builder("m").version("1.0.0").artifacts(artifacts("a", 2)).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).isBetween(Duration.ofSeconds(3), Duration.ofSeconds(10));
        }
    }

    @Test
    void anUnreadablePinStopsDeletesWithATypedErrorNamingItUntilItExpires() throws Exception {
        try (ModelRegistry registry = open("3")) {
            registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(artifacts("a", 3)).build());
            registry.deleteVersion("m:1.0.0");
            StorageBackend raw = raw();
            raw.putBytes("gc/pins/broken.json", "{\"schema\":1,\"digests\":[".getBytes());
            List<String> orphans = keys(raw, "blobs/");
            assertThat(orphans).isNotEmpty();
            assertThatThrownBy(() -> registry.collectGarbage(Duration.ZERO))
                    .isInstanceOf(GarbageCollectionAbortedException.class)
                    .hasMessageContaining("gc/pins/broken.json").hasMessageContaining("expires");
            assertThat(keys(raw, "blobs/")).containsExactlyInAnyOrderElementsOf(orphans);
            raw.putBytes("gc/pins/no-digests.json", "{\"schema\":1}".getBytes());
            GcFaultProvider.SHIFT.put("gc/pins/broken", Duration.ofHours(-2)); // older than the pin expiry (1 h)
            assertThatThrownBy(() -> registry.collectGarbage(Duration.ZERO))
                    .isInstanceOf(GarbageCollectionAbortedException.class)
                    .hasMessageContaining("gc/pins/no-digests.json");
            raw.delete("gc/pins/no-digests.json");
            assertThat(registry.collectGarbage(Duration.ZERO).blobsDeleted()).isEqualTo(orphans.size());
            assertThat(keys(raw, "gc/active/")).isEmpty();
        }
    }

    @Test
    void aLapsedLeaseNeverDeletesAgainEvenAfterFreshRefreshes() {
        StorageBackend backend = raw();
        CollectionLease lease = CollectionLease.acquire(backend, "gc/active/l.json", "{}".getBytes(),
                Duration.ofSeconds(3));
        try (lease) {
            lease.checkBeforeDelete(1, 0);
            GcFaultProvider.SHIFT.put("gc/active/", Duration.ofSeconds(2)); // the store's clock jumped: a gap of 2 s
            assertThatThrownBy(() -> lease.checkBeforeDelete(5, 7))
                    .isInstanceOf(GarbageCollectionAbortedException.class)
                    .hasMessageContaining("the store's clock").hasMessageContaining("5 more blobs");
            GcFaultProvider.SHIFT.clear();
            assertThatThrownBy(() -> lease.checkBeforeDelete(1, 7)).isInstanceOf(GarbageCollectionAbortedException.class);
            assertThat(lease.stillFresh()).isFalse();
        }
        assertThat(keys(backend, "gc/active/")).isEmpty();
    }
}
