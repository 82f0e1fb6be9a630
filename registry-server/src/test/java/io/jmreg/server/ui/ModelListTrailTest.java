package io.jmreg.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model list's "Previous page" trail stays bounded however deep a reader pages (page tokens are short cursors,
 * so a thousand pages deep is reachable: the link must stay a URL servers accept).
 */
class ModelListTrailTest {
    private static Views.ModelListPage page(String token, String trail) {
        return new Views.ModelListPage(null, "", "", null, List.of(), 0, token, null, null, trail);
    }

    @Test
    void theTrailKeepsTheNewestPagesWithinItsBound() {
        assertThat(page("", "").trailOnward()).isEqualTo("-");
        assertThat(page("t1", "-").trailOnward()).isEqualTo("- t1");
        String trail = "";
        for (int i = 0; i < 1000; i++) {
            trail = page(i == 0 ? "" : "token-" + "x".repeat(140) + i, trail).trailOnward();
        }
        assertThat(trail.length()).isLessThanOrEqualTo(4096);
        assertThat(trail).endsWith(" token-" + "x".repeat(140) + 999).startsWith("token-");
        assertThat(trail.split(" ")).allMatch(t -> t.startsWith("token-x"));
    }
}
