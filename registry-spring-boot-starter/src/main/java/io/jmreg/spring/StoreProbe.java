package io.jmreg.spring;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Checks that the registry's store answers: the store itself through its backend (not the registry's caches), then
 * the newest model's log replayed from the store.
 */
final class StoreProbe implements AutoCloseable {
    private final ModelRegistry registry;
    private final StorageBackend backend; // null for stores reached through a server (http:, https:)

    StoreProbe(ModelRegistry registry, Map<String, String> properties) {
        this.registry = registry;
        String uri = registry.uri();
        int colon = uri.indexOf(':');
        String scheme = colon < 0 ? uri : uri.substring(0, colon);
        this.backend = ServiceLoader.load(StorageBackendProvider.class, StoreProbe.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.scheme().equals(scheme)).findFirst()
                .filter(p -> !scheme.equals("mem")) // a mem: store lives in the registry's own process
                .map(p -> p.open(uri, properties)).orElse(null);
    }

    /** What was found: the number of models and the newest one's state, or an exception saying what failed. */
    record Result(int models, String newest, Instant newestUpdatedAt) {
    }

    Result probe() {
        if (backend != null && backend.listChildren("").isEmpty()) {
            throw new IllegalStateException("the store at " + registry.uri() + " is empty or gone");
        }
        List<String> names = registry.listModels();
        Optional<ModelSummary> newest = names.stream().map(registry::getModel)
                .max(Comparator.comparing(ModelSummary::updatedAt));
        if (newest.isEmpty()) {
            return new Result(0, null, null);
        }
        registry.lifecycle().stateAt(newest.get().name(), Instant.now()); // replays its log from the store
        return new Result(names.size(), newest.get().name(), newest.get().updatedAt());
    }

    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
    }
}
