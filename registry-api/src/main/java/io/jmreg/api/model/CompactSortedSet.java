package io.jmreg.api.model;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable set of strings in their natural order, held in one array shared through {@link SharedKeys}. Equal to
 * any set of the same strings; iterates in order.
 */
final class CompactSortedSet extends AbstractSet<String> {
    private final String[] items;

    private CompactSortedSet(String[] items) {
        this.items = items;
    }

    /** A copy of {@code set} (not empty; a null element is refused as a sorted set refuses it). */
    static CompactSortedSet of(Set<String> set) {
        String[] s = set.toArray(String[]::new);
        for (String item : s) {
            if (item == null) {
                throw new NullPointerException("null element");
            }
        }
        Arrays.sort(s);
        int n = 0;
        for (int i = 0; i < s.length; i++) { // a set with an unusual equality may hold equal strings
            if (n == 0 || !s[i].equals(s[n - 1])) {
                s[n++] = s[i];
            }
        }
        return new CompactSortedSet(SharedKeys.of(n == s.length ? s : Arrays.copyOf(s, n)));
    }

    @Override
    public boolean contains(Object o) {
        return o instanceof String s && Arrays.binarySearch(items, s) >= 0;
    }

    @Override
    public int size() {
        return items.length;
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < items.length;
            }

            @Override
            public String next() {
                if (next >= items.length) {
                    throw new NoSuchElementException();
                }
                return items[next++];
            }
        };
    }
}
