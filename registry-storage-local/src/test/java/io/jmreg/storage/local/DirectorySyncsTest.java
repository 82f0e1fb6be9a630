package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Group commit of directory fsyncs: shared by writers that arrived before one started, never by later ones. */
class DirectorySyncsTest {
    private static final Path DIR = Path.of("d");

    @Test
    void writersArrivingDuringAnFsyncShareTheNextOneAndNoneReturnsCoveredByAnEarlierOne() throws Exception {
        AtomicInteger started = new AtomicInteger();
        Semaphore release = new Semaphore(0);
        CountDownLatch firstRunning = new CountDownLatch(1);
        DirectorySyncs syncs = new DirectorySyncs(dir -> {
            started.incrementAndGet();
            firstRunning.countDown();
            release.acquireUninterruptibly();
        });
        Thread first = new Thread(() -> sync(syncs));
        first.start();
        assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
        List<Thread> later = new ArrayList<>();
        for (int i = 0; i < 6; i++) { // changes made while the first fsync runs: it may not cover them
            Thread t = new Thread(() -> sync(syncs));
            t.start();
            later.add(t);
        }
        Thread.sleep(200);
        release.release(); // the first fsync ends
        first.join(10_000);
        assertThat(first.isAlive()).isFalse();
        Thread.sleep(200);
        for (Thread t : later) {
            assertThat(t.isAlive()).as("covered only by an fsync started after its change").isTrue();
        }
        assertThat(started.get()).isEqualTo(2); // one more fsync, for all six
        release.release(100);
        for (Thread t : later) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(started.get()).isEqualTo(2);
    }

    @Test
    void aFailedFsyncIsThrownAndTheNextCallSyncsAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        DirectorySyncs syncs = new DirectorySyncs(dir -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("disk gone");
            }
        });
        assertThatThrownBy(() -> syncs.sync(DIR)).isInstanceOf(IOException.class).hasMessage("disk gone");
        syncs.sync(DIR);
        syncs.sync(DIR);
        assertThat(calls.get()).isEqualTo(3); // alone, every writer syncs for itself
    }

    private static void sync(DirectorySyncs syncs) {
        try {
            syncs.sync(DIR);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
