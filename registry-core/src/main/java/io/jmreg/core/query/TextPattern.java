package io.jmreg.core.query;

import java.util.regex.Pattern;

/**
 * A text value of a query matched against whole field values, case-insensitively: literal when quoted or without
 * wildcards, else {@code *} (any run, {@code /} included) and {@code ?} (one character). The common shapes (exact,
 * {@code prefix*}, {@code *suffix}, {@code *infix*}) compare characters directly; the rest use a regular expression.
 */
abstract class TextPattern {
    /** Whether {@code value} matches as a whole. */
    abstract boolean matches(String value);

    /**
     * The characters every value made of lowercase ASCII that matches must start with: the literal characters before
     * the first wildcard, up to the first character outside ASCII (which may match an ASCII letter case-insensitively,
     * as the Kelvin sign matches {@code k}), in lowercase; possibly empty.
     */
    static String asciiPrefix(String text, boolean quoted) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80 || (!quoted && (c == '*' || c == '?'))) {
                break;
            }
            out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return out.toString();
    }

    static TextPattern of(String text, boolean quoted) {
        if (quoted || (text.indexOf('*') < 0 && text.indexOf('?') < 0)) {
            return new TextPattern() {
                @Override
                boolean matches(String value) {
                    return value.equalsIgnoreCase(text);
                }
            };
        }
        String core = text.replaceAll("^\\*+|\\*+$", "");
        boolean simple = core.indexOf('*') < 0 && core.indexOf('?') < 0;
        boolean leading = text.startsWith("*");
        boolean trailing = text.endsWith("*");
        if (simple && trailing && !leading) {
            return new TextPattern() {
                @Override
                boolean matches(String value) {
                    return value.regionMatches(true, 0, core, 0, core.length());
                }
            };
        }
        if (simple && leading && !trailing) {
            return new TextPattern() {
                @Override
                boolean matches(String value) {
                    int from = value.length() - core.length();
                    return from >= 0 && value.regionMatches(true, from, core, 0, core.length());
                }
            };
        }
        if (simple) {
            return new TextPattern() {
                @Override
                boolean matches(String value) {
                    for (int i = 0, last = value.length() - core.length(); i <= last; i++) {
                        if (value.regionMatches(true, i, core, 0, core.length())) {
                            return true;
                        }
                    }
                    return false;
                }
            };
        }
        StringBuilder re = new StringBuilder();
        for (char c : text.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        Pattern p = Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
        return new TextPattern() {
            @Override
            boolean matches(String value) {
                return p.matcher(value).matches();
            }
        };
    }
}
