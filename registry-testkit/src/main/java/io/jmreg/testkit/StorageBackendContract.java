package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.FileStaging;
import io.jmreg.spi.FileTransfers;
import io.jmreg.spi.ForwardingStorageBackend;
import io.jmreg.spi.IncompleteUploads;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StagedWrites;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link StorageBackend} passes: in-memory, local and S3 behave the same. A backend's
 * test class extends this and supplies a fresh, empty backend per test.
 */
public abstract class StorageBackendContract {
    /** For subclasses that bind the suite to a backend. */
    protected StorageBackendContract() {
    }

    /** The backend under test, fresh for each test. */
    protected StorageBackend backend;

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /** Scratch space. */
    @TempDir
    protected Path temp;

    @BeforeEach
    void openBackend() throws Exception {
        backend = StorageBackends.open(storeUri(temp), Map.of());
    }

    @AfterEach
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void putThenGetReturnsTheSameBytes() throws Exception {
        byte[] data = random(100_000, 1);
        backend.put("a/b/c.bin", new ByteArrayInputStream(data), data.length);
        assertThat(readAll(backend.get("a/b/c.bin"))).isEqualTo(data);
    }

    @Test
    void putReplacesAWholeObject() throws Exception {
        backend.putBytes("k", bytes("first version, longer"));
        backend.putBytes("k", bytes("second"));
        assertThat(backend.getBytes("k")).isEqualTo(bytes("second"));
    }

    @Test
    void emptyObjectsAreObjects() {
        backend.putBytes("empty", new byte[0]);
        assertThat(backend.getBytes("empty")).isEmpty();
        assertThat(backend.stat("empty")).get().extracting(ObjectInfo::size).isEqualTo(0L);
    }

    @Test
    void anEmptyObjectReplacesAFullOneAndCreatesItsParents() {
        backend.putBytes("markers/a/b", bytes("content"));
        backend.putBytes("markers/a/b", new byte[0]);
        backend.putBytes("markers/new/deep/c", new byte[0]);
        assertThat(backend.getBytes("markers/a/b")).isEmpty();
        assertThat(backend.stat("markers/new/deep/c")).isPresent();
    }

    @Test
    void anAnnouncedCreateOnlyWriteAnnouncesBeforeTheObjectIsVisible() {
        List<String> seen = new ArrayList<>();
        Runnable announce = () -> {
            backend.putBytes("hints/h1", new byte[0]);
            seen.add(backend.stat("log/1").isPresent() ? "visible" : "absent");
        };
        assertThat(backend.putIfAbsent("log/1", bytes("entry"), announce)).isTrue();
        assertThat(seen).containsExactly("absent");
        assertThat(backend.getBytes("log/1")).isEqualTo(bytes("entry"));
        assertThat(backend.stat("hints/h1")).isPresent();
        assertThat(backend.putIfAbsent("log/1", bytes("other"), () -> { })).isFalse();
        assertThat(backend.getBytes("log/1")).isEqualTo(bytes("entry"));
    }

    @Test
    void aFailedAnnouncementWritesNothing() {
        IllegalStateException failure = new IllegalStateException("announcement refused");
        assertThatThrownBy(() -> backend.putIfAbsent("log/2", bytes("entry"), () -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(backend.stat("log/2")).isEmpty();
        assertThat(backend.putIfAbsent("log/2", bytes("entry"))).isTrue();
    }

    @Test
    void getOfAMissingKeyThrowsObjectNotFound() {
        assertThatThrownBy(() -> backend.get("no/such/key")).isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("no/such/key");
        assertThatThrownBy(() -> backend.get("no/such/key", 0, 10)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void aBoundedReadReturnsSmallObjectsAndRefusesLargerOnesNamingTheKey() {
        byte[] data = random(10_000, 3);
        backend.putBytes("bounded/doc.json", data);
        assertThat(backend.getBytesIfExists("bounded/doc.json", 10_000)).hasValueSatisfying(b -> assertThat(b)
                .isEqualTo(data));
        assertThat(backend.getBytesIfExists("bounded/missing.json", 10)).isEmpty();
        backend.putBytes("bounded/empty.json", new byte[0]);
        assertThat(backend.getBytesIfExists("bounded/empty.json", 0)).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThatThrownBy(() -> backend.getBytesIfExists("bounded/doc.json", 9_999))
                .isInstanceOf(StorageException.class).hasMessageContaining("bounded/doc.json")
                .hasMessageContaining("more than 9999 bytes");
    }

    @Test
    void rangedGetReturnsTheRangeAndStopsAtTheEnd() throws Exception {
        byte[] data = random(10_000, 2);
        backend.putBytes("r", data);
        assertThat(readAll(backend.get("r", 100, 50))).isEqualTo(Arrays.copyOfRange(data, 100, 150));
        assertThat(readAll(backend.get("r", 9_990, 100))).isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
        assertThat(readAll(backend.get("r", 0, 0))).isEmpty();
    }

    @Test
    void statReportsSizeAndTimeOrEmpty() {
        Instant before = Instant.now().minusSeconds(5);
        backend.putBytes("s/x", new byte[123]);
        ObjectInfo info = backend.stat("s/x").orElseThrow();
        assertThat(info.key()).isEqualTo("s/x");
        assertThat(info.size()).isEqualTo(123);
        assertThat(info.lastModified()).isAfter(before);
        assertThat(backend.stat("s/y")).isEmpty();
    }

    @Test
    void listReturnsKeysUnderThePrefixInOrder() {
        for (String k : List.of("p/b", "p/a", "p/c/d", "q/a", "pz")) {
            backend.putBytes(k, bytes(k));
        }
        try (Stream<ObjectInfo> s = backend.list("p/")) {
            assertThat(s.map(ObjectInfo::key).collect(Collectors.toList())).containsExactly("p/a", "p/b", "p/c/d");
        }
        try (Stream<ObjectInfo> s = backend.list("p")) {
            assertThat(s.map(ObjectInfo::key).collect(Collectors.toList())).containsExactly("p/a", "p/b", "p/c/d", "pz");
        }
        try (Stream<ObjectInfo> s = backend.list("nothing/")) {
            assertThat(s.count()).isZero();
        }
    }

    @Test
    void listChildrenReturnsImmediateChildNames() {
        for (String k : List.of("m/one/log/1", "m/one/log/2", "m/two/log/1", "m/three")) {
            backend.putBytes(k, bytes(k));
        }
        assertThat(backend.listChildren("m/")).containsExactly("one", "three", "two");
        assertThat(backend.listChildren("m/one/log/")).containsExactly("1", "2");
        assertThat(backend.listChildren("absent/")).isEmpty();
    }

    @Test
    void deleteRemovesAndReportsWhetherItExisted() {
        backend.putBytes("d", bytes("x"));
        assertThat(backend.delete("d")).isTrue();
        assertThat(backend.delete("d")).isFalse();
        assertThat(backend.stat("d")).isEmpty();
    }

    @Test
    void putIfAbsentCreatesOnceAndNeverOverwrites() {
        assertThat(backend.putIfAbsent("log/1", bytes("mine"))).isTrue();
        assertThat(backend.putIfAbsent("log/1", bytes("theirs"))).isFalse();
        assertThat(backend.getBytes("log/1")).isEqualTo(bytes("mine"));
    }

    @Test
    void eightThreadsRacingPutIfAbsentHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            String key = "race/" + round;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte[] payload = bytes("writer-" + t);
                results.add(pool.submit(() -> {
                    start.await();
                    return backend.putIfAbsent(key, payload);
                }));
            }
            start.countDown();
            int winners = 0;
            int winner = -1;
            for (int t = 0; t < threads; t++) {
                if (results.get(t).get()) {
                    winners++;
                    winner = t;
                }
            }
            pool.shutdown();
            assertThat(winners).as("winners of round %d", round).isEqualTo(1);
            assertThat(new String(backend.getBytes(key), StandardCharsets.UTF_8)).isEqualTo("writer-" + winner);
        }
    }

    @Test
    void largeObjectsStream() throws Exception {
        int size = 16 * 1024 * 1024 + 13;
        backend.put("big", new RandomStream(size, 7), size);
        assertThat(backend.stat("big").orElseThrow().size()).isEqualTo(size);
        try (InputStream expected = new RandomStream(size, 7); InputStream actual = backend.get("big")) {
            byte[] a = new byte[65536];
            byte[] b = new byte[65536];
            long total = 0;
            int n;
            while ((n = actual.readNBytes(a, 0, a.length)) > 0) {
                assertThat(expected.readNBytes(b, 0, n)).isEqualTo(n);
                assertThat(Arrays.equals(a, 0, n, b, 0, n)).as("bytes at %d", total).isTrue();
                total += n;
            }
            assertThat(total).isEqualTo(size);
        }
    }

    @Test
    void touchRefreshesLastModified() throws Exception {
        backend.putBytes("t", bytes("x"));
        Instant first = backend.stat("t").orElseThrow().lastModified();
        Thread.sleep(1_100);
        backend.touch("t");
        assertThat(backend.stat("t").orElseThrow().lastModified()).isAfter(first);
        assertThat(backend.getBytes("t")).isEqualTo(bytes("x"));
        assertThatThrownBy(() -> backend.touch("missing")).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void stagedWritesCommitOnceAndDiscardOnClose() throws Exception {
        Optional<StagedWrites> capability = backend.capability(StagedWrites.class);
        Assumptions.assumeTrue(capability.isPresent(),
                "optional capability StagedWrites not offered by " + backend.uri());
        StagedWrites staged = capability.get();
        try (StagedWrites.Staged s = staged.stage(new ByteArrayInputStream(bytes("blob")))) {
            assertThat(s.size()).isEqualTo(4);
            assertThat(backend.stat("blobs/x")).isEmpty();
            assertThat(s.commit("blobs/x")).isTrue();
        }
        try (StagedWrites.Staged s = staged.stage(new ByteArrayInputStream(bytes("other")))) {
            assertThat(s.commit("blobs/x")).isFalse();
        }
        try (StagedWrites.Staged s = staged.stage(new ByteArrayInputStream(bytes("dropped")))) {
            assertThat(s.size()).isEqualTo(7);
        }
        assertThat(backend.getBytes("blobs/x")).isEqualTo(bytes("blob"));
        try (Stream<ObjectInfo> all = backend.list("")) {
            assertThat(all.map(ObjectInfo::key).collect(Collectors.toList())).containsExactly("blobs/x");
        }
    }

    @Test
    void stagedFilesCommitOnceAndDiscardOnClose() throws Exception {
        Optional<FileStaging> capability = backend.capability(FileStaging.class);
        Assumptions.assumeTrue(capability.isPresent(),
                "optional capability FileStaging not offered by " + backend.uri());
        FileStaging staging = capability.get();
        try (FileStaging.StagedFile f = staging.newStagedFile()) {
            assertThat(Files.size(f.path())).as("a new staged file is empty").isZero();
            Files.write(f.path(), bytes("blob"));
            assertThat(backend.stat("blobs/x")).isEmpty();
            assertThat(f.commit("blobs/x")).isTrue();
        }
        Path discarded;
        try (FileStaging.StagedFile f = staging.newStagedFile()) {
            Files.write(f.path(), bytes("other"));
            assertThat(f.commit("blobs/x")).as("the key exists: not replaced").isFalse();
        }
        try (FileStaging.StagedFile f = staging.newStagedFile()) {
            discarded = f.path();
            Files.write(f.path(), bytes("dropped"));
        }
        assertThat(discarded).doesNotExist();
        assertThat(backend.getBytes("blobs/x")).isEqualTo(bytes("blob"));
        try (Stream<ObjectInfo> all = backend.list("")) {
            assertThat(all.map(ObjectInfo::key).collect(Collectors.toList())).containsExactly("blobs/x");
        }
    }

    @Test
    void aForwardingDecoratorKeepsEveryCapability() {
        ForwardingStorageBackend wrapped = new ForwardingStorageBackend(backend) {
            @Override
            public void close() {
                // the contract closes the backend itself
            }
        };
        for (Class<?> type : List.of(StagedWrites.class, FileStaging.class, FileTransfers.class,
                IncompleteUploads.class)) {
            assertThat(wrapped.capability(type)).as("%s through a decorator", type.getSimpleName())
                    .isEqualTo(backend.capability(type));
        }
        assertThat(wrapped.capability(StorageBackend.class)).containsSame(wrapped);
    }

    @Test
    void keysWithNamespacesAndDotsRoundTrip() {
        String key = "models/meta-llama~llama-2-7b/log/00000000000000000001.json";
        backend.putBytes(key, bytes("{}"));
        assertThat(backend.getBytes(key)).isEqualTo(bytes("{}"));
        assertThat(backend.listChildren("models/")).containsExactly("meta-llama~llama-2-7b");
    }

    /** Deterministic pseudo-random bytes (a function of position, so any read sizes agree) without holding them. */
    static final class RandomStream extends InputStream {
        private final long seed;
        private final long size;
        private long position;

        RandomStream(long size, long seed) {
            this.seed = seed;
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? byteAt(position++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = byteAt(position++);
            }
            return n;
        }

        private byte byteAt(long i) {
            long x = (i + seed) * 0x9E3779B97F4A7C15L;
            return (byte) (x ^ (x >>> 29));
        }
    }
}
