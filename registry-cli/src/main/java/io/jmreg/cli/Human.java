package io.jmreg.cli;

import java.io.Console;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Values as people read them in tables and lines: times relative on a terminal ({@code 5 min ago}) and ISO-8601 to
 * the second elsewhere (logs, pipes; {@code JMREG_TIME=relative|iso} chooses), maps as {@code k=v k=v}, lists joined,
 * numbers without a trailing {@code .0}, enums in lower case; never a Java {@code toString()} of a record or map.
 */
final class Human {
    private static final Pattern SCIENTIFIC = Pattern.compile(
            "-?\\d+\\.\\d+E-?\\d+");
    private static volatile boolean relativeTimes;

    private Human() {
    }

    /** Chooses relative times when stdout is a terminal, unless {@code JMREG_TIME} says otherwise. */
    static void configure(Map<String, String> env) {
        String forced = env.getOrDefault("JMREG_TIME", "");
        relativeTimes = forced.isEmpty() ? terminal() : forced.equals("relative");
    }

    /** Whether this process talks to a terminal (stdin and stdout). */
    static boolean terminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try { // Java 22+ has a console even when redirected; isTerminal says whether it is one
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** {@code value} for a table cell or a line. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Instant i) {
            return time(i);
        }
        if (value instanceof Optional<?> o) {
            return o.map(Human::text).orElse("");
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> text(e.getKey()) + "=" + text(e.getValue()))
                    .collect(Collectors.joining(" "));
        }
        if (value instanceof Collection<?> c) {
            return c.stream().map(Human::text).collect(Collectors.joining(", "));
        }
        if (value instanceof String s && SCIENTIFIC.matcher(s).matches()) {
            return OptionValues.trim(Double.parseDouble(s)); // a number a library gave as Java's text, 3.0E-4
        }
        if (value instanceof Double d) {
            return OptionValues.trim(d);
        }
        if (value instanceof Float f) {
            return OptionValues.trim(f);
        }
        if (value instanceof Enum<?> e) {
            return e.name().toLowerCase(Locale.ROOT);
        }
        return value.toString();
    }

    /** A time: relative on a terminal, else ISO-8601 in UTC to the second. */
    static String time(Instant at) {
        return relativeTimes ? relative(at, Instant.now()) : iso(at);
    }

    static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).toInstant().toString();
    }

    /** {@code at} relative to {@code now}: {@code just now}, {@code 42 s ago}, {@code 5 min ago}, ... a date after 30 days. */
    static String relative(Instant at, Instant now) {
        long s = Duration.between(at, now).getSeconds();
        String suffix = s >= 0 ? " ago" : "";
        String prefix = s >= 0 ? "" : "in ";
        long a = Math.abs(s);
        if (a < 5) {
            return "just now";
        }
        String amount = a < 60 ? a + " s" : a < 3600 ? a / 60 + " min" : a < 48 * 3600 ? a / 3600 + " h"
                : a < 30 * 86400 ? a / 86400 + " days" : null;
        return amount == null ? at.atOffset(ZoneOffset.UTC).toLocalDate().toString() : prefix + amount + suffix;
    }
}
