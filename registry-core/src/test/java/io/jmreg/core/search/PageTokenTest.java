package io.jmreg.core.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.exceptions.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/**
 * Page tokens come from callers: sealed ones round-trip, name nothing, and anything else (forged, altered, of another
 * search, principal or registry instance) is refused with one message.
 */
class PageTokenTest {
    private final SecretKey key = PageToken.newKey();

    @Test
    void aSealedTokenRoundTripsAndNamesNothing() {
        PageToken token = new PageToken("fp", 1234, 20, Map.of("org/model-a", 7L, "b", 1L));
        String sealed = token.seal(key, "alice");
        PageToken back = PageToken.open(sealed, "fp", "alice", key);
        assertThat(back.positions()).containsExactlyInAnyOrderEntriesOf(token.positions());
        assertThat(back.offset()).isEqualTo(20);
        assertThat(back.now()).isEqualTo(1234);
        String decoded = new String(Base64.getUrlDecoder().decode(sealed), StandardCharsets.ISO_8859_1);
        assertThat(decoded).doesNotContain("model-a").doesNotContain("org/");
        assertThat(token.seal(key, "alice")).as("sealed afresh each time").isNotEqualTo(sealed);
    }

    @Test
    void aTokenOfAnotherSearchPrincipalOrInstanceOrAlteredIsRefusedAlike() {
        String sealed = new PageToken("fp", 0, 0, Map.of("a", 1L)).seal(key, "alice");
        byte[] bytes = Base64.getUrlDecoder().decode(sealed);
        bytes[bytes.length - 1] ^= 1;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String unsealed = new PageToken("fp", 0, 0, Map.of("a", 1L)).encode(); // the old, readable form
        Set<String> messages = new TreeSet<>();
        for (Runnable use : new Runnable[] {
                () -> PageToken.open(sealed, "other", "alice", key),
                () -> PageToken.open(sealed, "fp", "bob", key),
                () -> PageToken.open(sealed, "fp", "alice", PageToken.newKey()),
                () -> PageToken.open(altered, "fp", "alice", key),
                () -> PageToken.open(unsealed, "fp", "alice", key),
                () -> PageToken.open("not-a-token", "fp", "alice", key)}) {
            assertThatThrownBy(use::run).isInstanceOf(ValidationException.class)
                    .satisfies(e -> messages.add(e.getMessage()));
        }
        assertThat(messages).singleElement().asString().contains("page token not valid");
    }

    @Test
    void anUnsealedTokenNamingAPathIsRefusedWhenOpened() {
        String forged = new PageToken("fp", 0, 0, Map.of("../../etc", 1L)).encode();
        assertThatThrownBy(() -> PageToken.decode(forged, "fp")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("../../etc");
    }
}
