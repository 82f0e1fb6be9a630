package io.jmreg.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored form of a description change (log entry schema 4, op {@code UPDATE_DESCRIPTION}, field
 * {@code description}): what this library writes, and that the document as written here loads in a fresh instance.
 */
class DescriptionEntryFormatTest {
    @TempDir
    Path temp;

    private ModelRegistry open(String store, String cache) {
        return ModelRegistry.open(RegistryOptions.builder(store).principal("writer")
                .cacheDirectory(temp.resolve(cache)).build());
    }

    private static final String ENTRY_2 = "models/org~card/log/00000000000000000002.json";

    @Test
    void aDescriptionChangeIsOneSchema4LogEntry() throws Exception {
        String store = "mem:description-" + UUID.randomUUID();
        try (ModelRegistry r = open(store, "c1")) {
            r.registerModel(Registration.builder("org/card").version("1.0.0").description("old").build());
            r.updateDescription("org/card:1.0.0", "# New\n\ntext");
        }
        JsonNode e;
        try (StorageBackend backend = StorageBackends.open(store, Map.of())) {
            e = new ObjectMapper().readTree(backend.getBytes(ENTRY_2));
        }
        assertThat(e.path("schema").asInt()).isEqualTo(4);
        assertThat(e.path("op").asText()).isEqualTo("UPDATE_DESCRIPTION");
        assertThat(e.path("version").asText()).isEqualTo("1.0.0");
        assertThat(e.path("description").asText()).isEqualTo("# New\n\ntext");
        assertThat(e.has("record")).isFalse();
        assertThat(e.path("by").asText()).isEqualTo("writer");
    }

    @Test
    void theDocumentAsPinnedHereLoads() throws Exception {
        String store = "mem:pinned-" + UUID.randomUUID();
        try (ModelRegistry r = open(store, "c2")) {
            r.registerModel(Registration.builder("org/card").version("1.0.0").description("old").build());
        }
        try (StorageBackend backend = StorageBackends.open(store, Map.of())) {
            backend.putBytes(ENTRY_2, ("{\"schema\":4,\"seq\":2,\"commit_id\":\"0b6d7c1e-0000-4000-8000-000000000002\","
                    + "\"at\":\"2026-12-07T06:00:00Z\",\"by\":\"someone\",\"op\":\"UPDATE_DESCRIPTION\","
                    + "\"version\":\"1.0.0\",\"description\":\"pinned\"}").getBytes(StandardCharsets.UTF_8));
        }
        try (ModelRegistry r = open(store, "c3")) {
            assertThat(r.resolve("org/card:1.0.0").description()).isEqualTo("pinned");
            assertThat(r.resolve("org/card:1.0.0").updatedAt()).hasToString("2026-12-07T06:00:00Z");
        }
    }
}
