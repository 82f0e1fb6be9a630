package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads writing at once for a fixed time, counting what they finish: metadata-only registrations into a
 * {@code file:} store (each thread its own model), or, as the baseline, one durable write each
 * (write + fsync + rename + directory fsync of a 2 KiB document). Runs in the benchmark's JVM or, for several
 * processes on one store, as a child process:
 * {@code ConcurrentWriters registry|baseline dir threads millis tag startAtEpochMillis} prints the count.
 */
final class ConcurrentWriters {
    /** Warm-up stops this long before the common start, so that every thread is waiting when it comes. */
    private static final long WARM_UP_MARGIN_MILLIS = 500;

    private ConcurrentWriters() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(run(args[0].equals("registry"), Path.of(args[1]), Integer.parseInt(args[2]),
                Long.parseLong(args[3]), args[4], Long.parseLong(args[5])));
    }

    /** Operations finished by {@code threads} threads in {@code millis} ms. */
    static long run(boolean registry, Path dir, int threads, long millis, String tag) throws Exception {
        return run(registry, dir, threads, millis, tag, 0);
    }

    /**
     * Likewise, starting at {@code startAtEpochMillis} (so that several processes write at the same time), or now;
     * until then each thread warms up writing elsewhere (a model or directory of its own, not counted).
     */
    static long run(boolean registry, Path dir, int threads, long millis, String tag, long startAtEpochMillis)
            throws Exception {
        Files.createDirectories(dir);
        ModelRegistry r = registry ? ModelRegistry.open(RegistryOptions.builder("file:" + dir.resolve("store"))
                .cacheDirectory(dir.resolve("cache-" + tag)).build()) : null;
        try {
            byte[] doc = new byte[2048];
            new Random(1).nextBytes(doc);
            Path docs = Files.createDirectories(dir.resolve("docs"));
            Path warmUp = Files.createDirectories(dir.resolve("warm-up-" + tag));
            AtomicLong done = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            long[] end = new long[1];
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "concurrent-" + tag + "-" + t;
                Thread worker = new Thread(() -> {
                    try {
                        // until the common start, warm up (class loading, JIT) on a model or directory of its own,
                        // so that the timed window measures steady state, as in a JVM that has been running
                        for (int i = 0; System.currentTimeMillis() < startAtEpochMillis - WARM_UP_MARGIN_MILLIS; i++) {
                            if (r != null) {
                                r.registerModel(Registration.builder("warm-up-" + name).version("1.0." + i)
                                        .metric("evaluation.accuracy", 0.9).description("warm-up " + i).build());
                            } else {
                                durableWrite(warmUp, name + "-" + i, doc);
                            }
                        }
                        start.await();
                        for (int i = 0; System.nanoTime() < end[0]; i++) {
                            if (r != null) {
                                r.registerModel(Registration.builder(name).version("1.0." + i)
                                        .metric("evaluation.accuracy", 0.9).description("concurrent " + i).build());
                            } else {
                                durableWrite(docs, name + "-" + i, doc);
                            }
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                worker.start();
                workers.add(worker);
            }
            long wait = startAtEpochMillis - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            end[0] = System.nanoTime() + millis * 1_000_000;
            start.countDown();
            for (Thread w : workers) {
                w.join();
            }
            return done.get();
        } finally {
            if (r != null) {
                r.close();
            }
        }
    }

    /** One durable write: a new file written and fsynced, renamed into place, its directory fsynced. */
    static void durableWrite(Path dir, String name, byte[] doc) throws IOException {
        Path tmp = dir.resolve(name + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(doc));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
