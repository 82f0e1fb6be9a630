package io.jmreg.examples;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.model.ModelVersion;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A serving application: resolves {@code name@production}, materialises the verified files from the local pull
 * cache (free after the first time) and loads the model; {@link #serve} keeps serving whatever the alias points to,
 * swapping the loaded model when another process or host moves it.
 */
public final class ServingExample {
    /** A loaded model and the version it came from. */
    public record Loaded(ModelVersion version, LexiconModel model, Path files) {
    }

    private ServingExample() {
    }

    /** Loads whatever {@code reference} (e.g. {@code sentiment@production}) points to now. */
    public static Loaded load(ModelRegistry registry, String reference) {
        ModelVersion version = registry.resolve(reference);
        Path files = registry.pull(version.reference());
        return new Loaded(version, LexiconModel.load(files), files);
    }

    /**
     * Serves {@code reference}: loads it now, then watches it and swaps in the new model (loaded before the swap, so
     * requests never see a half-loaded one) within {@code maxDelay} of every move. When the reference stops selecting
     * anything, the loaded model keeps serving. Close to stop watching.
     */
    public static HotSwap serve(ModelRegistry registry, String reference, Duration maxDelay) {
        AtomicReference<Loaded> current = new AtomicReference<>(load(registry, reference));
        Subscription watch = registry.watch(reference, maxDelay, (before, now) -> {
            if (now != null) {
                current.set(load(registry, now.reference()));
            }
        });
        return new HotSwap(current, watch);
    }

    /** The model being served, swapped in place when the watched reference moves. */
    public static final class HotSwap implements AutoCloseable {
        private final AtomicReference<Loaded> current;
        private final Subscription watch;

        private HotSwap(AtomicReference<Loaded> current, Subscription watch) {
            this.current = current;
            this.watch = watch;
        }

        /** The model serving requests now. */
        public Loaded current() {
            return current.get();
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
