package io.jmreg.cli;

import io.jmreg.api.exceptions.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What the commands share: parsing {@code KEY=VALUE} options and metrics files, formatting numbers and aliases. */
final class OptionValues {
    private OptionValues() {
    }

    /** {@code k=v} pairs of repeated options. */
    static Map<String, String> pairs(List<String> items, String option) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0 || eq == item.length() - 1) {
                throw new ValidationException("%s '%s' is not KEY=VALUE", option, item);
            }
            out.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
        }
        return out;
    }

    private static final Pattern PARAMETER_NAME = Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9_.\\-]{0,127}");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile(
            "[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /**
     * {@code --param name=value} pairs typed as the Java API stores them: whole numbers as integers (long when large),
     * decimals as doubles, {@code true}/{@code false} as booleans, a value in double quotes as the text inside, anything
     * else as text. Names are letters, digits, {@code _ . -} (up to 128), so they print safely anywhere.
     */
    static Map<String, Object> parameters(List<String> items) {
        Map<String, Object> out = new TreeMap<>();
        pairs(items, "--param").forEach((k, v) -> {
            if (!PARAMETER_NAME.matcher(k).matches()) {
                throw new ValidationException("--param '%s': a parameter name is 1..128 letters, digits, '_', '.' or '-' "
                        + "(starting with a letter, digit or '_')", k);
            }
            out.put(k, typed(v));
        });
        return out;
    }

    static Object typed(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1);
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        if (INTEGER.matcher(v).matches()) {
            long n = Long.parseLong(v);
            return n == (int) n ? (Object) (int) n : (Object) n;
        }
        if (DECIMAL.matcher(v).matches()) {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        }
        return v;
    }

    /** {@code name=number} pairs. */
    static Map<String, Double> numbers(List<String> items, String option) {
        Map<String, Double> out = new TreeMap<>();
        pairs(items, option).forEach((k, v) -> {
            try {
                out.put(k, Double.parseDouble(v));
            } catch (NumberFormatException e) {
                throw new ValidationException("%s '%s=%s': '%s' is not a number", option, k, v, v);
            }
        });
        return out;
    }

    /** The numbers of a flat or nested JSON object file ({@code {"accuracy": 0.9, "eval": {"f1": 0.8}}}). */
    static Map<String, Double> metricsFile(Path file) {
        Map<String, Double> out = new TreeMap<>();
        flatten("", JsonOutput.readObject(text("--metrics-file", file), "metrics file " + file), out, file);
        return out;
    }

    /**
     * The UTF-8 text of the input file {@code option} names. A file that is missing, a directory, unreadable or not
     * UTF-8 is the caller's bad argument: a {@link ValidationException} (exit 2) naming the option and the file.
     */
    static String text(String option, Path file) {
        byte[] bytes = bytes(option, file);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ValidationException("%s %s: not UTF-8 text", option, file);
        }
    }

    /** The bytes of the input file {@code option} names; missing or unreadable: exit 2, as {@link #text}. */
    static byte[] bytes(String option, Path file) {
        if (Files.isDirectory(file)) {
            throw new ValidationException("%s %s: is a directory, not a file", option, file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ValidationException("%s %s: no such file", option, file);
        } catch (AccessDeniedException e) {
            throw new ValidationException("%s %s: not readable (permission denied)", option, file);
        } catch (IOException e) {
            throw new ValidationException(e, "%s %s: cannot be read: %s", option, file, e.getMessage());
        }
    }

    private static void flatten(String prefix, Map<String, Object> json, Map<String, Double> out, Path file) {
        json.forEach((k, v) -> {
            if (v instanceof Number n) {
                out.put(prefix + k, n.doubleValue());
            } else if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> nested = (Map<String, Object>) m;
                flatten(prefix + k + ".", nested, out, file);
            } else {
                throw new ValidationException("metrics file %s: '%s%s' is not a number", file, prefix, k);
            }
        });
    }

    static String metricsSummary(Map<String, Double> metrics, int max) {
        return metrics.entrySet().stream().limit(max).map(e -> e.getKey() + "=" + trim(e.getValue()))
                .collect(Collectors.joining(" ")) + (metrics.size() > max ? " ..." : "");
    }

    /** A number as people write it: {@code 3}, {@code 0.0003}, {@code 0.91}; very large or small ones with an exponent. */
    static String trim(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        double a = Math.abs(d);
        if (Double.isFinite(d) && a >= 1e-7 && a < 1e15) {
            return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        }
        return Double.toString(d);
    }

    static List<String> aliasesOf(Map<String, String> aliases, String version) {
        return aliases.entrySet().stream().filter(e -> e.getValue().equals(version)).map(Map.Entry::getKey).toList();
    }

}
