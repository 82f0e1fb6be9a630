package io.jmreg.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.EarlyVisibleWrites;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit: entries queued while a write is under way go out together in the next one, each thread learns its
 * own outcome (created, taken, refused announcement, unknown), and a thread alone writes a plain entry.
 */
class GroupCommitTest {
    /** A store of objects in a map whose first write waits for {@link #release}, so that others queue meanwhile. */
    private static final class Store implements EarlyVisibleWrites {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final List<List<String>> writes = new CopyOnWriteArrayList<>();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Queue<RuntimeException> failures = new ConcurrentLinkedQueue<>();

        @Override
        public boolean putIfAbsentVisibleFirst(String key, byte[] data, Runnable beforeVisible) {
            return putAllIfAbsentVisibleFirst(List.of(key), data).get(0);
        }

        @Override
        public List<Boolean> putAllIfAbsentVisibleFirst(List<String> keys, byte[] data) {
            writes.add(keys);
            firstStarted.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            RuntimeException fail = failures.poll();
            if (fail != null) {
                throw fail;
            }
            List<Boolean> created = new ArrayList<>();
            for (String key : keys) {
                created.add(objects.putIfAbsent(key, data) == null);
            }
            return created;
        }

        @Override
        public void sync(String key) {
        }

        @Override
        public void putUnsynced(String key, byte[] data) {
            objects.put(key, data);
        }
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static byte[] bytes(String text) {
        return ("{\"text\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Starts an append on another thread and waits until it is queued behind the write under way. */
    private Future<Boolean> queued(GroupCommit group, String model, long seq, Runnable beforeVisible, int queuedBefore)
            throws Exception {
        Future<Boolean> f = pool.submit(() -> group.append(model, seq, model + "/" + seq, bytes(model + seq),
                beforeVisible));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (group.queued() <= queuedBefore) {
            assertThat(System.nanoTime()).as("queued in time").isLessThan(deadline);
            Thread.sleep(1);
        }
        return f;
    }

    @Test
    void entriesQueuedDuringAWriteShareTheNextOneAndEachLearnsItsOwnOutcome() throws Exception {
        Store store = new Store();
        GroupCommit group = new GroupCommit(store);
        store.objects.put("taken/1", bytes("someone else"));
        Future<Boolean> first = pool.submit(() -> group.append("a", 1, "a/1", bytes("a1"), null));
        assertThat(store.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Boolean> b = queued(group, "b", 1, null, 0);
        Future<Boolean> taken = queued(group, "taken", 1, null, 1);
        Future<Boolean> refused = queued(group, "c", 1, () -> {
            throw new StorageException("announcement refused");
        }, 2);
        Future<Boolean> sameKey = queued(group, "b", 1, null, 3); // a second entry for b/1: waits for a later round
        store.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(taken.get(10, TimeUnit.SECONDS)).as("its key existed").isFalse();
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("announcement refused");
        assertThat(sameKey.get(10, TimeUnit.SECONDS)).as("taken by the entry before it").isFalse();
        assertThat(store.writes).containsExactly(List.of("a/1"), List.of("b/1", "taken/1"), List.of("b/1"));
        assertThat(store.objects).doesNotContainKey("c/1");
        byte[] shared = store.objects.get("b/1");
        assertThat(EntryBatch.isBatch(shared)).as("a group commit's file").isTrue();
        assertThat(EntryBatch.entryOf(shared, "b", 1, "b/1")).isEqualTo(bytes("b1"));
        assertThat(EntryBatch.isBatch(store.objects.get("a/1"))).as("alone: a plain entry").isFalse();
    }

    @Test
    void anUnknownOutcomeOfASharedWriteIsEveryonesAndAFailureFailsOnlyThatWrite() throws Exception {
        Store store = new Store();
        GroupCommit group = new GroupCommit(store);
        Future<Boolean> first = pool.submit(() -> group.append("a", 1, "a/1", bytes("a1"), null));
        assertThat(store.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Boolean> b = queued(group, "b", 1, null, 0);
        Future<Boolean> c = queued(group, "c", 1, null, 1);
        store.failures.add(new StorageException("disk full"));
        store.failures.add(new OutcomeUnknownException("sync failed"));
        store.release.countDown();
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.class)
                .hasMessageContaining("disk full");
        assertThatThrownBy(() -> b.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(OutcomeUnknownException.class);
        assertThatThrownBy(() -> c.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(OutcomeUnknownException.class);
        assertThat(group.append("d", 1, "d/1", bytes("d1"), null)).as("the next write goes on").isTrue();
    }
}
