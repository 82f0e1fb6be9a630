package io.jmreg.serving;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.model.ModelVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The model that {@code name@alias} currently selects, loaded from its verified local files and re-loaded when the
 * alias moves, whoever moves it (another process, another host): the registry's {@code watch} tells, the new version
 * is pulled and loaded beside the old one, then swapped in atomically. A caller inside {@link #apply} keeps the model
 * it started with; a replaced model is closed (when {@link AutoCloseable}) once its last caller is done, so no request
 * fails because of a swap. Thread-safe; close it to stop watching (Spring does, with the context, for a bean).
 *
 * @param <T> what serves the model
 */
public final class WatchedModel<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchedModel.class);
    private final ModelRegistry registry;
    private final String reference;
    private final ModelLoader<T> loader;
    private final AtomicReference<Loaded<T>> current = new AtomicReference<>();
    private final Subscription subscription;
    private final Object swapping = new Object();
    private volatile boolean closed;

    /** A loaded model, counted by its callers plus one for being current. */
    private static final class Loaded<T> {
        final ModelVersion version;
        final Path files;
        final T model;
        final AtomicInteger users = new AtomicInteger(1);

        Loaded(ModelVersion version, Path files, T model) {
            this.version = version;
            this.files = files;
            this.model = model;
        }

        boolean acquire() {
            for (int n = users.get(); n > 0; n = users.get()) {
                if (users.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
            return false; // released for good: the caller takes the new current one
        }

        void release() {
            if (users.decrementAndGet() == 0 && model instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing the replaced model {} failed: {}", version.reference(), e.toString());
                }
            }
        }
    }

    private WatchedModel(ModelRegistry registry, String reference, ModelLoader<T> loader, Duration maxDelay) {
        this.registry = registry;
        this.reference = reference;
        this.loader = loader;
        ModelVersion first = registry.resolve(reference);
        current.set(load(first));
        this.subscription = registry.watch(reference, maxDelay, (previous, now) -> {
            if (now != null) {
                swapTo(now);
            } else {
                LOG.warn("{} selects no version any more: keeping {}", reference, version().reference());
            }
        });
        ModelVersion since = registry.resolve(reference); // a move between the first resolve and the watch
        if (!since.reference().equals(first.reference())) {
            swapTo(since);
        }
    }

    /**
     * Loads what {@code reference} selects now and follows it within {@code maxDelay} of every move.
     *
     * @throws io.jmreg.api.exceptions.RegistryException when it selects nothing or cannot be pulled
     * @throws IllegalStateException when {@code loader} fails
     */
    public static <T> WatchedModel<T> watch(ModelRegistry registry, String reference, Duration maxDelay, ModelLoader<T> loader) {
        return new WatchedModel<>(registry, reference, loader, maxDelay);
    }

    private Loaded<T> load(ModelVersion version) {
        Path files = registry.pull(version.reference());
        try {
            return new Loaded<>(version, files, loader.load(version, files));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load " + version.reference() + " (" + reference + ") from "
                    + files + ": " + e.getMessage(), e);
        }
    }

    private void swapTo(ModelVersion version) {
        synchronized (swapping) {
            if (closed || current.get().version.reference().equals(version.reference())) {
                return;
            }
            Loaded<T> next;
            try {
                next = load(version);
            } catch (RuntimeException e) {
                LOG.warn("{} moved to {} but it could not be loaded; keeping {}: {}", reference, version.reference(),
                        current.get().version.reference(), e.toString());
                return;
            }
            Loaded<T> previous = current.getAndSet(next);
            LOG.info("{} now serves {} (was {})", reference, version.reference(), previous.version.reference());
            previous.release();
        }
    }

    /** Runs {@code use} with the current model, which stays open until it returns even if a swap happens meanwhile. */
    public <R> R apply(Function<? super T, ? extends R> use) {
        while (true) {
            Loaded<T> loaded = current.get();
            if (loaded.acquire()) {
                try {
                    return use.apply(loaded.model);
                } finally {
                    loaded.release();
                }
            }
        }
    }

    /**
     * The current model, for loaders whose models need no closing (for closeable ones use {@link #apply}: a model
     * got here may be closed by a swap while still in use).
     */
    public T get() {
        return current.get().model;
    }

    /** The version currently loaded. */
    public ModelVersion version() {
        return current.get().version;
    }

    /** The verified local files of the version currently loaded. */
    public Path files() {
        return current.get().files;
    }

    /** The reference watched, e.g. {@code fraud@production}. */
    public String reference() {
        return reference;
    }

    /** Stops watching and closes the current model once its callers are done. */
    @Override
    public void close() {
        synchronized (swapping) {
            if (closed) {
                return;
            }
            closed = true;
        }
        subscription.close();
        current.get().release();
    }

    @Override
    public String toString() {
        return "WatchedModel(" + reference + " -> " + current.get().version.reference() + ")";
    }
}
