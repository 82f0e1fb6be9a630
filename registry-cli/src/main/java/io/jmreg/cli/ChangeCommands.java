package io.jmreg.cli;

import static io.jmreg.cli.OptionValues.metricsFile;
import static io.jmreg.cli.OptionValues.metricsSummary;
import static io.jmreg.cli.OptionValues.numbers;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Changing versions: metrics and tags, evaluation scores, deletion. */
final class ChangeCommands {
    private ChangeCommands() {
    }

    @Command(name = "update", description = "Change a version's metrics, tags and description.")
    static final class Update extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "set a metric (repeatable)")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--tag", description = "add a tag (repeatable)")
        List<String> add = new ArrayList<>();

        @Option(names = "--untag", description = "remove a tag (repeatable)")
        List<String> remove = new ArrayList<>();

        @Option(names = "--description", paramLabel = "TEXT", description = "replace the description (Markdown; "
                + "'' removes it)")
        String description;

        @Option(names = "--description-file", paramLabel = "FILE", description = "replace the description with this "
                + "file's text (UTF-8 Markdown, such as a README.md)")
        Path descriptionFile;

        @Override
        int run(ModelRegistry r) throws IOException {
            if (description != null && descriptionFile != null) {
                throw new ValidationException("give --description or --description-file, not both");
            }
            if (descriptionFile != null) {
                description = OptionValues.text("--description-file", descriptionFile);
            }
            if (metrics.isEmpty() && add.isEmpty() && remove.isEmpty() && description == null) {
                throw new ValidationException("nothing to update: give --metric, --tag, --untag or --description");
            }
            ModelVersion v = null;
            if (!metrics.isEmpty()) {
                v = r.updateMetrics(reference, numbers(metrics, "--metric"));
            }
            if (!add.isEmpty() || !remove.isEmpty()) {
                v = r.updateTags(v == null ? reference : v.reference(), new TreeSet<>(add), new TreeSet<>(remove));
            }
            if (description != null) {
                v = r.updateDescription(v == null ? reference : v.reference(), description);
            }
            done(v, "updated %s", v.reference());
            return 0;
        }
    }

    @Command(name = "score", description = "Record evaluation metrics of a version (stored as evaluation.<name>).")
    static final class Score extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "a score (repeatable)")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--metrics-file", paramLabel = "FILE", description = "scores from a JSON object")
        Path metricsFile;

        @Override
        int run(ModelRegistry r) throws Exception {
            Map<String, Double> scores = new TreeMap<>();
            if (metricsFile != null) {
                scores.putAll(metricsFile(metricsFile));
            }
            scores.putAll(numbers(metrics, "--metric"));
            if (scores.isEmpty()) {
                throw new ValidationException("no scores: give --metric NAME=VALUE or --metrics-file");
            }
            Map<String, Double> named = new TreeMap<>();
            scores.forEach((k, v) -> named.put(k.startsWith("evaluation.") ? k : "evaluation." + k, v));
            ModelVersion v = r.updateMetrics(reference, named);
            done(v, "scored %s: %s", v.reference(), metricsSummary(named, 20));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a version (its number is never reused); asks first on a terminal, "
            + "needs --yes elsewhere.")
    static final class Delete extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(ModelRegistry r) {
            String exact = r.resolve(reference).reference();
            confirmation.confirm("delete " + exact);
            r.deleteVersion(exact);
            done(Map.of("deleted", exact), "deleted %s", exact);
            return 0;
        }
    }
}
