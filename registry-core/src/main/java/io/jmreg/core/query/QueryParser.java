package io.jmreg.core.query;

import io.jmreg.api.ModelReference;
import io.jmreg.api.Versions;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.model.Tier;
import io.jmreg.core.expression.ComparisonOperator;
import io.jmreg.core.expression.TypedValues;
import io.jmreg.core.semver.SemverOrder;
import io.jmreg.core.semver.VersionSelector;
import org.semver4j.RangesList;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-written parser of the query language (no parser runtime). Grammar, with precedence NOT &gt; AND &gt; OR,
 * juxtaposition meaning AND and keywords case-insensitive:
 * <pre>
 * query := expr? EOF
 * expr  := and (OR and)*
 * and   := unary ([AND] unary)*
 * unary := (NOT | '-') unary | '(' expr ')' | term
 * term  := field ':' rhs | WORD | QUOTED
 * field := IDENT ('.' (IDENT | QUOTED))*
 * rhs   := op? value | value '..' value | '(' value (OR value)* ')'
 * op    := &gt;= | &lt;= | &gt; | &lt; | = | !=
 * </pre>
 * {@code -} is NOT only where a term may start; there is no whitespace around {@code :}; a bare value runs to
 * whitespace, {@code (}, {@code )} or {@code "} and stops before {@code ..}; quoted strings escape {@code \"} and
 * {@code \\}. Values are typed by their field at parse time, so a wrongly typed value is an error, not a non-match.
 * A bare word contains no {@code :} ({@code :x}, {@code metrics.:>1} and {@code name :x} are errors at the colon);
 * {@code -} binds to the term right after it ({@code - tags:x} is an error); parentheses and negations nest at most
 * {@link #MAX_DEPTH} deep.
 */
public final class QueryParser {
    /** Deepest nesting of parentheses and negations. */
    public static final int MAX_DEPTH = 64;
    private static final Pattern RELATIVE = Pattern.compile("(?i)(?:last_(\\d{1,6})_days|(\\d{1,6})([dhm]))");

    private final String text;
    private final Instant now;
    private int pos;
    private int depth;

    private QueryParser(String text, Instant now) {
        this.text = text;
        this.now = now;
    }

    /** Parses {@code text}; relative dates are taken from {@code now}. */
    public static Query parse(String text, Instant now) {
        return new QueryParser(text == null ? "" : text, now).query();
    }

    /** A value as written. */
    private record Raw(String text, boolean quoted, int offset) {
    }

    private Query query() {
        skipBlanks();
        if (eof()) {
            return new Query.All();
        }
        Query q = or();
        skipBlanks();
        if (!eof()) {
            throw error(pos, peek() == ')' ? "unexpected ')' without a matching '('" : "unexpected '" + token() + "'",
                    "AND", "OR", "end of query");
        }
        return q;
    }

    private Query or() {
        List<Query> parts = new ArrayList<>(List.of(and()));
        while (true) {
            skipBlanks();
            if (!keyword("OR")) {
                break;
            }
            pos += 2;
            parts.add(and());
        }
        return parts.size() == 1 ? parts.get(0) : new Query.Or(parts);
    }

    private Query and() {
        List<Query> parts = new ArrayList<>(List.of(unary()));
        while (true) {
            skipBlanks();
            if (eof() || peek() == ')' || keyword("OR")) {
                break;
            }
            if (keyword("AND")) {
                pos += 3;
            }
            parts.add(unary());
        }
        return parts.size() == 1 ? parts.get(0) : new Query.And(parts);
    }

    private Query unary() {
        skipBlanks();
        if (depth >= MAX_DEPTH) {
            throw error(pos, "the query nests parentheses and negations deeper than " + MAX_DEPTH + " levels");
        }
        depth++;
        try {
            return unaryAt();
        } finally {
            depth--;
        }
    }

    private Query unaryAt() {
        if (eof()) {
            throw error(pos, "the query ends where a term was expected", "a term", "(", "NOT");
        }
        if (keyword("NOT")) {
            pos += 3;
            return new Query.Not(unary());
        }
        if (keyword("AND") || keyword("OR")) {
            throw error(pos, "unexpected '" + token() + "' where a term was expected", "a term", "(", "NOT");
        }
        char c = peek();
        if (c == '-') { // where a term may start, '-' is NOT ("legal-summarizer" and "now-1h" are values)
            pos++;
            if (!eof() && Character.isWhitespace(peek()) && !text.substring(pos).isBlank()) {
                throw error(pos - 1, "'-' negates the term right after it, without whitespace (-tags:x)", "a term");
            }
            return new Query.Not(unary());
        }
        if (c == '(') {
            int open = pos++;
            Query inner = or();
            skipBlanks();
            if (eof()) {
                throw error(open, "unclosed '('", ")");
            }
            if (peek() != ')') {
                throw error(pos, "unexpected '" + token() + "'", ")", "AND", "OR");
            }
            pos++;
            return inner;
        }
        if (c == ')') {
            throw error(pos, "unexpected ')' where a term was expected", "a term");
        }
        return term();
    }

    private Query term() {
        if (peek() == '"') {
            return new Query.Text(quoted());
        }
        int start = pos;
        List<String> path = fieldPath();
        if (path != null && !eof() && peek() == ':') {
            QueryFields.Field field = QueryFields.resolve(path);
            if (field == null) {
                String suggestion = QueryFields.suggestion(path.get(0));
                throw error(start, "unknown field '" + path.get(0) + "'" + (suggestion == null ? "" : "; did you mean '"
                        + suggestion + "'?"), "a field such as " + String.join(", ", QueryFields.KNOWN));
            }
            pos++; // ':'
            return new Query.FieldTerm(field, rhs(field));
        }
        pos = start;
        String word = bare();
        if (word.isEmpty()) {
            throw error(pos, "unexpected '" + token() + "'", "a term");
        }
        int colon = word.indexOf(':');
        if (colon >= 0) {
            throw error(start + colon, colon == 0 ? "':' without a field before it (no whitespace around ':')"
                    : "'" + word.substring(0, colon) + "' before ':' is not a field", "a field such as "
                    + String.join(", ", QueryFields.KNOWN), "a quoted word");
        }
        return new Query.Text(word);
    }

    /** IDENT ('.' (IDENT | QUOTED))* at the cursor, or null (cursor restored by the caller). */
    private List<String> fieldPath() {
        List<String> path = new ArrayList<>();
        String ident = ident();
        if (ident == null) {
            return null;
        }
        path.add(ident);
        while (!eof() && peek() == '.') {
            pos++;
            if (!eof() && peek() == '"') {
                path.add(quoted());
            } else {
                String next = ident();
                if (next == null) {
                    return null;
                }
                path.add(next);
            }
        }
        return path;
    }

    private String ident() {
        int start = pos;
        if (eof() || !(Character.isLetter(peek()) || peek() == '_')) {
            return null;
        }
        while (!eof() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '-')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private Query.Condition rhs(QueryFields.Field field) {
        if (eof() || Character.isWhitespace(peek()) || peek() == ')') {
            throw error(pos, "expected a value after '" + field.name() + ":'", "a value", "(");
        }
        if (peek() == '(') {
            int open = pos++;
            List<Query.Condition> any = new ArrayList<>();
            while (true) {
                skipBlanks();
                if (eof()) {
                    throw error(open, "unclosed '('", ")");
                }
                any.add(condition(field, ComparisonOperator.EQ, value(), -1));
                skipBlanks();
                if (eof()) {
                    throw error(open, "unclosed '('", ")");
                }
                if (peek() == ')') {
                    pos++;
                    break;
                }
                if (!keyword("OR")) {
                    throw error(pos, "unexpected '" + token() + "' in a value list", "OR", ")");
                }
                pos += 2;
            }
            return v -> any.stream().anyMatch(c -> c.test(v));
        }
        int opAt = pos;
        ComparisonOperator op = operator();
        Raw value = value();
        if (op == null && text.startsWith("..", pos)) {
            pos += 2;
            if (eof() || Character.isWhitespace(peek())) {
                throw error(pos, "expected the upper bound of the range after '..'", "a value");
            }
            Raw upper = value();
            Query.Condition lo = condition(field, ComparisonOperator.GE, value, opAt);
            Query.Condition hi = condition(field, ComparisonOperator.LE, upper, opAt);
            if (field.type() == QueryFields.Type.TEXT) {
                throw error(value.offset(), "a range needs a number, version, date or tier; " + field.name() + " is text");
            }
            return v -> lo.test(v) && hi.test(v);
        }
        return condition(field, op == null ? ComparisonOperator.EQ : op, value, op == null ? -1 : opAt);
    }

    private ComparisonOperator operator() {
        for (String s : new String[] {">=", "<=", "!=", ">", "<", "="}) {
            if (text.startsWith(s, pos)) {
                pos += s.length();
                return switch (s) {
                    case ">=" -> ComparisonOperator.GE;
                    case "<=" -> ComparisonOperator.LE;
                    case "!=" -> ComparisonOperator.NE;
                    case ">" -> ComparisonOperator.GT;
                    case "<" -> ComparisonOperator.LT;
                    default -> ComparisonOperator.EQ;
                };
            }
        }
        return null;
    }

    private Raw value() {
        int start = pos;
        if (!eof() && peek() == '"') {
            return new Raw(quoted(), true, start);
        }
        String v = bare();
        if (v.isEmpty()) {
            throw error(pos, eof() ? "the query ends where a value was expected" : "unexpected '" + token() + "'", "a value");
        }
        return new Raw(v, false, start);
    }

    /** A bare word or value: up to whitespace, '(', ')', '"', or before '..'. */
    private String bare() {
        int start = pos;
        while (!eof()) {
            char c = peek();
            if (Character.isWhitespace(c) || c == '(' || c == ')' || c == '"' || text.startsWith("..", pos)) {
                break;
            }
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        int open = pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (eof()) {
                throw error(open, "unterminated quoted string", "\"");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\') {
                if (eof() || (peek() != '"' && peek() != '\\')) {
                    throw error(pos - 1, "only \\\" and \\\\ may be escaped in a quoted string", "\\\"", "\\\\");
                }
                c = text.charAt(pos++);
            }
            b.append(c);
        }
    }

    /** The condition for one value of a field, typed by the field; {@code opAt} is -1 when no operator was written. */
    private Query.Condition condition(QueryFields.Field field, ComparisonOperator op, Raw raw, int opAt) {
        return switch (field.type()) {
            case TEXT -> {
                requireEquality(field, op, opAt);
                TextPattern p = TextPattern.of(raw.text(), raw.quoted());
                String key = field.key() + '\u0000' + op + (raw.quoted() ? "\"" : "'") + raw.text();
                if (op == ComparisonOperator.NE) {
                    yield new Query.KeyedCondition(key, null, v -> !p.matches(v.toString()));
                }
                yield new Query.KeyedCondition(key, TextPattern.asciiPrefix(raw.text(), raw.quoted()),
                        v -> p.matches(v.toString()));
            }
            case TIER -> {
                Tier tier;
                try {
                    tier = Tier.valueOf(raw.text().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw error(raw.offset(), "'" + raw.text() + "' is not a tier", "lite", "standard", "professional");
                }
                int rank = tier.ordinal();
                yield new Query.KeyedCondition(field.key() + '\u0000' + op + ":" + rank, null,
                        v -> op.holds(Integer.compare(QueryFields.tierRank(v), rank)));
            }
            case NUMBER -> {
                BigDecimal n = raw.quoted() ? null : TypedValues.number(raw.text());
                if (n == null) {
                    throw error(raw.offset(), "'" + raw.text() + "' is not a number, and " + field.name() + " is numeric",
                            "a number");
                }
                double nd = n.doubleValue();
                boolean exact = Double.isFinite(nd) && BigDecimal.valueOf(nd).compareTo(n) == 0;
                yield new Query.KeyedCondition(field.key() + '\u0000' + op + ":" + n, null,
                        v -> op.holds(v instanceof Double d // metrics
                                ? (exact ? (d < nd ? -1 : d > nd ? 1 : 0) : BigDecimal.valueOf(d).compareTo(n))
                                : ((BigDecimal) v).compareTo(n)));
            }
            case DATE -> date(field, op, raw, opAt);
            case VERSION -> version(op, raw, opAt);
            case CUSTOM -> {
                BigDecimal n = raw.quoted() ? null : TypedValues.number(raw.text());
                if (n != null) {
                    yield v -> v instanceof BigDecimal d && op.holds(d.compareTo(n));
                }
                requireEquality(field, op, opAt);
                TextPattern p = TextPattern.of(raw.text(), raw.quoted());
                yield v -> v instanceof String s && (op == ComparisonOperator.NE) != p.matches(s);
            }
        };
    }

    private Query.Condition date(QueryFields.Field field, ComparisonOperator op, Raw raw, int opAt) {
        Matcher rel = RELATIVE.matcher(raw.text());
        if (!raw.quoted() && rel.matches()) {
            Instant since = rel.group(1) != null ? now.minus(Duration.ofDays(Long.parseLong(rel.group(1))))
                    : now.minus(TypedValues.amount(rel.group(2), rel.group(3)));
            if (opAt < 0) {
                return v -> !((Instant) v).isBefore(since); // "within the last N"
            }
            return v -> op.holds(((Instant) v).compareTo(since));
        }
        Instant at = TypedValues.instant(raw.text(), now);
        if (at == null) {
            throw error(raw.offset(), "'" + raw.text() + "' is not a date; " + field.name() + " takes ISO dates "
                    + "(2026-11-01, 2026-11-01T12:00:00Z), now-7d, last_7_days, 7d or 24h", "a date");
        }
        return v -> op.holds(((Instant) v).compareTo(at));
    }

    private Query.Condition version(ComparisonOperator op, Raw raw, int opAt) {
        String v = raw.text();
        if (Versions.isValid(v) && !raw.quoted()) {
            return actual -> op.holds(SemverOrder.PRECEDENCE.compare((String) actual, v));
        }
        String range = opAt >= 0 ? text.substring(opAt, raw.offset()) + v : v;
        RangesList ranges;
        try {
            ranges = VersionSelector.parseRange(ModelReference.parse("q:" + range));
        } catch (InvalidReferenceException e) {
            throw error(raw.offset(), "'" + range + "' is neither a version nor a version range", "a version such as 2.1.0",
                    "a range such as ^2.1");
        }
        return actual -> ranges.isSatisfiedBy(SemverOrder.parse((String) actual));
    }

    private void requireEquality(QueryFields.Field field, ComparisonOperator op, int opAt) {
        if (op != ComparisonOperator.EQ && op != ComparisonOperator.NE) {
            throw error(opAt, "operator " + op + " needs a number, version, date or tier; " + field.name() + " is text",
                    "=", "!=", "a value");
        }
    }

    /** One sort key: a field, and whether it sorts descending. */
    public record SortKey(QueryFields.Field field, boolean descending) {
    }

    /**
     * Parses sort keys such as {@code metrics.rag_accuracy:desc,custom."my key",created_at}: fields as in queries
     * (quoted segments included), each optionally {@code :asc} or {@code :desc}, separated by commas. The blank string
     * is no key; an unknown field, an empty or malformed key is a {@link QueryException} pointing at it.
     */
    public static List<SortKey> parseSort(String sort) {
        return new QueryParser(sort == null ? "" : sort, Instant.EPOCH).sortKeys();
    }

    private List<SortKey> sortKeys() {
        List<SortKey> keys = new ArrayList<>();
        skipBlanks();
        if (eof()) {
            return keys;
        }
        while (true) {
            skipBlanks();
            int start = pos;
            if (eof() || peek() == ',') {
                throw error(pos, "empty sort key", "a field name");
            }
            List<String> path = fieldPath();
            if (path == null) {
                pos = start; // the key as written, wherever the field path stopped (perhaps at the end)
                throw error(start, "malformed sort key '" + token() + "'", "a field name such as created_at or "
                        + "custom.\"my key\"");
            }
            QueryFields.Field field = QueryFields.resolve(path);
            if (field == null) {
                String suggestion = QueryFields.suggestion(path.get(0));
                throw error(start, "unknown sort field '" + String.join(".", path) + "'" + (suggestion == null ? ""
                        : "; did you mean '" + suggestion + "'?"), "a field name");
            }
            boolean descending = false;
            if (!eof() && peek() == ':') {
                int at = ++pos;
                while (!eof() && Character.isLetter(peek())) {
                    pos++;
                }
                String direction = text.substring(at, pos).toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw error(at, "unknown sort direction '" + text.substring(at, pos) + "'", "asc", "desc");
                }
                descending = direction.equals("desc");
            }
            keys.add(new SortKey(field, descending));
            skipBlanks();
            if (eof()) {
                return keys;
            }
            if (peek() != ',') {
                throw error(pos, "unexpected '" + token() + "' in sort key", ",", ":asc", ":desc");
            }
            pos++;
        }
    }

    private boolean keyword(String word) {
        if (!text.regionMatches(true, pos, word, 0, word.length())) {
            return false;
        }
        int end = pos + word.length();
        return end == text.length() || Character.isWhitespace(text.charAt(end)) || text.charAt(end) == '('
                || text.charAt(end) == ')' || text.charAt(end) == '"';
    }

    private String token() {
        int end = pos;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && (end == pos || "()".indexOf(text.charAt(end)) < 0)) {
            end++;
        }
        return text.substring(pos, Math.max(end, pos + 1));
    }

    private boolean eof() {
        return pos >= text.length();
    }

    private char peek() {
        return text.charAt(pos);
    }

    private void skipBlanks() {
        while (!eof() && Character.isWhitespace(peek())) {
            pos++;
        }
    }

    private QueryException error(int at, String problem, String... expected) {
        return new QueryException(text, at, problem, List.of(expected));
    }
}
