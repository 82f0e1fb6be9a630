package io.jmreg.core.expression;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Values in a version's free-form JSON ({@code custom}), as queries and quality gates compare them. */
public final class CustomValues {
    private CustomValues() {
    }

    /**
     * The value at {@code path} in free-form JSON: a number as {@link BigDecimal}, text or a boolean as text, else
     * (missing, null, object, array) null.
     */
    public static Object at(Map<String, Object> map, List<String> path) {
        Object node = map;
        for (String part : path) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(part);
        }
        if (node instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        return node instanceof String || node instanceof Boolean ? node.toString() : null;
    }
}
