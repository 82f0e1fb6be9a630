package io.jmreg.cli;

import static io.jmreg.cli.OptionValues.numbers;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.search.BulkChange;
import io.jmreg.api.search.BulkResult;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jmreg bulk tag|metric|promote|delete --query Q [--dry-run]}: one change to every version a query selects,
 * version by version (one refused version does not undo the others).
 */
@Command(name = "bulk", description = "Apply one change to every version a query selects, version by version; "
        + "--dry-run lists them and changes nothing. Exit 7 when some versions were refused (each named).",
        subcommands = {BulkCommands.Tag.class, BulkCommands.Metric.class, BulkCommands.Promote.class,
                BulkCommands.Delete.class})
final class BulkCommands {
    private BulkCommands() {
    }

    /** The query and the dry-run switch every bulk command takes. */
    static final class Selection {
        @Option(names = "--query", required = true, paramLabel = "QUERY",
                description = "the versions to change, in the query language of 'jmreg search', e.g. 'tags:candidate'")
        String query;

        @Option(names = "--dry-run", description = "list the versions the query selects; change nothing (stage rules, "
                + "transitions and gates are checked only when applied)")
        boolean dryRun;
    }

    /** Runs {@code change} over the selection and prints what it did; exit 7 when a version was refused. */
    private static int apply(Base command, ModelRegistry r, Selection s, BulkChange change) {
        BulkResult result = s.dryRun ? r.bulk().dryRun(s.query, change) : r.bulk().apply(s.query, change);
        if (command.json()) {
            command.printJson(result);
        } else {
            command.say("%s %d version%s%s", result.dryRun() ? "would change" : "changed", result.changed().size(),
                    result.changed().size() == 1 ? "" : "s", result.refused().isEmpty() ? ""
                            : ", refused " + result.refused().size());
            Table t = new Table("VERSION", "RESULT");
            result.changed().forEach(v -> t.row(v, result.dryRun() ? "selected" : "changed"));
            result.refused().forEach((v, why) -> t.row(v, "refused: " + why));
            if (!command.root().quiet) {
                t.print(command.out());
            }
        }
        return result.refused().isEmpty() ? ExitCodes.OK : ExitCodes.PARTIAL;
    }

    @Command(name = "tag", description = "Add and remove tags of every selected version.")
    static final class Tag extends Base {
        @Mixin
        Selection selection = new Selection();

        @Option(names = "--tag", paramLabel = "TAG", description = "a tag to add (repeatable)")
        List<String> add = new ArrayList<>();

        @Option(names = "--untag", paramLabel = "TAG", description = "a tag to remove (repeatable)")
        List<String> remove = new ArrayList<>();

        @Override
        int run(ModelRegistry r) {
            if (add.isEmpty() && remove.isEmpty()) {
                throw new ValidationException("bulk tag needs --tag or --untag");
            }
            return apply(this, r, selection, BulkChange.tags(new LinkedHashSet<>(add), new LinkedHashSet<>(remove)));
        }
    }

    @Command(name = "metric", description = "Merge metrics into every selected version.")
    static final class Metric extends Base {
        @Mixin
        Selection selection = new Selection();

        @Option(names = "--metric", required = true, paramLabel = "NAME=VALUE", description = "a metric (repeatable)")
        List<String> metrics = new ArrayList<>();

        @Override
        int run(ModelRegistry r) {
            return apply(this, r, selection, BulkChange.metrics(numbers(metrics, "--metric")));
        }
    }

    @Command(name = "promote", description = "Promote every selected version to a stage, each behind the gates.")
    static final class Promote extends Base {
        @Mixin
        Selection selection = new Selection();

        @Parameters(paramLabel = "STAGE")
        String stage;

        @Option(names = "--gate", paramLabel = "EXPR", description = "a gate, e.g. 'metrics.accuracy >= 0.9' (repeatable)")
        List<String> gates = new ArrayList<>();

        @Override
        int run(ModelRegistry r) {
            return apply(this, r, selection, BulkChange.promote(stage, gates.toArray(String[]::new)));
        }
    }

    @Command(name = "delete", description = "Delete every selected version; asks first on a terminal, needs --yes "
            + "elsewhere (not with --dry-run).")
    static final class Delete extends Base {
        @Mixin
        Selection selection = new Selection();

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(ModelRegistry r) {
            if (!selection.dryRun) {
                confirmation.confirm("delete every version '" + selection.query + "' selects");
            }
            return apply(this, r, selection, BulkChange.delete());
        }
    }
}
