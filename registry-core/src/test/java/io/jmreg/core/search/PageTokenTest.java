package io.jmreg.core.search;

import io.jmreg.api.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Page tokens come from callers: they round-trip, and a forged one cannot name anything but a model. */
class PageTokenTest {
    @Test
    void aTokenRoundTrips() {
        PageToken token = new PageToken("fp", 1234, 20, Map.of("org/model-a", 7L, "b", 1L));
        PageToken back = PageToken.decode(token.encode(), "fp");
        assertThat(back.positions()).containsExactlyInAnyOrderEntriesOf(token.positions());
        assertThat(back.offset()).isEqualTo(20);
        assertThat(back.now()).isEqualTo(1234);
    }

    @Test
    void aForgedTokenNamingAPathIsRefused() {
        String forged = new PageToken("fp", 0, 0, Map.of("../../etc", 1L)).encode();
        assertThatThrownBy(() -> PageToken.decode(forged, "fp")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("../../etc");
    }

    @Test
    void aTokenOfAnotherSearchIsRefused() {
        String other = new PageToken("other", 0, 0, Map.of("a", 1L)).encode();
        assertThatThrownBy(() -> PageToken.decode(other, "fp")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("another query");
        assertThatThrownBy(() -> PageToken.decode("not-a-token", "fp")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("malformed page token");
    }
}
