package io.jmreg.core.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.core.json.Json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quality gates: {@code <field> <op> <value>} with {@code >= <= > < == !=}. The field is a metric name
 * ({@code evaluation.accuracy}, or {@code metrics.evaluation.accuracy}), {@code quality_gates.<name>} (its status)
 * or {@code quality_gates.<name>.score}, or a path into the record ({@code stage}, {@code owner},
 * {@code model_info.framework}, {@code training_info.epochs}, {@code custom.team}). Numbers compare numerically;
 * anything else only with {@code ==} and {@code !=}.
 */
public final class GateEvaluator {
    private static final Pattern GATE = Pattern.compile("\\s*([A-Za-z0-9_.\\-]+)\\s*(>=|<=|==|!=|>|<)\\s*(.+?)\\s*");

    /**
     * A parsed gate.
     *
     * @param expression the text
     * @param field      what it reads
     * @param operator   the comparison
     * @param expected   the value compared with (quotes removed)
     */
    public record Gate(String expression, String field, String operator, String expected) {
    }

    private GateEvaluator() {
    }

    /** Parses gates, rejecting malformed ones before anything happens. */
    public static List<Gate> parse(String... gates) {
        List<Gate> parsed = new ArrayList<>();
        for (String g : gates == null ? new String[0] : gates) {
            Matcher m = g == null ? null : GATE.matcher(g);
            if (m == null || !m.matches()) {
                throw new ValidationException(
                        "malformed quality gate '%s': expected <metric or field> <op> <value> with op one of >= <= > < == !=", g);
            }
            String expected = m.group(3);
            if (expected.length() >= 2 && (expected.startsWith("\"") && expected.endsWith("\"")
                    || expected.startsWith("'") && expected.endsWith("'"))) {
                expected = expected.substring(1, expected.length() - 1);
            }
            parsed.add(new Gate(g.strip(), m.group(1), m.group(2), expected));
        }
        return parsed;
    }

    /** Evaluates every gate against a version. */
    public static List<GateResult> evaluate(List<Gate> gates, ModelVersion v) {
        JsonNode record = null;
        List<GateResult> results = new ArrayList<>();
        for (Gate g : gates) {
            String actual = lookup(g.field(), v);
            if (actual == null) {
                if (record == null) {
                    record = Json.mapper().valueToTree(v);
                }
                JsonNode node = record;
                for (String part : g.field().split("\\.")) {
                    node = node == null ? null : node.get(part);
                }
                actual = node == null || node.isNull() || node.isContainerNode() ? null : node.asText();
            }
            results.add(new GateResult(g.expression(), actual, actual != null && holds(actual, g.operator(), g.expected())));
        }
        return results;
    }

    private static String lookup(String field, ModelVersion v) {
        String metric = field.startsWith("metrics.") ? field.substring(8) : field;
        Double value = v.metrics().get(metric);
        if (value != null) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
        if (field.startsWith("quality_gates.")) {
            String rest = field.substring("quality_gates.".length());
            boolean score = rest.endsWith(".score");
            String name = score ? rest.substring(0, rest.length() - 6) : rest;
            for (QualityGate q : v.qualityGates()) {
                if (q.name().equals(name)) {
                    return score ? (q.score() == null ? null : String.valueOf(q.score())) : q.status();
                }
            }
            return null;
        }
        return null;
    }

    private static boolean holds(String actual, String op, String expected) {
        BigDecimal a = number(actual);
        BigDecimal e = number(expected);
        if (a != null && e != null) {
            int c = a.compareTo(e);
            return switch (op) {
                case ">=" -> c >= 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case "<" -> c < 0;
                case "==" -> c == 0;
                default -> c != 0;
            };
        }
        return switch (op) {
            case "==" -> actual.equals(expected);
            case "!=" -> !actual.equals(expected);
            default -> false;
        };
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
