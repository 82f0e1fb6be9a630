package io.jmreg.core.log;

import java.util.AbstractMap;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sorted map that never changes: {@link #put} and {@link #remove} return a new map that shares all but the O(log n)
 * nodes on the changed path with this one (a path-copying AVL tree), so a {@link ModelState} derives the next state's
 * versions without copying them.
 *
 * <p>Keys are ordered and matched by the comparator alone, as in {@link java.util.TreeMap}: keys it finds equal (such
 * as versions differing only in build metadata) are one key, {@code put} keeps the stored key object and replaces its
 * value, and {@code get}/{@code remove} find the entry by any equal key. Keys and values must not be null.
 *
 * @param <K> key type
 * @param <V> value type
 */
final class PersistentSortedMap<K, V> {
    private final Comparator<? super K> order;
    private final Node<K, V> root;
    private final int size;

    /** A tree node: never modified once built; {@code height} is that of the subtree it roots (a leaf has 1). */
    private record Node<K, V>(K key, V value, Node<K, V> left, Node<K, V> right, int height) {
    }

    private PersistentSortedMap(Comparator<? super K> order, Node<K, V> root, int size) {
        this.order = order;
        this.root = root;
        this.size = size;
    }

    /** The empty map ordered by {@code order}. */
    static <K, V> PersistentSortedMap<K, V> empty(Comparator<? super K> order) {
        return new PersistentSortedMap<>(Objects.requireNonNull(order, "order"), null, 0);
    }

    /** Number of entries. */
    int size() {
        return size;
    }

    /** Height of the tree (0 when empty): at most about 1.44 log2(size + 2), which bounds every operation's cost. */
    int height() {
        return height(root);
    }

    /** True when the map has no entry. */
    boolean isEmpty() {
        return size == 0;
    }

    /** The value of the key equal to {@code key} under the comparator; null when none. */
    V get(K key) {
        Node<K, V> n = root;
        while (n != null) {
            int c = order.compare(key, n.key);
            if (c == 0) {
                return n.value;
            }
            n = c < 0 ? n.left : n.right;
        }
        return null;
    }

    /** True when a key equal to {@code key} under the comparator is present. */
    boolean containsKey(K key) {
        return get(key) != null;
    }

    /** The lowest entry (its stored key); null when empty. */
    Map.Entry<K, V> firstEntry() {
        Node<K, V> n = root;
        if (n == null) {
            return null;
        }
        while (n.left != null) {
            n = n.left;
        }
        return new AbstractMap.SimpleImmutableEntry<>(n.key, n.value);
    }

    /** The highest entry (its stored key); null when empty. */
    Map.Entry<K, V> lastEntry() {
        Node<K, V> n = root;
        if (n == null) {
            return null;
        }
        while (n.right != null) {
            n = n.right;
        }
        return new AbstractMap.SimpleImmutableEntry<>(n.key, n.value);
    }

    /**
     * This map with {@code key} mapped to {@code value}. When an equal key is present, its stored key object stays
     * and only the value is replaced.
     */
    PersistentSortedMap<K, V> put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        boolean[] added = new boolean[1];
        Node<K, V> r = put(root, key, value, added);
        return r == root ? this : new PersistentSortedMap<>(order, r, added[0] ? size + 1 : size);
    }

    private Node<K, V> put(Node<K, V> n, K key, V value, boolean[] added) {
        if (n == null) {
            added[0] = true;
            return new Node<>(key, value, null, null, 1);
        }
        int c = order.compare(key, n.key);
        if (c == 0) {
            return n.value == value ? n : new Node<>(n.key, value, n.left, n.right, n.height);
        }
        if (c < 0) {
            Node<K, V> l = put(n.left, key, value, added);
            return l == n.left ? n : balance(n.key, n.value, l, n.right);
        }
        Node<K, V> r = put(n.right, key, value, added);
        return r == n.right ? n : balance(n.key, n.value, n.left, r);
    }

    /** This map without the key equal to {@code key}; this map itself when there is none. */
    PersistentSortedMap<K, V> remove(K key) {
        Node<K, V> r = remove(root, key);
        return r == root ? this : new PersistentSortedMap<>(order, r, size - 1);
    }

    private Node<K, V> remove(Node<K, V> n, K key) {
        if (n == null) {
            return null;
        }
        int c = order.compare(key, n.key);
        if (c < 0) {
            Node<K, V> l = remove(n.left, key);
            return l == n.left ? n : balance(n.key, n.value, l, n.right);
        }
        if (c > 0) {
            Node<K, V> r = remove(n.right, key);
            return r == n.right ? n : balance(n.key, n.value, n.left, r);
        }
        if (n.left == null) {
            return n.right;
        }
        if (n.right == null) {
            return n.left;
        }
        Node<K, V> successor = n.right;
        while (successor.left != null) {
            successor = successor.left;
        }
        return balance(successor.key, successor.value, n.left, removeFirst(n.right));
    }

    private static <K, V> Node<K, V> removeFirst(Node<K, V> n) {
        return n.left == null ? n.right : balance(n.key, n.value, removeFirst(n.left), n.right);
    }

    /** Keys, lowest first, as an immutable list built by one in-order walk. */
    @SuppressWarnings("unchecked")
    List<K> keys() {
        Object[] out = new Object[size];
        walk(root, out, true, 0);
        return (List<K>) List.of(out);
    }

    /** Values in key order, as an immutable list built by one in-order walk. */
    @SuppressWarnings("unchecked")
    List<V> values() {
        Object[] out = new Object[size];
        walk(root, out, false, 0);
        return (List<V>) List.of(out);
    }

    /** Writes the keys or values of {@code n}'s subtree to {@code out} from {@code at}; returns the next index. */
    private static int walk(Node<?, ?> n, Object[] out, boolean keys, int at) {
        while (n != null) {
            at = walk(n.left, out, keys, at);
            out[at++] = keys ? n.key : n.value;
            n = n.right;
        }
        return at;
    }

    private static int height(Node<?, ?> n) {
        return n == null ? 0 : n.height;
    }

    private static <K, V> Node<K, V> node(K key, V value, Node<K, V> left, Node<K, V> right) {
        return new Node<>(key, value, left, right, 1 + Math.max(height(left), height(right)));
    }

    /**
     * A node for {@code key} over subtrees whose heights differ by at most 2 (one insertion or removal below a
     * balanced node), rotated so that they differ by at most 1.
     */
    private static <K, V> Node<K, V> balance(K key, V value, Node<K, V> left, Node<K, V> right) {
        int hl = height(left);
        int hr = height(right);
        if (hl > hr + 1) {
            if (height(left.left) >= height(left.right)) {
                return node(left.key, left.value, left.left, node(key, value, left.right, right));
            }
            Node<K, V> lr = left.right;
            return node(lr.key, lr.value, node(left.key, left.value, left.left, lr.left),
                    node(key, value, lr.right, right));
        }
        if (hr > hl + 1) {
            if (height(right.right) >= height(right.left)) {
                return node(right.key, right.value, node(key, value, left, right.left), right.right);
            }
            Node<K, V> rl = right.left;
            return node(rl.key, rl.value, node(key, value, left, rl.left),
                    node(right.key, right.value, rl.right, right.right));
        }
        return node(key, value, left, right);
    }
}
