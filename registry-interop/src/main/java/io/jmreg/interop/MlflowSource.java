package io.jmreg.interop;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What an MLflow registry holds, read from a directory or a server, before anything is registered. */
final class MlflowSource {
    private MlflowSource() {
    }

    /**
     * A registered model.
     *
     * @param other fields of the model's metadata no other component holds, kept under {@code custom.mlflow}
     */
    record Model(String name, String description, Long created, Long updated, Map<String, String> tags,
                 Map<String, String> aliases, Map<String, String> other) {
    }

    /**
     * A model version.
     *
     * @param files   the directory of its files, or null when {@code skip} says why there is none
     * @param skip    why the version cannot be imported (its source cannot be read), or null
     * @param ignored why the version is deliberately left out (deleted in MLflow), or null
     * @param other   fields of the version's metadata no other component holds
     */
    record Version(String number, String stage, String description, String user, Long created, Long updated,
                   String source, String runId, Map<String, String> tags, Run run, Path files, String skip,
                   String ignored, Map<String, String> other) {
        Version withFiles(Path dir, String why) {
            return new Version(number, stage, description, user, created, updated, source, runId, tags, run, dir, why,
                    ignored, other);
        }
    }

    /**
     * A source run.
     *
     * @param metrics       the latest value of each metric (highest step, then latest time); NaN and infinities kept
     * @param earlierValues how many values of the metrics' histories are not the latest
     * @param other         fields of the run's metadata no other component holds
     * @param notKept       parts of the run the import cannot carry (named in the report)
     */
    record Run(String id, String name, String user, String status, Long start, Long end, String experimentId,
               String artifactUri, Map<String, String> tags, Map<String, String> params, Map<String, Double> metrics,
               int earlierValues, Map<String, String> other, List<String> notKept) {
    }

    /** MLflow's run status numbers (FileStore) as MLflow names them. */
    static String runStatus(String s) {
        return switch (s == null ? "" : s.strip()) {
            case "1" -> "RUNNING";
            case "2" -> "SCHEDULED";
            case "3" -> "FINISHED";
            case "4" -> "FAILED";
            case "5" -> "KILLED";
            default -> s;
        };
    }

    /** A metric value as MLflow writes it: Python's {@code nan}, {@code inf}, {@code -inf}, or JSON's NaN/Infinity. */
    static double number(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    static Long millis(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
