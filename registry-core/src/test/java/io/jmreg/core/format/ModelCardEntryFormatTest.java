package io.jmreg.core.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stored form of a model card: a log entry of schema 5, op {@code UPDATE_MODEL_DESCRIPTION}, no version, field
 * {@code description}; in a checkpoint, the field {@code description} of a schema-4 document (a model without a card
 * keeps writing schema-3 checkpoints, which libraries that predate model cards read). What this library writes, and
 * that the documents as pinned here load in a fresh instance, from the log and from a checkpoint.
 */
class ModelCardEntryFormatTest {
    private static final String ENTRY_2 = "models/org~card/log/00000000000000000002.json";
    private static final String CHECKPOINT_32 = "models/org~card/checkpoints/00000000000000000032.json";

    @TempDir
    Path temp;

    private ModelRegistry open(String store, String cache) {
        return ModelRegistry.open(RegistryOptions.builder(store).principal("writer")
                .cacheDirectory(temp.resolve(cache)).build());
    }

    private static JsonNode read(String store, String key) throws Exception {
        try (StorageBackend backend = StorageBackends.open(store, Map.of())) {
            return new ObjectMapper().readTree(backend.getBytes(key));
        }
    }

    @Test
    void aModelCardChangeIsOneSchema5LogEntryNamingNoVersion() throws Exception {
        String store = "mem:card-" + UUID.randomUUID();
        try (ModelRegistry r = open(store, "c1")) {
            r.registerModel(Registration.builder("org/card").version("1.0.0").build());
            r.updateModelDescription("org/card", "# Card\n\ntext");
        }
        JsonNode e = read(store, ENTRY_2);
        assertThat(e.path("schema").asInt()).isEqualTo(5);
        assertThat(e.path("op").asText()).isEqualTo("UPDATE_MODEL_DESCRIPTION");
        assertThat(e.has("version")).isFalse();
        assertThat(e.has("record")).isFalse();
        assertThat(e.path("description").asText()).isEqualTo("# Card\n\ntext");
        assertThat(e.path("by").asText()).isEqualTo("writer");
    }

    @Test
    void aCheckpointCarriesTheCardAsSchema4AndWithoutOneStaysSchema3() throws Exception {
        String store = "mem:card-checkpoint-" + UUID.randomUUID();
        try (ModelRegistry r = open(store, "c1")) {
            r.registerModel(Registration.builder("org/card").version("1.0.0").build());
            r.updateModelDescription("org/card", "kept in the checkpoint");
            for (int i = 3; i <= 32; i++) {
                r.updateMetrics("org/card:1.0.0", Map.of("step", (double) i));
            }
        }
        JsonNode c = read(store, CHECKPOINT_32);
        assertThat(c.path("schema").asInt()).isEqualTo(4);
        assertThat(c.path("description").asText()).isEqualTo("kept in the checkpoint");
        try (ModelRegistry r = open(store, "c2")) {
            assertThat(r.getModel("org/card").description()).isEqualTo("kept in the checkpoint");
        }

        String plain = "mem:card-none-" + UUID.randomUUID();
        try (ModelRegistry r = open(plain, "c3")) {
            r.registerModel(Registration.builder("org/card").version("1.0.0").build());
            for (int i = 2; i <= 32; i++) {
                r.updateMetrics("org/card:1.0.0", Map.of("step", (double) i));
            }
        }
        JsonNode without = read(plain, CHECKPOINT_32);
        assertThat(without.path("schema").asInt()).isEqualTo(3);
        assertThat(without.has("description")).isFalse();
    }

    @Test
    void theDocumentsAsPinnedHereLoad() throws Exception {
        String store = "mem:card-pinned-" + UUID.randomUUID();
        try (ModelRegistry r = open(store, "c1")) {
            r.registerModel(Registration.builder("org/card").version("1.0.0").build());
        }
        try (StorageBackend backend = StorageBackends.open(store, Map.of())) {
            backend.putBytes(ENTRY_2, ("{\"schema\":5,\"seq\":2,\"commit_id\":\"0b6d7c1e-0000-4000-8000-000000000002\","
                    + "\"at\":\"2026-12-07T06:00:00Z\",\"by\":\"someone\",\"op\":\"UPDATE_MODEL_DESCRIPTION\","
                    + "\"description\":\"# Pinned card\"}").getBytes(StandardCharsets.UTF_8));
        }
        try (ModelRegistry r = open(store, "c2")) {
            assertThat(r.getModel("org/card").description()).isEqualTo("# Pinned card");
            assertThat(r.getModel("org/card").updatedAt()).hasToString("2026-12-07T06:00:00Z");
            assertThat(r.resolve("org/card:1.0.0").description()).isNull();
        }
    }

    @Test
    void anEmptyDescriptionRemovesTheCard() throws Exception {
        String store = "mem:card-removed-" + UUID.randomUUID();
        try (ModelRegistry r = open(store, "c1")) {
            r.registerModel(Registration.builder("org/card").version("1.0.0").build());
            r.updateModelDescription("org/card", "card");
            assertThat(r.updateModelDescription("org/card", "  ").description()).isNull();
        }
        assertThat(read(store, "models/org~card/log/00000000000000000003.json").path("description").asText()).isEmpty();
        try (ModelRegistry r = open(store, "c2")) {
            assertThat(r.getModel("org/card").description()).isNull();
        }
    }
}
