package io.jmreg.core.query;

import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** A parsed query: a tree of AND, OR, NOT over field terms and free-text words; evaluated per {@link Candidate}. */
public sealed interface Query permits Query.All, Query.And, Query.Or, Query.Not, Query.Text, Query.FieldTerm {

    /** Whether the candidate matches. */
    boolean matches(Candidate c);

    /**
     * The versions of {@code model} this query matches, by position; the same as {@link #matches} on each version,
     * computed through the model's index where it can be.
     */
    default BitSet select(ModelIndex model, Instant now) {
        return model.scan(this, now);
    }

    /**
     * False only when no version of the model named {@code model} can match (the query requires another name), so
     * that a search skips the model's versions; true otherwise.
     */
    default boolean mayMatchModel(String model) {
        return true;
    }

    /**
     * Characters that the name of every model this query can match starts with (model names are lowercase ASCII),
     * so that a search looks only at the range of names with that prefix; null when the query implies none.
     * Only narrows: {@link #mayMatchModel} still decides.
     */
    default String namePrefix() {
        return null;
    }

    /** The longest common prefix of {@code a} and {@code b}. */
    private static String common(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return a.substring(0, n);
    }

    /** The empty query: everything. */
    record All() implements Query {
        @Override
        public boolean matches(Candidate c) {
            return true;
        }

        @Override
        public BitSet select(ModelIndex model, Instant now) {
            return model.all();
        }
    }

    /** Every part matches. */
    record And(List<Query> parts) implements Query {
        @Override
        public boolean matches(Candidate c) {
            for (Query q : parts) {
                if (!q.matches(c)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public boolean mayMatchModel(String model) {
            for (Query q : parts) {
                if (!q.mayMatchModel(model)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String namePrefix() {
            String longest = null;
            for (Query q : parts) {
                String p = q.namePrefix();
                if (p != null && (longest == null || p.length() > longest.length())) {
                    longest = p;
                }
            }
            return longest;
        }

        @Override
        public BitSet select(ModelIndex model, Instant now) {
            if (parts.isEmpty()) {
                return model.all();
            }
            BitSet out = parts.get(0).select(model, now);
            for (int i = 1; i < parts.size() && !out.isEmpty(); i++) {
                out.and(parts.get(i).select(model, now));
            }
            return out;
        }
    }

    /** Some part matches. */
    record Or(List<Query> parts) implements Query {
        @Override
        public boolean matches(Candidate c) {
            for (Query q : parts) {
                if (q.matches(c)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean mayMatchModel(String model) {
            for (Query q : parts) {
                if (q.mayMatchModel(model)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String namePrefix() {
            String prefix = null;
            for (Query q : parts) {
                String p = q.namePrefix();
                if (p == null) {
                    return null; // this part may match any name
                }
                prefix = prefix == null ? p : common(prefix, p);
            }
            return prefix;
        }

        @Override
        public BitSet select(ModelIndex model, Instant now) {
            if (parts.isEmpty()) {
                return new BitSet();
            }
            BitSet out = parts.get(0).select(model, now);
            for (int i = 1; i < parts.size(); i++) {
                out.or(parts.get(i).select(model, now));
            }
            return out;
        }
    }

    /** Plain negation. */
    record Not(Query inner) implements Query {
        @Override
        public boolean matches(Candidate c) {
            return !inner.matches(c);
        }

        @Override
        public BitSet select(ModelIndex model, Instant now) {
            BitSet out = inner.select(model, now);
            out.flip(0, model.size());
            return out;
        }
    }

    /** A free-text word: case-insensitive substring of the name, description, a tag or the type. */
    record Text(String word) implements Query {
        @Override
        public boolean matches(Candidate c) {
            String w = word.toLowerCase(Locale.ROOT);
            var v = c.version();
            if (contains(v.name(), w) || contains(v.description(), w) || contains(v.type(), w)) {
                return true;
            }
            return v.tags().stream().anyMatch(t -> contains(t, w));
        }

        private static boolean contains(String text, String lowerWord) {
            return text != null && text.toLowerCase(Locale.ROOT).contains(lowerWord);
        }
    }

    /** A field compared with a condition; a missing value never matches (not even {@code !=}). */
    record FieldTerm(QueryFields.Field field, Condition condition) implements Query {
        @Override
        public boolean matches(Candidate c) {
            for (Object value : field.values(c)) {
                if (value != null && condition.test(value)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean mayMatchModel(String model) {
            return !field.name().equalsIgnoreCase("name") || condition.test(model);
        }

        @Override
        public String namePrefix() {
            return field.name().equalsIgnoreCase("name") ? condition.requiredPrefix() : null;
        }

        @Override
        public BitSet select(ModelIndex model, Instant now) {
            return model.select(field, condition);
        }
    }

    /** A test of one (typed) value of a field. */
    @FunctionalInterface
    interface Condition {
        /** Whether the value satisfies the condition. */
        boolean test(Object value);

        /**
         * Characters that every lowercase ASCII text this condition accepts starts with, or null when it implies
         * none (any condition but a plain match of a text pattern).
         */
        default String requiredPrefix() {
            return null;
        }

        /**
         * Names the field this condition tests and what it accepts (the field's {@link QueryFields.Field#key},
         * operator and value as written), the same for conditions that accept the same values of the same field, so
         * that a model's index can remember the versions matching it; null when the condition has no such name
         * (lists, ranges, dates, versions).
         */
        default String key() {
            return null;
        }
    }

    /** A condition with a {@link #key} (and for text matches a {@link #requiredPrefix}). */
    record KeyedCondition(String key, String requiredPrefix, Predicate<Object> accepts) implements Condition {
        @Override
        public boolean test(Object value) {
            return accepts.test(value);
        }
    }
}
