package io.jmreg.core.query;

import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.core.expression.CustomValues;
import java.math.BigDecimal;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** The fields of the query language, each with the type that decides how its values parse and compare. */
public final class QueryFields {
    private QueryFields() {
    }

    /** How a field's values parse and compare. */
    public enum Type {
        /** Whole value, case-insensitive, wildcards {@code *} and {@code ?} unless quoted. */
        TEXT,
        /** Ordered lite &lt; standard &lt; professional. */
        TIER,
        /** Semantic Versioning precedence, or an npm range. */
        VERSION,
        /** Numbers. */
        NUMBER,
        /** Instants (ISO dates, relative times). */
        DATE,
        /** Free-form JSON: numbers compare as numbers, text as text. */
        CUSTOM
    }

    /**
     * A field of a query.
     *
     * @param name   as written
     * @param type   its type
     * @param values its values on a candidate (several for tags, aliases, environments, metrics of any group)
     * @param key    names the field among others (its type and name), for the indexes kept per field
     */
    public record Field(String name, Type type, Function<Candidate, List<Object>> values, String key) {
        /** A field keyed by its type and name. */
        public Field(String name, Type type, Function<Candidate, List<Object>> values) {
            this(name, type, values, type + ":" + name);
        }

        /** The field's values on a candidate (read once per candidate and field in a row: a filter then a sort). */
        public List<Object> values(Candidate c) {
            return c.valuesOf(this);
        }
    }

    /** Names offered in errors and as "did you mean" suggestions. */
    static final List<String> KNOWN = List.of("name", "version", "stage", "alias", "kind", "tier", "deployed", "tags",
            "owner", "type", "method", "base_model", "size", "parameters", "created_at", "updated_at", "metrics",
            "custom", "description");

    /**
     * Resolves a field path (segments as written: {@code metrics.rag_accuracy}, {@code custom."my key"}); null when
     * the first segment is unknown.
     */
    public static Field resolve(List<String> path) {
        String name = written(path);
        String head = path.get(0).toLowerCase(Locale.ROOT);
        if (path.size() == 1) {
            return switch (head) {
                case "name" -> text(name, v -> v.version().name());
                case "description" -> text(name, v -> v.version().description());
                case "owner" -> text(name, v -> v.version().owner());
                case "type" -> text(name, v -> v.version().type());
                case "method" -> text(name, v -> v.version().modelInfo().fineTuningMethod());
                case "base_model" -> text(name, v -> {
                    String b = v.version().modelInfo().baseModel();
                    return b != null ? b : v.version().lineage().baseModel();
                });
                case "stage" -> text(name, v -> v.version().stage());
                case "kind" -> text(name, v -> v.version().kind().name());
                case "tags" -> new Field(name, Type.TEXT, c -> new SetAsList(c.version().tags()));
                case "alias" -> new Field(name, Type.TEXT, c -> List.copyOf(c.aliases()));
                case "deployed" -> new Field(name, Type.TEXT, c -> List.copyOf(c.deployedTo()));
                case "tier" -> new Field(name, Type.TIER, c -> single(c.version().tier()));
                case "version" -> new Field(name, Type.VERSION, c -> single(c.version().version()));
                case "size" -> number(name, c -> c.version().artifacts().totalSize());
                case "parameters" -> number(name, c -> c.version().modelInfo().totalParameters());
                case "created_at" -> new Field(name, Type.DATE, c -> single(c.version().created()));
                case "updated_at" -> new Field(name, Type.DATE, c -> single(c.version().updatedAt()));
                default -> null;
            };
        }
        String rest = String.join(".", path.subList(1, path.size()));
        return switch (head) {
            case "metrics" -> {
                String anyGroup = "." + rest;
                yield new Field(name, Type.NUMBER, c -> metrics(c.version(), rest, anyGroup));
            }
            case "tags" -> new Field(name, Type.TEXT, c -> taggedValues(c.version(), rest));
            case "custom" -> new Field(name, Type.CUSTOM, c -> single(CustomValues.at(c.version().custom(), path.subList(1, path.size()))));
            default -> null;
        };
    }

    /**
     * The canonical written form of a field path, which is also its identity (indexes and caches key fields by it):
     * segments that are not plain identifiers are quoted, so {@code custom."team.id"} (one key with a dot) and
     * {@code custom.team.id} (nested keys) stay two fields.
     */
    static String written(List<String> path) {
        StringBuilder out = new StringBuilder(path.get(0));
        for (String segment : path.subList(1, path.size())) {
            out.append('.');
            if (isIdentifier(segment)) {
                out.append(segment);
            } else {
                out.append('"').append(segment.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return out.toString();
    }

    /** Whether the query language reads {@code s} unquoted as one field segment (as {@code QueryParser} does). */
    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The known field nearest to {@code unknown} (edit distance at most 2), or null. */
    public static String suggestion(String unknown) {
        String u = unknown.toLowerCase(Locale.ROOT);
        return KNOWN.stream().filter(k -> distance(k, u) <= 2).min(Comparator.comparingInt(k -> distance(k, u))).orElse(null);
    }

    private static Field text(String name, Function<Candidate, String> reader) {
        return new Field(name, Type.TEXT, c -> single(reader.apply(c)));
    }

    private static Field number(String name, Function<Candidate, Number> reader) {
        return new Field(name, Type.NUMBER, c -> {
            Number n = reader.apply(c);
            return single(n == null ? null : new BigDecimal(n.toString()));
        });
    }

    /** A read-only list view of a set, without copying it (a set's values are iterated once per candidate). */
    private static final class SetAsList extends AbstractList<Object> {
        private final Set<String> set;
        private Object[] array;

        SetAsList(Set<String> set) {
            this.set = set;
        }

        @Override
        public Iterator<Object> iterator() {
            return Collections.<Object>unmodifiableSet(set).iterator();
        }

        @Override
        public Object get(int index) {
            if (array == null) {
                array = set.toArray();
            }
            return array[index];
        }

        @Override
        public int size() {
            return set.size();
        }
    }

    private static List<Object> single(Object value) {
        return value == null ? List.of() : List.of(value);
    }

    /** {@code metrics.group.name} is exact; {@code metrics.name} also finds {@code name} in any group. */
    public static List<Object> metrics(ModelVersion v, String metric) {
        return metrics(v, metric, "." + metric);
    }

    private static List<Object> metrics(ModelVersion v, String metric, String anyGroup) {
        Map<String, Double> metrics = v.metrics();
        if (metric.indexOf('.') >= 0) {
            return single(metrics.get(metric)); // a Double: conditions compare it exactly without converting it
        }
        Object first = null;
        List<Object> more = null;
        for (String key : metrics.keySet()) { // keys, not entries: an unmodifiable map wraps every entry it iterates
            if (key.equals(metric) || key.endsWith(anyGroup)) {
                Double value = metrics.get(key);
                if (first == null) {
                    first = value;
                } else {
                    if (more == null) {
                        more = new ArrayList<>(3);
                        more.add(first);
                    }
                    more.add(value);
                }
            }
        }
        return more != null ? more : single(first);
    }

    /** For {@code tags.k}: the values of tags written {@code k:v} or {@code k=v}. */
    private static List<Object> taggedValues(ModelVersion v, String key) {
        List<Object> out = new ArrayList<>(1);
        String k = key.toLowerCase(Locale.ROOT);
        for (String tag : v.tags()) {
            String t = tag.toLowerCase(Locale.ROOT);
            if (t.length() > k.length() && t.startsWith(k) && (t.charAt(k.length()) == ':' || t.charAt(k.length()) == '=')) {
                out.add(tag.substring(k.length() + 1));
            }
        }
        return out;
    }

    /** Tier order for comparisons. */
    static int tierRank(Object tier) {
        return ((Tier) tier).ordinal();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
