package io.jmreg.core.query;

import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.ModelState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The search index of one model state: for each field a query has used, the field's distinct values with the set
 * of versions holding each. A condition is then tested once per distinct value instead of once per version (a
 * model's hundred versions have one owner, a few tags, a handful of stages), and a set of versions is combined with
 * others by AND, OR and NOT. Built lazily per field, kept with the (immutable) state it indexes.
 */
public final class ModelIndex {
    private final ModelState state;
    private final List<ModelVersion> versions;
    private final Map<String, Values> byField = new ConcurrentHashMap<>();
    private final Map<String, Object[]> firstByField = new ConcurrentHashMap<>();
    private final Map<String, Optional<double[]>> numbersByField = new ConcurrentHashMap<>();
    /** Values derived per key (a sort's order), bounded. */
    private final Map<String, Object> derived = new ConcurrentHashMap<>();
    private static final int MAX_DERIVED = 16;
    /** The versions matching a field term, by the term's key (for conditions that have one); bounded. */
    private final Map<String, BitSet> terms = new ConcurrentHashMap<>();
    private static final int MAX_TERMS = 32;

    /** The distinct values of one field and, for each, the versions (by position) holding it. */
    private record Values(Object[] values, BitSet[] holders) {
    }

    private ModelIndex(ModelState state) {
        this.state = state;
        this.versions = state.versions();
    }

    /** The index of {@code state}, built once. */
    public static ModelIndex of(ModelState state) {
        return state.derived(ModelIndex.class, ModelIndex::new);
    }

    /** The indexed state. */
    public ModelState state() {
        return state;
    }

    /** Number of versions. */
    public int size() {
        return versions.size();
    }

    /** The version at {@code position} (lowest precedence first). */
    public ModelVersion version(int position) {
        return versions.get(position);
    }

    /** Every version. */
    BitSet all() {
        BitSet out = new BitSet(versions.size());
        out.set(0, versions.size());
        return out;
    }

    /** The versions {@code query} matches, one candidate at a time (for what the index does not cover). */
    BitSet scan(Query query, Instant now) {
        BitSet out = new BitSet(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            if (query.matches(new Candidate(versions.get(i), state, now))) {
                out.set(i);
            }
        }
        return out;
    }

    /**
     * The versions having a value of {@code field} that satisfies {@code condition} (a new set the caller may change);
     * remembered for the next search with the same term when the condition has a {@link Query.Condition#key}.
     */
    BitSet select(QueryFields.Field field, Query.Condition condition) {
        String key = condition.key();
        if (key == null) {
            return evaluate(field, condition);
        }
        BitSet known = terms.get(key);
        if (known == null) {
            known = evaluate(field, condition);
            if (terms.size() >= MAX_TERMS) {
                terms.clear(); // a new set of searches: forget the old terms
            }
            terms.put(key, known);
        }
        return (BitSet) known.clone();
    }

    private BitSet evaluate(QueryFields.Field field, Query.Condition condition) {
        Values index = byField.computeIfAbsent(field.key(), k -> build(field));
        BitSet out = new BitSet(versions.size());
        for (int i = 0; i < index.values().length; i++) {
            Object value = index.values()[i];
            if (value != null && condition.test(value)) {
                out.or(index.holders()[i]);
            }
        }
        return out;
    }

    /** The first value of {@code field} of the version at {@code position} (what it sorts by), or null. */
    public Object first(QueryFields.Field field, int position) {
        return column(field)[position];
    }

    /** The first value of {@code field} of every version, by position (what each sorts by; null: none); computed once. */
    public Object[] column(QueryFields.Field field) {
        return firstByField.computeIfAbsent(field.key(), k -> {
            Object[] column = new Object[versions.size()];
            for (int i = 0; i < column.length; i++) {
                List<Object> values = field.values(new Candidate(versions.get(i), state, Instant.EPOCH));
                column[i] = values.isEmpty() ? null : values.get(0);
            }
            return column;
        });
    }

    /**
     * The {@link #column} of {@code field} unboxed, NaN where a version has no value, when every value is a number
     * (a {@link Double}, never NaN); else null. Computed once.
     */
    public double[] numbers(QueryFields.Field field) {
        return numbersByField.computeIfAbsent(field.key(), k -> {
            Object[] column = column(field);
            double[] out = new double[column.length];
            for (int i = 0; i < column.length; i++) {
                if (column[i] == null) {
                    out[i] = Double.NaN;
                } else if (column[i] instanceof Double d && !d.isNaN()) {
                    out[i] = d;
                } else {
                    return Optional.empty();
                }
            }
            return Optional.of(out);
        }).orElse(null);
    }

    /**
     * A value derived from this index by {@code compute}, computed once per {@code key} (which names what it is) and
     * kept with the (immutable) state, for the last few keys: a sorted search keeps each model's versions in its
     * order here.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(String key, Function<ModelIndex, T> compute) {
        Object known = derived.get(key);
        if (known == null) {
            known = compute.apply(this);
            if (derived.size() >= MAX_DERIVED) {
                derived.clear(); // other sorts now: forget the old ones
            }
            derived.put(key, known);
        }
        return (T) known;
    }

    private Values build(QueryFields.Field field) {
        Map<Object, BitSet> holders = new LinkedHashMap<>();
        for (int i = 0; i < versions.size(); i++) {
            for (Object value : field.values(new Candidate(versions.get(i), state, Instant.EPOCH))) {
                if (value != null) {
                    holders.computeIfAbsent(value, v -> new BitSet(versions.size())).set(i);
                }
            }
        }
        List<Object> values = new ArrayList<>(holders.keySet());
        return new Values(values.toArray(), holders.values().toArray(BitSet[]::new));
    }
}
