package io.jmreg.core.search;

import io.jmreg.api.exceptions.QueryException;
import io.jmreg.core.query.Candidate;
import io.jmreg.core.query.QueryFields;
import io.jmreg.core.versions.SemverOrder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Sort keys such as {@code metrics.rag_accuracy:desc,created_at}: any field, ascending unless {@code :desc}; missing
 * values last in both directions; ties by name, then version precedence, ascending.
 */
final class SortOrder {
    private SortOrder() {
    }

    static Comparator<Candidate> parse(String sort) {
        Comparator<Candidate> order = null;
        int offset = 0;
        for (String key : sort.split(",", -1)) {
            String spec = key.strip();
            int at = offset + key.indexOf(spec.isEmpty() ? key : spec);
            offset += key.length() + 1;
            if (spec.isEmpty()) {
                if (sort.isBlank()) {
                    break;
                }
                throw new QueryException(sort, at, "empty sort key", List.of("a field name"));
            }
            boolean descending = false;
            String field = spec;
            int colon = spec.lastIndexOf(':');
            if (colon > 0) {
                String direction = spec.substring(colon + 1).toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw new QueryException(sort, at + colon + 1, "unknown sort direction '" + direction + "'",
                            List.of("asc", "desc"));
                }
                descending = direction.equals("desc");
                field = spec.substring(0, colon);
            }
            QueryFields.Field f = QueryFields.field(field);
            if (f == null) {
                String suggestion = QueryFields.suggestion(field.split("\\.")[0]);
                throw new QueryException(sort, at, "unknown sort field '" + field + "'"
                        + (suggestion == null ? "" : "; did you mean '" + suggestion + "'?"), List.of("a field name"));
            }
            Comparator<Candidate> byKey = byField(f, descending);
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        Comparator<Candidate> ties = Comparator.comparing((Candidate c) -> c.version().name())
                .thenComparing((a, b) -> SemverOrder.PRECEDENCE.compare(a.version().version(), b.version().version()));
        return order == null ? ties : order.thenComparing(ties);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Candidate> byField(QueryFields.Field f, boolean descending) {
        return (a, b) -> {
            Object x = first(f, a);
            Object y = first(f, b);
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
        };
    }

    private static Object first(QueryFields.Field f, Candidate c) {
        List<Object> values = new ArrayList<>(f.values(c));
        return values.isEmpty() ? null : values.get(0);
    }
}
