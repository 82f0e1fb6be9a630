package io.jmreg.core.gc;

import io.jmreg.core.format.GoldenDocumentsStore;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collection-protocol documents of the golden store (a writer's pin, a running collection's marker and its start
 * trace) read with every field, as written and with unknown newer fields; {@code StoredDocumentsGoldenTest} checks that
 * the collector honours the pin and writers the marker.
 */
class GcGoldenDocumentsTest {
    private static final String COLLECTION = "d3afc329-87fa-40f2-9ff3-1f9e4514de3d";

    @ParameterizedTest(name = "unknown newer fields: {0}")
    @ValueSource(booleans = {false, true})
    void theGoldenPinMarkerAndStartTraceReadWithEveryField(boolean futureFields) throws Exception {
        String uri = GoldenDocumentsStore.load(k -> false, futureFields);
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            String pinKey = StoreLayout.GC_PINS + "ffd0ac23-ca69-4dbf-81f3-5ff2358f0c00.json";
            assertThat(Json.read(backend.getBytes(pinKey), GcDocuments.Pin.class, pinKey)).isEqualTo(new GcDocuments.Pin(1,
                    List.of("6972632de4c6fe72488515974e2288211e71bad2551d35d1578e3b94f00f494a"), "trainer",
                    Instant.parse("2026-12-07T12:20:41.134160683Z")));
            String markerKey = StoreLayout.GC_ACTIVE + COLLECTION + ".json";
            assertThat(Json.read(backend.getBytes(markerKey), GcDocuments.Marker.class, markerKey)).isEqualTo(
                    new GcDocuments.Marker(1, COLLECTION, "admin", Instant.parse("2026-12-07T12:20:43.241166564Z")));
            assertThat(backend.listChildren(StoreLayout.GC_STARTED)).containsExactly(COLLECTION + ".json");
        }
    }
}
