package io.jmreg.server.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How the UI prints values: sizes, instants, numbers, digests and record values. */
public final class Fmt {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Fmt() {
    }

    /** {@code 1.5 GiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    /** {@code 2026-11-23 10:15:00 UTC}, or an empty string. */
    public static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** The instant as ISO-8601, for {@code datetime} attributes. */
    public static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }

    /** A number with at most 4 decimals and no trailing zeros, or an empty string. */
    public static String number(Double d) {
        if (d == null) {
            return "";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        String s = String.format(Locale.ROOT, "%.4f", d);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** A signed delta: {@code +0.02}. */
    public static String delta(Double d) {
        return d == null ? "" : (d > 0 ? "+" : "") + number(d);
    }

    /** A relative change as a percentage: {@code +2.2 %}. */
    public static String percent(Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%+.1f %%", d * 100);
    }

    /** The first 12 hex digits of a digest (the title attribute carries the whole one). */
    public static String shortDigest(String hex) {
        if (hex == null) {
            return "";
        }
        String h = hex.startsWith("sha256:") ? hex.substring(7) : hex;
        return h.length() > 12 ? h.substring(0, 12) + "…" : h;
    }

    /** A record value (number, text, list, map) in one line. */
    public static String value(Object o) {
        if (o == null) {
            return "";
        }
        if (o instanceof Double d) {
            return number(d);
        }
        if (o instanceof Float f) {
            return number(f.doubleValue());
        }
        if (o instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder("[");
            for (Object e : c) {
                b.append(b.length() == 1 ? "" : ", ").append(value(e));
            }
            return b.append(']').toString();
        }
        if (o instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            m.forEach((k, v) -> b.append(b.length() == 1 ? "" : ", ").append(k).append(": ").append(value(v)));
            return b.append('}').toString();
        }
        return o.toString();
    }

    /** A map as {@code key: value} lines (audit details), in key order. */
    public static List<String> pairs(Map<String, ?> map) {
        if (map == null) {
            return List.of();
        }
        return new TreeMap<>(map).entrySet().stream().map(e -> e.getKey() + ": " + value(e.getValue()))
                .toList();
    }

    /** {@code x} or an empty string for null. */
    public static String text(Object x) {
        return x == null ? "" : x.toString();
    }
}
