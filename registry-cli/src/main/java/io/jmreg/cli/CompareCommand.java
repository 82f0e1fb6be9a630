package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.MetricDelta;
import io.jmreg.api.model.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code jmreg compare A B [C...]}: every version against the first (the baseline): metric deltas, parameter, dataset
 * and file differences, and the winner on a metric; optionally an evaluation report in Markdown or HTML.
 */
@Command(name = "compare", description = "Compare versions with the first (metric deltas, differences, winner); "
        + "--report writes an evaluation report.")
final class CompareCommand extends Base {
    @Parameters(arity = "2..*", paramLabel = "REF", description = "two or more versions; the first is the baseline")
    List<String> references;

    @Option(names = "--metric", description = "the metric that picks the winner")
    String metric;

    @Option(names = "--lower-is-better", description = "the metric is better when lower (latency, loss)")
    boolean lowerIsBetter;

    @Option(names = "--report", description = "${COMPLETION-CANDIDATES}")
    Format report;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the report here (default: stdout)")
    Path output;

    /** Report formats. */
    enum Format { MARKDOWN, HTML }

    @Override
    int run(ModelRegistry r) throws Exception {
        List<ModelVersion> versions = new ArrayList<>();
        for (String ref : references) {
            versions.add(r.resolve(ref));
        }
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 1; i < versions.size(); i++) {
            comparisons.add(r.lifecycle().compare(versions.get(0).reference(), versions.get(i).reference(), metric, !lowerIsBetter));
        }
        String winner = winner(versions);
        if (report != null) {
            String text = report == Format.MARKDOWN ? markdown(versions, comparisons, winner) : html(versions, comparisons, winner);
            if (output == null) {
                out().print(text);
                out().flush();
            } else {
                Files.writeString(output, text);
                say("wrote %s", output);
            }
            return 0;
        }
        if (json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("baseline", versions.get(0).reference());
            doc.put("comparisons", comparisons);
            doc.put("winner", winner);
            doc.put("winner_metric", metric);
            printJson(doc);
            return 0;
        }
        Table t = new Table(header(versions));
        for (String m : metricNames(versions)) {
            t.row(metricRow(m, versions, comparisons).toArray());
        }
        t.print(out());
        for (Comparison c : comparisons) {
            if (!c.parameters().isEmpty() || !c.filesChanged().isEmpty() || !c.filesAdded().isEmpty()
                    || !c.filesRemoved().isEmpty() || !c.datasetsAdded().isEmpty() || !c.datasetsRemoved().isEmpty()) {
                out().println();
                out().println(c.b() + " vs " + c.a() + ":");
                c.parameters().forEach((k, v) -> out().println("  parameter " + k + ": " + (v.a() == null ? "(none)"
                        : Human.text(v.a())) + " -> " + (v.b() == null ? "(none)" : Human.text(v.b()))));
                c.datasetsAdded().forEach(d -> out().println("  dataset added " + d));
                c.datasetsRemoved().forEach(d -> out().println("  dataset removed " + d));
                c.filesAdded().forEach(f -> out().println("  file added " + f));
                c.filesRemoved().forEach(f -> out().println("  file removed " + f));
                c.filesChanged().forEach(f -> out().println("  file changed " + f));
            }
        }
        if (metric != null) {
            out().println();
            out().println("winner on " + metric + (lowerIsBetter ? " (lower is better)" : "") + ": "
                    + (winner == null ? "none (missing or equal)" : winner));
        }
        out().flush();
        return 0;
    }

    private String winner(List<ModelVersion> versions) {
        if (metric == null) {
            return null;
        }
        ModelVersion best = null;
        boolean tie = false;
        for (ModelVersion v : versions) {
            Double value = v.metrics().get(metric);
            if (value == null) {
                continue;
            }
            double b = best == null ? Double.NaN : best.metrics().get(metric);
            if (best == null || (lowerIsBetter ? value < b : value > b)) {
                best = v;
                tie = false;
            } else if (value == b) {
                tie = true;
            }
        }
        if (best == null) {
            if (versions.stream().noneMatch(v -> v.metrics().containsKey(metric))) {
                throw new ValidationException("no compared version has metric '%s'", metric);
            }
            return null;
        }
        return tie ? null : best.reference();
    }

    private static String[] header(List<ModelVersion> versions) {
        List<String> h = new ArrayList<>();
        h.add("METRIC");
        for (int i = 0; i < versions.size(); i++) {
            h.add(versions.get(i).reference() + (i == 0 ? " (baseline)" : ""));
        }
        return h.toArray(String[]::new);
    }

    private static TreeSet<String> metricNames(List<ModelVersion> versions) {
        TreeSet<String> names = new TreeSet<>();
        versions.forEach(v -> names.addAll(v.metrics().keySet()));
        return names;
    }

    private static List<String> metricRow(String m, List<ModelVersion> versions, List<Comparison> comparisons) {
        List<String> row = new ArrayList<>();
        row.add(m);
        Double base = versions.get(0).metrics().get(m);
        row.add(base == null ? "-" : OptionValues.trim(base));
        for (Comparison c : comparisons) {
            MetricDelta d = c.metrics().get(m);
            if (d == null || d.b() == null) {
                row.add("-");
            } else if (d.absolute() == null) {
                row.add(OptionValues.trim(d.b()));
            } else {
                row.add(OptionValues.trim(d.b()) + " (" + (d.absolute() >= 0 ? "+" : "") + String.format(Locale.ROOT, "%.4g", d.absolute())
                        + (d.relative() == null ? "" : String.format(Locale.ROOT, ", %+.1f%%", d.relative() * 100)) + ")");
            }
        }
        return row;
    }

    private String markdown(List<ModelVersion> versions, List<Comparison> comparisons, String winner) {
        StringBuilder s = new StringBuilder();
        s.append("# Evaluation report: ").append(versions.get(0).name()).append("\n\n");
        s.append("Baseline: `").append(versions.get(0).reference()).append("`. ");
        s.append(metric == null ? "No winner metric given.\n\n" : "Winner on `" + metric + "`"
                + (lowerIsBetter ? " (lower is better)" : "") + ": **" + (winner == null ? "none (missing or equal)" : winner)
                + "**.\n\n");
        s.append("| ").append(String.join(" | ", header(versions))).append(" |\n");
        s.append("|").append("---|".repeat(versions.size() + 1)).append("\n");
        for (String m : metricNames(versions)) {
            s.append("| ").append(String.join(" | ", metricRow(m, versions, comparisons))).append(" |\n");
        }
        s.append("\n| version | stage | created | by | files | manifest |\n|---|---|---|---|---|---|\n");
        for (ModelVersion v : versions) {
            s.append("| `").append(v.reference()).append("` | ").append(v.stage()).append(" | ").append(v.created())
                    .append(" | ").append(v.createdBy()).append(" | ").append(v.artifacts().files().size()).append(" | `")
                    .append(v.artifacts().digest(), 0, 16).append("` |\n");
        }
        for (Comparison c : comparisons) {
            s.append("\n## `").append(c.b()).append("` vs `").append(c.a()).append("`\n\n");
            if (c.parameters().isEmpty() && c.datasetsAdded().isEmpty() && c.datasetsRemoved().isEmpty()
                    && c.filesAdded().isEmpty() && c.filesRemoved().isEmpty() && c.filesChanged().isEmpty()) {
                s.append("Same parameters, datasets and files.\n");
            }
            c.parameters().forEach((k, v) -> s.append("- parameter `").append(k).append("`: ").append(v.a())
                    .append(" → ").append(v.b()).append('\n'));
            c.datasetsAdded().forEach(d -> s.append("- dataset added: ").append(d).append('\n'));
            c.datasetsRemoved().forEach(d -> s.append("- dataset removed: ").append(d).append('\n'));
            c.filesAdded().forEach(f -> s.append("- file added: `").append(f).append("`\n"));
            c.filesRemoved().forEach(f -> s.append("- file removed: `").append(f).append("`\n"));
            c.filesChanged().forEach(f -> s.append("- file changed: `").append(f).append("`\n"));
        }
        return s.toString();
    }

    private String html(List<ModelVersion> versions, List<Comparison> comparisons, String winner) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Evaluation report: ")
                .append(esc(versions.get(0).name())).append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
                        + ".winner{font-weight:bold}</style></head><body>\n");
        s.append("<h1>Evaluation report: ").append(esc(versions.get(0).name())).append("</h1>\n");
        s.append("<p>Baseline: <code>").append(esc(versions.get(0).reference())).append("</code>. ");
        if (metric != null) {
            s.append("Winner on <code>").append(esc(metric)).append("</code>").append(lowerIsBetter ? " (lower is better)" : "")
                    .append(": <span class=\"winner\">").append(esc(winner == null ? "none (missing or equal)" : winner))
                    .append("</span>.");
        }
        s.append("</p>\n<table><tr>");
        for (String h : header(versions)) {
            s.append("<th>").append(esc(h)).append("</th>");
        }
        s.append("</tr>\n");
        for (String m : metricNames(versions)) {
            s.append("<tr>");
            for (String cell : metricRow(m, versions, comparisons)) {
                s.append("<td>").append(esc(cell)).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</table>\n");
        for (Comparison c : comparisons) {
            s.append("<h2><code>").append(esc(c.b())).append("</code> vs <code>").append(esc(c.a())).append("</code></h2>\n<ul>");
            c.parameters().forEach((k, v) -> s.append("<li>parameter <code>").append(esc(k)).append("</code>: ")
                    .append(esc(String.valueOf(v.a()))).append(" → ").append(esc(String.valueOf(v.b()))).append("</li>"));
            c.datasetsAdded().forEach(d -> s.append("<li>dataset added: ").append(esc(d)).append("</li>"));
            c.datasetsRemoved().forEach(d -> s.append("<li>dataset removed: ").append(esc(d)).append("</li>"));
            c.filesAdded().forEach(f -> s.append("<li>file added: ").append(esc(f)).append("</li>"));
            c.filesRemoved().forEach(f -> s.append("<li>file removed: ").append(esc(f)).append("</li>"));
            c.filesChanged().forEach(f -> s.append("<li>file changed: ").append(esc(f)).append("</li>"));
            s.append("</ul>\n");
        }
        return s.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
