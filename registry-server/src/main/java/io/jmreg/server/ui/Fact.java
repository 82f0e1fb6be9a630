package io.jmreg.server.ui;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** One labelled value of a record, as the version page lists them; empty values are left out. */
public record Fact(String label, String value) {
    /** Facts from label, value pairs, keeping only the values that say something. */
    static List<Fact> of(Object... pairs) {
        List<Fact> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            if (v == null || (v instanceof Collection<?> c && c.isEmpty()) || (v instanceof Map<?, ?> m && m.isEmpty())) {
                continue;
            }
            String text = v instanceof String s ? s : Fmt.value(v);
            if (!text.isBlank()) {
                out.add(new Fact((String) pairs[i], text));
            }
        }
        return List.copyOf(out);
    }
}
