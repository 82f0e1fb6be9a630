package io.jmreg.api.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map of string keys in their natural order, held in two arrays (keys shared through
 * {@link SharedKeys}); numbers are held unboxed when every value is a {@link Double}. Equal to any map of the same
 * entries; iterates in key order.
 */
final class CompactSortedMap<V> extends AbstractMap<String, V> {
    private final String[] keys;
    /** The values, or null when {@link #numbers} holds them. */
    private final Object[] values;
    private final double[] numbers;

    private CompactSortedMap(String[] keys, Object[] values, double[] numbers) {
        this.keys = keys;
        this.values = values;
        this.numbers = numbers;
    }

    /** A copy of {@code map} (not empty; a null key is refused as a sorted map refuses it). */
    static <V> CompactSortedMap<V> of(Map<String, V> map) {
        List<Map.Entry<String, V>> entries = new ArrayList<>(map.size());
        boolean allNumbers = true;
        for (Map.Entry<String, V> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new NullPointerException("null key");
            }
            entries.add(new SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            allNumbers &= e.getValue() instanceof Double;
        }
        entries.sort(Map.Entry.comparingByKey()); // stable: of equal keys the last one wins, as in a sorted map
        int n = 0;
        for (Map.Entry<String, V> e : entries) {
            if (n > 0 && entries.get(n - 1).getKey().equals(e.getKey())) {
                entries.set(n - 1, e);
            } else {
                entries.set(n++, e);
            }
        }
        String[] k = new String[n];
        for (int i = 0; i < n; i++) {
            k[i] = entries.get(i).getKey();
        }
        k = SharedKeys.of(k);
        if (allNumbers) {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = (Double) entries.get(i).getValue();
            }
            return new CompactSortedMap<>(k, null, d);
        }
        Object[] v = new Object[n];
        for (int i = 0; i < n; i++) {
            v[i] = entries.get(i).getValue();
        }
        return new CompactSortedMap<>(k, v, null);
    }

    @SuppressWarnings("unchecked")
    private V valueAt(int i) {
        return values != null ? (V) values[i] : (V) Double.valueOf(numbers[i]);
    }

    private int indexOf(Object key) {
        return key instanceof String s ? Arrays.binarySearch(keys, s) : -1;
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public V get(Object key) {
        int i = indexOf(key);
        return i >= 0 ? valueAt(i) : null;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], valueAt(i));
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
