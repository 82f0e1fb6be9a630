package io.jmreg.core.expression;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How values written by users are read, the same for queries and quality gates: numbers, and instants (ISO instants,
 * offset date-times, dates as midnight UTC, {@code now} and {@code now-7d}/{@code now-12h}/{@code now-30m}).
 */
public final class TypedValues {
    private static final Pattern NOW_MINUS = Pattern.compile("(?i)now(?:-(\\d{1,6})([dhm]))?");

    private TypedValues() {
    }

    /** A number, or null. */
    public static BigDecimal number(String raw) {
        try {
            return new BigDecimal(raw);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An instant, or null. */
    public static Instant instant(String raw, Instant now) {
        Matcher m = NOW_MINUS.matcher(raw);
        if (m.matches()) {
            return m.group(1) == null ? now : now.minus(amount(m.group(1), m.group(2)));
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(raw).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDate.parse(raw).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    return null;
                }
            }
        }
    }

    /** {@code n} days, hours or minutes ({@code d}, {@code h}, {@code m}). */
    public static Duration amount(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "d" -> Duration.ofDays(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofMinutes(v);
        };
    }
}
