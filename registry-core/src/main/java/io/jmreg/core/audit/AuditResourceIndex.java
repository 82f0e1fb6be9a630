package io.jmreg.core.audit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Which blocks of the audit chain hold entries of each resource, so that a query for one resource (a version's trail
 * on its page) reads those blocks instead of the whole chain. Derived from the chain and kept in memory: the first
 * such query builds it, later ones catch up with the blocks appended since, by any process (one existence check when
 * there are none). Only positions are kept: the entries are read from their blocks every time.
 */
final class AuditResourceIndex {
    private final AuditChain chain;
    private final Map<String, Blocks> byResource = new HashMap<>();
    private long covered; // every block up to this one is indexed

    AuditResourceIndex(AuditChain chain) {
        this.chain = chain;
    }

    /** The stored blocks holding entries of {@code resource}, ascending. */
    synchronized List<Long> blocksOf(String resource) {
        if (chain.exists(covered + 1)) {
            long newest = chain.newestBlockFrom(covered + 1);
            List<Long> fresh = LongStream.rangeClosed(covered + 1, newest).boxed().toList();
            chain.scan(fresh, line -> {
                byResource.computeIfAbsent(line.record().resource(), r -> new Blocks()).add(line.block());
                return true;
            });
            covered = newest;
        }
        Blocks b = byResource.get(resource);
        return b == null ? List.of() : b.list();
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
