package io.jmreg.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Sequence file names keep the form they have always had: 20 zero-padded digits, as {@code %020d} writes them. */
class StoreLayoutKeysProperties {
    @Property
    void paddedIsTheFormattersOutput(@ForAll long n) {
        assertThat(StoreLayout.padded(n)).isEqualTo(String.format("%020d", n));
    }

    @Example
    void keysOfEveryKind() {
        assertThat(StoreLayout.logKey("team/model", 7)).isEqualTo("models/team~model/log/00000000000000000007.json");
        assertThat(StoreLayout.checkpointKey("m", 1_000_000_000_000_000L))
                .isEqualTo("models/m/checkpoints/00001000000000000000.json");
        assertThat(StoreLayout.auditBlockKey(Long.MAX_VALUE)).endsWith("/09223372036854775807.jsonl");
        assertThat(StoreLayout.sequenceOf(StoreLayout.logKey("m", 42).substring("models/m/log/".length())))
                .isEqualTo(42);
        assertThat(StoreLayout.padded(0)).isEqualTo("00000000000000000000");
    }
}
