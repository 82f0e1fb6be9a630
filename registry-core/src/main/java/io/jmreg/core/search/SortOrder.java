package io.jmreg.core.search;

import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.query.Candidate;
import io.jmreg.core.query.ModelIndex;
import io.jmreg.core.query.QueryFields;
import io.jmreg.core.query.QueryParser;
import io.jmreg.core.semver.SemverOrder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Sort keys such as {@code metrics.rag_accuracy:desc,created_at}: any field, ascending unless {@code :desc}; missing
 * values last in both directions; ties by name, then version precedence, ascending.
 */
final class SortOrder {
    private static final Comparator<Candidate> TIES = Comparator.comparing((Candidate c) -> c.version().name())
            .thenComparing((a, b) -> SemverOrder.PRECEDENCE.compare(a.version().version(), b.version().version()));

    private final List<QueryFields.Field> fields;
    private final boolean[] descending;
    private final Comparator<Keyed> order;
    /** Names this order among those of other sort keys (each field by type and name, and its direction). */
    private final String key;

    /** A candidate with its sort values, read once. */
    private record Keyed(Candidate candidate, Object[] keys) {
    }

    private SortOrder(List<QueryFields.Field> fields, List<Boolean> descending) {
        this.fields = fields;
        this.descending = new boolean[descending.size()];
        for (int i = 0; i < this.descending.length; i++) {
            this.descending[i] = descending.get(i);
        }
        this.order = this::compare;
        StringBuilder k = new StringBuilder("sort");
        for (int i = 0; i < fields.size(); i++) {
            k.append(',').append(fields.get(i).key()).append(this.descending[i] ? ":desc" : ":asc");
        }
        this.key = k.toString();
    }

    /** The order of sort keys such as {@code metrics.rag_accuracy:desc,custom."my key"} (see {@link QueryParser#parseSort}). */
    static SortOrder parse(String sort) {
        List<QueryFields.Field> fields = new ArrayList<>();
        List<Boolean> directions = new ArrayList<>();
        for (QueryParser.SortKey key : QueryParser.parseSort(sort)) {
            fields.add(key.field());
            directions.add(key.descending());
        }
        return new SortOrder(List.copyOf(fields), directions);
    }

    /**
     * The first {@code count} of {@code matches} in this order (each candidate's sort values are read once; a heap
     * keeps only {@code count} when that is far fewer than the matches).
     */
    List<Candidate> first(List<Candidate> matches, int count) {
        int n = Math.min(count, matches.size());
        if (n <= 0) {
            return List.of();
        }
        List<Keyed> keyed;
        if (n < matches.size() / 4) {
            PriorityQueue<Keyed> worstFirst = new PriorityQueue<>(n + 1, order.reversed());
            for (Candidate c : matches) {
                Keyed k = keyed(c);
                if (worstFirst.size() < n) {
                    worstFirst.add(k);
                } else if (order.compare(k, worstFirst.peek()) < 0) {
                    worstFirst.poll();
                    worstFirst.add(k);
                }
            }
            keyed = new ArrayList<>(worstFirst);
        } else {
            keyed = new ArrayList<>(matches.size());
            for (Candidate c : matches) {
                keyed.add(keyed(c));
            }
        }
        keyed.sort(order);
        List<Candidate> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(keyed.get(i).candidate());
        }
        return out;
    }

    /** A collector of the first {@code count} candidates offered, in this order. */
    TopK top(int count) {
        return new TopK(Math.max(0, count));
    }

    /**
     * The first {@code count} of the versions offered to it, in this order: a bounded heap whose worst member a new
     * version is compared with straight from its model's index, so a version that does not make the cut costs no
     * allocation. Without sort keys, versions offered in name and version order are already in this order, so the
     * first {@code count} are kept and the rest ignored.
     */
    final class TopK {
        private final int count;
        private final PriorityQueue<Keyed> worstFirst;

        private TopK(int count) {
            this.count = count;
            this.worstFirst = new PriorityQueue<>(Math.min(count, 1024) + 1, order.reversed());
        }

        /**
         * Offers every version of {@code index} in {@code hits} that {@code visible} accepts and returns how many
         * there are. With sort keys it walks the model's versions best first (their order computed once per model
         * and sort) and stops at the first that does not beat the worst kept: those after it in that order cannot
         * either. Without sort keys, models must come in name order.
         */
        int offerModel(ModelIndex index, BitSet hits, Predicate<ModelVersion> visible, Instant now) {
            boolean everything = visible == SearchService.EVERYTHING;
            int matches = everything ? hits.cardinality() : 0;
            for (int i = everything ? -1 : hits.nextSetBit(0); i >= 0; i = hits.nextSetBit(i + 1)) {
                if (visible.test(index.version(i))) {
                    matches++;
                }
            }
            if (matches == 0 || count == 0) {
                return matches;
            }
            if (fields.isEmpty()) {
                for (int i = hits.nextSetBit(0); i >= 0 && worstFirst.size() < count; i = hits.nextSetBit(i + 1)) {
                    if (visible.test(index.version(i))) {
                        worstFirst.add(keyed(new Candidate(index, i, now)));
                    }
                }
                return matches;
            }
            Columns sorted = index.derived(key, SortOrder.this::columnsOf);
            Object[][] cols = sorted.columns();
            double[][] nums = sorted.numbers();
            for (int p : sorted.best()) {
                if (!hits.get(p) || (!everything && !visible.test(index.version(p)))) {
                    continue;
                }
                if (worstFirst.size() < count) {
                    worstFirst.add(keyed(new Candidate(index, p, now)));
                } else if (beats(cols, nums, index, p, worstFirst.peek())) {
                    worstFirst.poll();
                    worstFirst.add(keyed(new Candidate(index, p, now)));
                } else {
                    break;
                }
            }
            return matches;
        }

        /** The candidates kept, in this order. */
        List<Candidate> result() {
            List<Keyed> keyed = new ArrayList<>(worstFirst);
            keyed.sort(order);
            List<Candidate> out = new ArrayList<>(keyed.size());
            for (Keyed k : keyed) {
                out.add(k.candidate());
            }
            return out;
        }
    }

    /**
     * Whether the version at {@code position} of {@code index}, whose sort values are in {@code columns} (unboxed in
     * {@code numbers} where not null), comes before {@code k} in this order.
     */
    private boolean beats(Object[][] columns, double[][] numbers, ModelIndex index, int position, Keyed k) {
        for (int i = 0; i < descending.length; i++) {
            Object y = k.keys()[i];
            int c;
            if (numbers[i] != null && (y == null || y instanceof Double)) { // as compareValues, without boxes
                c = compareNumbers(numbers[i][position], y == null ? Double.NaN : (Double) y, descending[i]);
            } else {
                c = compareValues(fields.get(i), columns[i][position], y, descending[i]);
            }
            if (c != 0) {
                return c < 0;
            }
        }
        ModelVersion v = index.version(position);
        int c = v.name().compareTo(k.candidate().version().name());
        if (c == 0) {
            c = SemverOrder.PRECEDENCE.compare(v.version(), k.candidate().version().version());
        }
        return c < 0;
    }

    /**
     * A model's sort columns (unboxed where every value is a number) and its versions' positions in this order,
     * best first.
     */
    private record Columns(Object[][] columns, double[][] numbers, int[] best) {
    }

    private Columns columnsOf(ModelIndex index) {
        Object[][] cols = new Object[fields.size()][];
        double[][] nums = new double[fields.size()][];
        for (int i = 0; i < cols.length; i++) {
            cols[i] = index.column(fields.get(i));
            nums[i] = index.numbers(fields.get(i));
        }
        Integer[] boxed = new Integer[index.size()];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> comparePositions(index, cols, nums, a, b));
        int[] best = new int[boxed.length];
        for (int i = 0; i < best.length; i++) {
            best[i] = boxed[i];
        }
        return new Columns(cols, nums, best);
    }

    /**
     * This order between the versions at positions {@code a} and {@code b} of one model, whose sort values are in
     * {@code columns} (unboxed in {@code numbers} where not null): as {@link #compare}, without boxes.
     */
    private int comparePositions(ModelIndex index, Object[][] columns, double[][] numbers, int a, int b) {
        for (int i = 0; i < descending.length; i++) {
            int c;
            if (numbers[i] != null) {
                c = compareNumbers(numbers[i][a], numbers[i][b], descending[i]);
            } else {
                c = compareValues(fields.get(i), columns[i][a], columns[i][b], descending[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return SemverOrder.PRECEDENCE.compare(index.version(a).version(), index.version(b).version());
    }

    private Keyed keyed(Candidate c) {
        Object[] keys = new Object[fields.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = c.sortValue(fields.get(i));
        }
        return new Keyed(c, keys);
    }

    private int compare(Keyed a, Keyed b) {
        for (int i = 0; i < descending.length; i++) {
            int c = compareValues(fields.get(i), a.keys()[i], b.keys()[i], descending[i]);
            if (c != 0) {
                return c;
            }
        }
        return TIES.compare(a.candidate(), b.candidate());
    }

    /** As {@link #compareValues} for two numbers, unboxed: NaN stands for no value, last in both directions. */
    private static int compareNumbers(double x, double y, boolean descending) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.isNaN(x) == Double.isNaN(y) ? 0 : Double.isNaN(x) ? 1 : -1;
        }
        return descending ? -Double.compare(x, y) : Double.compare(x, y);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(QueryFields.Field f, Object x, Object y, boolean descending) {
        if (x == null || y == null) {
            return x == null && y == null ? 0 : x == null ? 1 : -1; // missing last, whatever the direction
        }
        int c;
        if (f.type() == QueryFields.Type.VERSION) {
            c = SemverOrder.PRECEDENCE.compare((String) x, (String) y);
        } else if (x instanceof String s && y instanceof String t) {
            c = s.compareToIgnoreCase(t);
        } else if (x.getClass() == y.getClass() && x instanceof Comparable cx) {
            c = cx.compareTo(y);
        } else {
            c = x.getClass().getName().compareTo(y.getClass().getName());
        }
        return descending ? -c : c;
    }
}
