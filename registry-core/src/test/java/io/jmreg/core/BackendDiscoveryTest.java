package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.BackendNotFoundException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A URI whose scheme no provider handles is reported with the schemes that were found. */
class BackendDiscoveryTest {
    @Test
    void unknownSchemeListsWhatWasFound() {
        assertThatThrownBy(() -> ModelRegistry.open("ftp://host/models")).isInstanceOf(BackendNotFoundException.class)
                .hasMessageContaining("'ftp'").hasMessageContaining("mem");
    }

    @Test
    void uriWithoutSchemeIsExplained() {
        assertThatThrownBy(() -> ModelRegistry.open("/var/models")).isInstanceOf(BackendNotFoundException.class)
                .hasMessageContaining("no scheme");
    }
}
