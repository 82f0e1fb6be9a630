package io.jmreg.core.audit;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which blocks of the audit chain hold entries of each resource, principal and action, so that a query naming one
 * (a version's trail on its page, one principal's entries) reads those blocks instead of the whole chain. Derived from
 * the chain and kept in memory: the first such query builds it, later ones catch up with the blocks appended since, by
 * any process (one existence check when there are none). Only positions are kept: the entries are read from their
 * blocks every time.
 */
final class AuditBlockIndex {
    /** What an entry is indexed by. */
    enum Field { RESOURCE, PRINCIPAL, ACTION }

    private final AuditChain chain;
    private final Map<Field, Map<String, Blocks>> byField = new EnumMap<>(Field.class);
    private long covered; // every block up to this one is indexed

    AuditBlockIndex(AuditChain chain) {
        this.chain = chain;
        for (Field f : Field.values()) {
            byField.put(f, new HashMap<>());
        }
    }

    /** The stored blocks holding entries whose {@code field} is {@code value}, ascending. */
    synchronized List<Long> blocksOf(Field field, String value) {
        covered = chain.scanAfter(covered, line -> {
            AuditRecord r = line.record();
            add(Field.RESOURCE, r.resource(), line.block());
            add(Field.PRINCIPAL, r.principal(), line.block());
            add(Field.ACTION, r.action(), line.block());
            return true;
        });
        Blocks b = byField.get(field).get(value);
        return b == null ? List.of() : b.list();
    }

    private void add(Field field, String value, long block) {
        if (value != null) {
            byField.get(field).computeIfAbsent(value, v -> new Blocks()).add(block);
        }
    }

    /** Block numbers, ascending and distinct, in a growing array. */
    private static final class Blocks {
        private long[] numbers = new long[2];
        private int size;

        void add(long block) {
            if (size > 0 && numbers[size - 1] >= block) {
                return; // this block is listed already (several entries, or a scan repeated after a failure)
            }
            if (size == numbers.length) {
                numbers = Arrays.copyOf(numbers, size * 2);
            }
            numbers[size++] = block;
        }

        List<Long> list() {
            return Arrays.stream(numbers, 0, size).boxed().toList();
        }
    }
}
