package io.jmreg.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The compact maps and sets a record keeps behave as the sorted collections they replace. */
class CompactCollectionsTest {
    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void metricsAreSortedUnboxedEqualAndImmutable() {
        Map<String, Double> given = new LinkedHashMap<>();
        given.put("z.loss", 0.25);
        given.put("a.acc", -0.0);
        given.put("m.big", 1e300);
        ModelVersion v = ModelVersion.builder("m", "1.0.0", AT).metrics(given).build();

        assertThat(v.metrics()).isEqualTo(new TreeMap<>(given)).hasSameHashCodeAs(new TreeMap<>(given));
        assertThat(new ArrayList<>(v.metrics().keySet())).containsExactly("a.acc", "m.big", "z.loss");
        assertThat(v.metrics().get("a.acc")).isEqualTo(-0.0); // the sign of zero survives unboxing
        assertThat(v.metrics().get("nope")).isNull();
        assertThat(((Map<?, ?>) v.metrics()).get(42)).isNull();
        assertThat(v.metrics().toString()).isEqualTo(new TreeMap<>(given).toString());
        assertThatThrownBy(() -> v.metrics().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> v.metrics().remove("a.acc")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> v.metrics().clear()).isInstanceOf(UnsupportedOperationException.class);
        given.put("later", 1.0);
        assertThat(v.metrics()).doesNotContainKey("later"); // a copy, not a view
    }

    @Test
    void sameNamesAcrossRecordsShareNothingButNames() {
        ModelVersion a = ModelVersion.builder("a", "1.0.0", AT).metrics(Map.of("acc", 0.1, "f1", 0.2)).build();
        ModelVersion b = ModelVersion.builder("b", "1.0.0", AT).metrics(Map.of("acc", 0.9, "f1", 0.8)).build();
        ModelVersion c = ModelVersion.builder("c", "1.0.0", AT).metrics(Map.of("acc", 0.5)).build();

        assertThat(a.metrics()).containsExactlyEntriesOf(new TreeMap<>(Map.of("acc", 0.1, "f1", 0.2)));
        assertThat(b.metrics()).containsExactlyEntriesOf(new TreeMap<>(Map.of("acc", 0.9, "f1", 0.8)));
        assertThat(c.metrics()).containsExactlyEntriesOf(Map.of("acc", 0.5));
        assertThat(a.metrics()).isNotEqualTo(b.metrics());
        assertThat(a.toBuilder().build()).isEqualTo(a);
    }

    @Test
    void mapsOfOtherValuesKeepThemAndTheirNulls() {
        Map<String, String> given = new HashMap<>();
        given.put("b", null);
        given.put("a", "x");
        ModelInfo info = ModelInfo.builder().formatMetadata(given).build();

        assertThat(info.formatMetadata()).containsExactly(Map.entry("a", "x"), new SimpleEntry<>("b", null));
        assertThat(info.formatMetadata().containsKey("b")).isTrue();
        Map<String, String> withNullKey = new HashMap<>();
        withNullKey.put(null, "x");
        assertThatThrownBy(() -> ModelInfo.builder().formatMetadata(withNullKey).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void tagsWithUnusualCharactersStaySortedAndDistinct() {
        Set<String> given = new LinkedHashSet<>(List.of("env:eu", "Zeta", "a-b_c.d", "0", "lang=de"));
        ModelVersion v = ModelVersion.builder("m", "1.0.0", AT).tags(given).build();
        ModelVersion w = ModelVersion.builder("n", "2.0.0", AT).tags(Set.of("env:eu", "0")).build();

        assertThat(v.tags()).isEqualTo(new TreeSet<>(given)).hasSameHashCodeAs(new TreeSet<>(given));
        assertThat(new ArrayList<>(v.tags())).containsExactlyElementsOf(new TreeSet<>(given));
        assertThat(v.tags()).contains("env:eu").doesNotContain("env");
        assertThat(v.tags().contains(null)).isFalse();
        assertThat(((Set<?>) v.tags()).contains(42)).isFalse();
        assertThat(new ArrayList<>(w.tags())).containsExactly("0", "env:eu");
        assertThatThrownBy(() -> v.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> v.tags().iterator().remove()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyCollectionsAreSharedAndFreeFormMapsKeepOrderAndNulls() {
        ModelVersion a = ModelVersion.builder("a", "1.0.0", AT).build();
        ModelVersion b = ModelVersion.builder("b", "1.0.0", AT).metrics(new HashMap<>()).tags(new TreeSet<>()).build();
        assertThat(a.metrics()).isSameAs(b.metrics()).isEmpty();
        assertThat(a.tags()).isSameAs(b.tags()).isEmpty();
        assertThat(a.custom()).isSameAs(b.custom()).isEmpty();

        Map<String, Object> one = new HashMap<>();
        one.put("k", null);
        assertThat(ModelVersion.builder("a", "1.0.0", AT).custom(one).build().custom()).containsEntry("k", null)
                .hasSize(1);
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", 2);
        assertThat(ModelVersion.builder("a", "1.0.0", AT).custom(ordered).build().custom().keySet())
                .containsExactly("z", "a");
    }
}
