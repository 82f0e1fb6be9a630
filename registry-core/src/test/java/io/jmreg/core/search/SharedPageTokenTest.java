package io.jmreg.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import java.nio.file.Path;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Page tokens are sealed under a key kept in the store: another process (instance) on the same store continues a
 * search (the CLI's {@code --page-token}), while another store or another principal is refused alike.
 */
class SharedPageTokenTest {
    @TempDir
    Path temp;

    private ModelRegistry open(String uri, String cache) {
        return ModelRegistry.open(RegistryOptions.builder(uri).principal("alice").cacheDirectory(temp.resolve(cache))
                .build());
    }

    @Test
    void aTokenContinuesOnAnotherInstanceOfTheSameStoreOnly() {
        String store = "mem:shared-tokens-" + UUID.randomUUID();
        try (ModelRegistry first = open(store, "c1"); ModelRegistry second = open(store, "c2");
             ModelRegistry elsewhere = open("mem:other-tokens-" + UUID.randomUUID(), "c3")) {
            for (String n : new String[] {"a", "b", "c"}) {
                first.registerModel(Registration.builder(n).version("1.0.0").build());
                elsewhere.registerModel(Registration.builder(n).version("1.0.0").build());
            }
            SearchPage<ModelVersion> page1 = first.search().versions(SearchRequest.of("").limit(1));
            assertThat(page1.nextPageToken()).isNotNull();
            SearchPage<ModelVersion> page2 = second.search().versions(SearchRequest.of("").limit(1).next(page1));
            assertThat(page2.items()).extracting(ModelVersion::reference).containsExactly("b:1.0.0");
            String refused = Assertions.catchThrowable(() -> elsewhere.search()
                    .versions(SearchRequest.of("").limit(1).next(page1))).getMessage();
            assertThat(refused).contains("page token not valid here");
            assertThatThrownBy(() -> second.as("bob").search().versions(SearchRequest.of("").limit(1).next(page1)))
                    .isInstanceOf(ValidationException.class).hasMessage(refused);
        }
    }
}
