package io.jmreg.core.blobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task per item on at most {@code concurrency} threads (the caller's included), for the many small files
 * of an artifact: the first failure stops the items not yet started and is rethrown as it was.
 */
public final class Parallel {
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "jmreg-transfer");
        t.setDaemon(true);
        return t;
    });

    /** A task over one item that may throw. */
    @FunctionalInterface
    public interface Task<T> {
        /** Handles one item. */
        void run(T item) throws Exception;
    }

    private Parallel() {
    }

    /** Runs {@code task} for every item, at most {@code concurrency} at once; returns when all are done. */
    public static <T> void forEach(List<T> items, int concurrency, Task<T> task) {
        if (items.isEmpty()) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < items.size()) {
                try {
                    task.run(items.get(i));
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        int helpers = Math.min(Math.max(1, concurrency), items.size()) - 1;
        List<Future<?>> futures = new ArrayList<>();
        for (int h = 0; h < helpers; h++) {
            futures.add(WORKERS.submit(worker));
        }
        worker.run();
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
                futures.forEach(x -> x.cancel(true));
            } catch (ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        if (t != null) {
            throw new UncheckedIOException(t instanceof IOException io ? io : new IOException(t));
        }
    }
}
