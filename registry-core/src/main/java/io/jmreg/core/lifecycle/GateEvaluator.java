package io.jmreg.core.lifecycle;

import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.expression.ComparisonOperator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Quality gates: {@code <field> <op> <value>}, strictly parsed before anything is evaluated. The grammar:
 * <pre>
 * gate  := field op value            (blanks allowed between the three, nothing else after the value)
 * field := IDENT ('.' IDENT)*        IDENT := [A-Za-z_][A-Za-z0-9_-]*
 * op    := '&gt;=' | '&lt;=' | '&gt;' | '&lt;' | '==' | '=' | '!='
 * value := NUMBER | "quoted" | 'quoted' | WORD    WORD := [A-Za-z0-9_.:+/-]+ not starting with an operator character
 * </pre>
 * The field decides how values compare ({@link GateFields}): numbers numerically (metrics, sizes, counts), versions
 * by Semantic Versioning precedence, dates as instants, text only with {@code ==} and {@code !=}. A value of the
 * wrong type, an ordering operator on text, an unknown field or any stray character is a {@link ValidationException}
 * naming the position, never a gate that quietly passes or fails. A missing value on the version fails the gate.
 */
public final class GateEvaluator {

    /**
     * A parsed gate.
     *
     * @param expression the text, trimmed
     * @param field      what it reads
     * @param op         the comparison
     * @param expected   the typed value compared with
     */
    public record Gate(String expression, GateFields.Field field, ComparisonOperator op, Comparable<?> expected) {
    }

    private GateEvaluator() {
    }

    /** Parses gates, rejecting malformed ones before anything happens. */
    public static List<Gate> parse(String... gates) {
        List<Gate> parsed = new ArrayList<>();
        for (String g : gates == null ? new String[0] : gates) {
            if (g == null) {
                throw new ValidationException("quality gate must not be null");
            }
            parsed.add(new Parser(g).gate());
        }
        return parsed;
    }

    /** Evaluates every gate against a version. */
    public static List<GateResult> evaluate(List<Gate> gates, ModelVersion v) {
        List<GateResult> results = new ArrayList<>();
        for (Gate g : gates) {
            Comparable<?> actual = g.field().read(v);
            boolean passed = actual != null && g.op().holds(compare(actual, g.expected()));
            results.add(new GateResult(g.expression(), actual == null ? null : display(actual), passed));
        }
        return results;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable actual, Comparable expected) {
        if (actual.getClass() != expected.getClass()) {
            return Integer.MIN_VALUE + 1; // a custom value of another JSON type: equal to nothing, ordered nowhere
        }
        return actual.compareTo(expected);
    }

    private static String display(Comparable<?> value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof GateFields.Version v) {
            return v.text();
        }
        return value.toString();
    }

    /** Hand-written scanner and parser of one gate; errors carry a 0-based position and a caret. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Gate gate() {
            skipBlanks();
            int fieldStart = pos;
            String fieldName = field();
            skipBlanks();
            int opStart = pos;
            ComparisonOperator op = operator();
            skipBlanks();
            int valueStart = pos;
            String raw = value();
            boolean quoted = raw != null && pos > valueStart && (text.charAt(valueStart) == '"' || text.charAt(valueStart) == '\'');
            skipBlanks();
            if (pos < text.length()) {
                throw error(pos, "expected the end of the gate after the value, found '%s'", text.substring(pos));
            }
            GateFields.Field field = GateFields.resolve(fieldName, m -> error(fieldStart, "%s", m));
            if (op.ordering() && !field.type().ordered()) {
                throw error(opStart, "operator %s needs a number, version or date, but %s is %s (use == or !=)", op,
                        fieldName, field.type().description());
            }
            Comparable<?> expected = field.type().parse(raw, quoted, m -> error(valueStart, "%s", m));
            if (op.ordering() && expected instanceof String) {
                throw error(opStart, "operator %s compares numbers, versions or dates; '%s' is text", op, raw);
            }
            return new Gate(text.strip(), field, op, expected);
        }

        private String field() {
            int start = pos;
            while (true) {
                if (pos >= text.length() || !identStart(text.charAt(pos))) {
                    throw error(pos, pos == start ? "expected a field name (a metric such as evaluation.accuracy, or a "
                            + "record field such as stage)" : "expected a name after '.'");
                }
                while (pos < text.length() && identPart(text.charAt(pos))) {
                    pos++;
                }
                if (pos < text.length() && text.charAt(pos) == '.') {
                    pos++;
                    continue;
                }
                return text.substring(start, pos);
            }
        }

        private ComparisonOperator operator() {
            if (pos >= text.length()) {
                throw error(pos, "expected an operator (>= <= > < == != =) after the field");
            }
            String two = text.startsWith(">=", pos) ? ">=" : text.startsWith("<=", pos) ? "<=" : text.startsWith("==", pos)
                    ? "==" : text.startsWith("!=", pos) ? "!=" : null;
            ComparisonOperator op;
            if (two != null) {
                pos += 2;
                op = switch (two) {
                    case ">=" -> ComparisonOperator.GE;
                    case "<=" -> ComparisonOperator.LE;
                    case "==" -> ComparisonOperator.EQ;
                    default -> ComparisonOperator.NE;
                };
            } else {
                char c = text.charAt(pos);
                op = switch (c) {
                    case '>' -> ComparisonOperator.GT;
                    case '<' -> ComparisonOperator.LT;
                    case '=' -> ComparisonOperator.EQ;
                    default -> throw error(pos, "expected an operator (>= <= > < == != =), found '%c'", c);
                };
                pos++;
            }
            if (pos < text.length() && "<>=!".indexOf(text.charAt(pos)) >= 0) {
                throw error(pos, "unexpected '%c' after operator %s", text.charAt(pos), op);
            }
            return op;
        }

        private String value() {
            if (pos >= text.length()) {
                throw error(pos, "expected a value after the operator");
            }
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                int open = pos++;
                StringBuilder b = new StringBuilder();
                while (pos < text.length() && text.charAt(pos) != c) {
                    char ch = text.charAt(pos++);
                    if (ch == '\\') {
                        if (pos >= text.length() || (text.charAt(pos) != c && text.charAt(pos) != '\\')) {
                            throw error(pos - 1, "only \\%c and \\\\ may be escaped in a quoted value", c);
                        }
                        ch = text.charAt(pos++);
                    }
                    b.append(ch);
                }
                if (pos >= text.length()) {
                    throw error(open, "unterminated quoted value");
                }
                pos++;
                return b.toString();
            }
            int start = pos;
            while (pos < text.length() && wordPart(text.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw error(pos, "expected a value (a number, a word or a quoted text), found '%c'", c);
            }
            return text.substring(start, pos);
        }

        private void skipBlanks() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private static boolean identStart(char c) {
            return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
        }

        private static boolean identPart(char c) {
            return identStart(c) || c >= '0' && c <= '9' || c == '-';
        }

        private static boolean wordPart(char c) {
            return identPart(c) || c == '.' || c == ':' || c == '+' || c == '/';
        }

        ValidationException error(int at, String format, Object... args) {
            String message = args.length == 0 ? format : String.format(Locale.ROOT, format, args);
            return new ValidationException("malformed quality gate at position %d: %s%n  %s%n  %s^", at, message, text,
                    " ".repeat(Math.max(0, at)));
        }
    }
}
