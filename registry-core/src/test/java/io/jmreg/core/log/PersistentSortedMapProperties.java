package io.jmreg.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.core.semver.SemverOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link PersistentSortedMap} against {@link TreeMap} with the same comparator (semantic-version precedence, under
 * which versions differing only in build metadata are one key): random puts and removes give the same answers to every
 * question, and every earlier map is left as it was.
 */
class PersistentSortedMapProperties {
    /** One step: a put of {@code key} to {@code value}, or a remove of {@code key}. */
    record Step(boolean put, String key, Integer value) {
    }

    /** Versions from a small space, so that steps hit present keys and keys of equal precedence often. */
    @Provide
    Arbitrary<String> versions() {
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 4);
        Arbitrary<String> pre = Arbitraries.of("", "-alpha", "-rc.1", "-rc.2");
        Arbitrary<String> build = Arbitraries.of("", "", "+a", "+b", "+b.7");
        return Combinators.combine(part, part, pre, build).as((minor, patch, p, b) -> "1." + minor + "." + patch + p + b);
    }

    @Provide
    Arbitrary<List<Step>> scripts() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 9), versions(),
                        Arbitraries.integers().between(0, 1000))
                .as((kind, key, value) -> new Step(kind < 6, key, value));
        return step.list().ofMinSize(1).ofMaxSize(300);
    }

    @Property(tries = 300)
    void answersAsATreeMapDoesAndNeverChangesAnEarlierMap(@ForAll("scripts") List<Step> script,
                                                          @ForAll("versions") String probe) {
        PersistentSortedMap<String, Integer> map = PersistentSortedMap.empty(SemverOrder.PRECEDENCE);
        TreeMap<String, Integer> expected = new TreeMap<>(SemverOrder.PRECEDENCE);
        List<PersistentSortedMap<String, Integer>> maps = new ArrayList<>();
        List<TreeMap<String, Integer>> snapshots = new ArrayList<>();
        for (Step s : script) {
            PersistentSortedMap<String, Integer> before = map;
            if (s.put()) {
                map = map.put(s.key(), s.value());
                expected.put(s.key(), s.value());
            } else {
                boolean present = expected.containsKey(s.key());
                map = map.remove(s.key());
                expected.remove(s.key());
                if (!present) {
                    assertThat(map).isSameAs(before);
                }
            }
            assertSame(map, expected, s.key());
            assertSame(map, expected, probe);
            maps.add(map);
            snapshots.add(new TreeMap<>(expected));
        }
        for (int i = 0; i < maps.size(); i++) {
            assertSame(maps.get(i), snapshots.get(i), probe);
        }
    }

    @Example
    void putOfAnEqualPrecedenceKeepsTheStoredKeyAndReplacesTheValue() {
        PersistentSortedMap<String, Integer> a = PersistentSortedMap.<String, Integer>empty(SemverOrder.PRECEDENCE)
                .put("1.0.0+a", 1);
        PersistentSortedMap<String, Integer> b = a.put("1.0.0+b", 2);

        assertThat(b.keys()).containsExactly("1.0.0+a");
        assertThat(b.get("1.0.0")).isEqualTo(2);
        assertThat(b.firstEntry()).isEqualTo(Map.entry("1.0.0+a", 2));
        assertThat(a.get("1.0.0+b")).isEqualTo(1);
        assertThat(b.remove("1.0.0+c").isEmpty()).isTrue();
        assertThat(b.keys()).containsExactly("1.0.0+a");
    }

    @Example
    void staysBalancedWhenKeysArriveInOrder() {
        PersistentSortedMap<String, Integer> map = PersistentSortedMap.empty(SemverOrder.PRECEDENCE);
        for (int i = 0; i < 4096; i++) {
            map = map.put("1." + (i / 64) + "." + (i % 64), i);
        }
        assertThat(map.size()).isEqualTo(4096);
        assertThat(map.height()).isLessThanOrEqualTo(13); // a perfectly balanced tree of 4096 has height 13
        for (int i = 0; i < 4096; i += 2) {
            map = map.remove("1." + (i / 64) + "." + (i % 64));
        }
        assertThat(map.size()).isEqualTo(2048);
        assertThat(map.height()).isLessThanOrEqualTo(16); // an AVL tree of 2048 is at most 1.44 log2(2050) high
        assertThat(map.firstEntry().getValue()).isEqualTo(1);
    }

    /** Every observable of {@code map} matches {@code expected}; {@code key} is looked up in both. */
    private static void assertSame(PersistentSortedMap<String, Integer> map, TreeMap<String, Integer> expected,
                                   String key) {
        assertThat(map.size()).isEqualTo(expected.size());
        assertThat(map.isEmpty()).isEqualTo(expected.isEmpty());
        assertThat(map.get(key)).isEqualTo(expected.get(key));
        assertThat(map.containsKey(key)).isEqualTo(expected.containsKey(key));
        assertThat(map.firstEntry()).isEqualTo(expected.firstEntry());
        assertThat(map.lastEntry()).isEqualTo(expected.lastEntry());
        assertThat(map.keys()).containsExactlyElementsOf(expected.keySet());
        assertThat(map.values()).containsExactlyElementsOf(expected.values());
        int log = 32 - Integer.numberOfLeadingZeros(map.size() + 2);
        assertThat(map.height()).isLessThanOrEqualTo((int) (1.45 * log));
    }
}
