package io.jmreg.interop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block YAML PyYAML writes for MLflow's {@code MLmodel} files: nested mappings by indentation, sequences of
 * {@code - } items, plain, single- and double-quoted scalars (folded over several lines as PyYAML wraps long ones),
 * {@code {}} and {@code []}. Plain scalars stay strings ({@code null} and {@code ~} become null), so nothing is
 * reinterpreted. Anything else (anchors, tags, block scalars, flow collections with content) is refused with
 * {@link IllegalArgumentException}, so the caller can say the file was not read rather than guess.
 */
final class BlockYaml {
    private record Line(int number, int indent, String text) {
    }

    private final List<Line> lines;
    private int pos;

    private BlockYaml(List<Line> lines) {
        this.lines = lines;
    }

    /** The top-level mapping of {@code text}. */
    static Map<String, Object> parse(String text) {
        BlockYaml y = new BlockYaml(logicalLines(text));
        if (y.lines.isEmpty()) {
            return new LinkedHashMap<>();
        }
        Map<String, Object> map = y.map(y.lines.get(0).indent());
        if (y.pos < y.lines.size()) {
            throw y.error(y.lines.get(y.pos), "unexpected indentation");
        }
        return map;
    }

    /** Physical lines joined where a scalar continues on the next, more indented, lines. */
    private static List<Line> logicalLines(String text) {
        List<Line> out = new ArrayList<>();
        String[] raw = text.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i];
            if (l.isBlank() || l.stripLeading().startsWith("#") || l.equals("---")) {
                continue;
            }
            if (l.indexOf('\t') >= 0 && l.substring(0, l.length() - l.stripLeading().length()).indexOf('\t') >= 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": tab indentation");
            }
            int indent = l.length() - l.stripLeading().length();
            int first = i + 1;
            StringBuilder joined = new StringBuilder(l.strip());
            if (openQuote(joined.toString())) {
                // a quoted scalar folded over lines: a line break is a space, each blank line a newline
                boolean afterBlank = false;
                while (openQuote(joined.toString())) {
                    if (++i >= raw.length) {
                        throw new IllegalArgumentException("line " + first + ": unterminated quote");
                    }
                    if (raw[i].isBlank()) {
                        joined.append('\n');
                        afterBlank = true;
                    } else {
                        joined.append(afterBlank ? "" : " ").append(raw[i].strip());
                        afterBlank = false;
                    }
                }
            }
            while (i + 1 < raw.length && continues(joined.toString(), raw[i + 1], indent)) {
                i++;
                joined.append(' ').append(raw[i].strip());
            }
            out.add(new Line(first, indent, joined.toString()));
        }
        return out;
    }

    /** Whether {@code line}'s value opens a quote it does not close. */
    private static boolean openQuote(String line) {
        String value = valueOf(line);
        return value != null && !value.isEmpty() && (value.startsWith("'") || value.startsWith("\"")) && !closed(value);
    }

    /** Whether {@code next} continues the plain scalar that {@code sofar} started (PyYAML wraps long ones). */
    private static boolean continues(String sofar, String next, int indent) {
        if (next.isBlank()) {
            return false;
        }
        int nextIndent = next.length() - next.stripLeading().length();
        String value = valueOf(sofar);
        if (value == null || value.isEmpty()) {
            return false;
        }
        if (value.startsWith("'") || value.startsWith("\"")) {
            return false;
        }
        String n = next.strip();
        return nextIndent > indent && !n.startsWith("- ") && !n.startsWith("#") && keyEnd(n) < 0;
    }

    private static String valueOf(String line) {
        String t = line.startsWith("- ") ? line.substring(2).strip() : line;
        int k = keyEnd(t);
        if (k < 0) {
            return line.startsWith("- ") ? t : null;
        }
        return t.substring(k + 1).strip();
    }

    /** The index of the ':' ending a mapping key at the start of {@code t}, or -1. */
    private static int keyEnd(String t) {
        if (t.startsWith("'") || t.startsWith("\"")) {
            int close = t.indexOf(t.charAt(0), 1);
            return close > 0 && close + 1 < t.length() && t.charAt(close + 1) == ':'
                    && (close + 2 == t.length() || t.charAt(close + 2) == ' ') ? close + 1 : -1;
        }
        for (int i = 0; i < t.length(); i++) {
            if (t.charAt(i) == ':' && (i + 1 == t.length() || t.charAt(i + 1) == ' ')) {
                return i;
            }
            if (t.charAt(i) == ' ' && i + 1 < t.length() && t.charAt(i + 1) == '#') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean closed(String quoted) {
        char q = quoted.charAt(0);
        for (int i = 1; i < quoted.length(); i++) {
            char c = quoted.charAt(i);
            if (q == '"' && c == '\\') {
                i++;
            } else if (c == q) {
                if (q == '\'' && i + 1 < quoted.length() && quoted.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    private Map<String, Object> map(int indent) {
        Map<String, Object> out = new LinkedHashMap<>();
        while (pos < lines.size() && lines.get(pos).indent() == indent && !lines.get(pos).text().startsWith("- ")) {
            Line line = lines.get(pos++);
            int k = keyEnd(line.text());
            if (k < 0) {
                throw error(line, "expected 'key: value'");
            }
            String key = scalarText(line, line.text().substring(0, k).strip());
            String value = line.text().substring(k + 1).strip();
            if (out.containsKey(key)) {
                throw error(line, "duplicate key '" + key + "'");
            }
            out.put(key, value.isEmpty() ? nested(indent) : scalar(line, value));
        }
        return out;
    }

    private Object nested(int parentIndent) {
        if (pos >= lines.size()) {
            return null;
        }
        Line next = lines.get(pos);
        if (next.indent() > parentIndent) {
            return next.text().startsWith("- ") ? list(next.indent()) : map(next.indent());
        }
        if (next.indent() == parentIndent && next.text().startsWith("- ")) {
            return list(parentIndent);
        }
        return null;
    }

    private List<Object> list(int indent) {
        List<Object> out = new ArrayList<>();
        while (pos < lines.size() && lines.get(pos).indent() == indent && lines.get(pos).text().startsWith("- ")) {
            Line line = lines.get(pos);
            String item = line.text().substring(2).strip();
            if (keyEnd(item) >= 0) {
                lines.set(pos, new Line(line.number(), indent + 2, item)); // "- key: v" opens a mapping at indent + 2
                out.add(map(indent + 2));
            } else {
                pos++;
                out.add(item.isEmpty() ? nested(indent) : scalar(line, item));
            }
        }
        return out;
    }

    private Object scalar(Line line, String v) {
        if (v.equals("{}")) {
            return new LinkedHashMap<>();
        }
        if (v.equals("[]")) {
            return new ArrayList<>();
        }
        if (v.equals("null") || v.equals("~")) {
            return null;
        }
        if (v.startsWith("{") || v.startsWith("[") || v.startsWith("&") || v.startsWith("*") || v.startsWith("!")
                || v.startsWith("|") || v.startsWith(">")) {
            throw error(line, "unsupported YAML value " + v);
        }
        return scalarText(line, v);
    }

    private String scalarText(Line line, String v) {
        if (v.startsWith("'")) {
            if (!v.endsWith("'") || v.length() < 2) {
                throw error(line, "unterminated quote");
            }
            return v.substring(1, v.length() - 1).replace("''", "'");
        }
        if (v.startsWith("\"")) {
            if (!v.endsWith("\"") || v.length() < 2) {
                throw error(line, "unterminated quote");
            }
            return unescape(line, v.substring(1, v.length() - 1));
        }
        int comment = v.indexOf(" #");
        return comment >= 0 ? v.substring(0, comment).strip() : v;
    }

    private String unescape(Line line, String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i >= s.length()) {
                throw error(line, "dangling escape");
            }
            char e = s.charAt(i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case '0' -> b.append('\0');
                case '"', '\\', '/', ' ' -> b.append(e);
                case 'u' -> {
                    if (i + 4 >= s.length()) {
                        throw error(line, "short \\u escape");
                    }
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw error(line, "unsupported escape \\" + e);
            }
        }
        return b.toString();
    }

    private IllegalArgumentException error(Line line, String what) {
        return new IllegalArgumentException("line " + line.number() + ": " + what);
    }
}
