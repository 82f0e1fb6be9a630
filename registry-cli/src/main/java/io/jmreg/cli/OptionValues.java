package io.jmreg.cli;

import io.jmreg.api.exceptions.ValidationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    static Map<String, Double> metricsFile(Path file) throws java.io.IOException {
        Map<String, Double> out = new TreeMap<>();
        flatten("", JsonOutput.readObject(Files.readString(file), "metrics file " + file), out, file);
        return out;
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

    static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    static List<String> aliasesOf(Map<String, String> aliases, String version) {
        return aliases.entrySet().stream().filter(e -> e.getValue().equals(version)).map(Map.Entry::getKey).toList();
    }

}
