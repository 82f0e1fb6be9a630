package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.lifecycle.GateResult;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jmreg stage machine|history}: the stage machine in force and a version's stage changes. */
@Command(name = "stage", description = "The stage machine in force, and a version's stage changes.",
        subcommands = {StageCommands.Machine.class, StageCommands.History.class})
final class StageCommands {
    private StageCommands() {
    }

    @Command(name = "machine", description = "The stages, their transitions, the operations each allows and who must "
            + "approve a promotion into it (--json: the body of GET /api/v1/stage-machine).")
    static final class Machine extends Base {
        @Override
        int run(ModelRegistry r) {
            StageMachine m = r.lifecycle().stageMachine();
            if (json()) {
                printJson(m);
                return 0;
            }
            Table t = new Table("STAGE", "TRANSITIONS", "OPERATIONS", "APPROVAL");
            for (StageDefinition d : m.stages().values()) {
                t.row(d.name() + (d.name().equals(m.initial()) ? " (initial)" : ""), String.join(", ",
                        d.transitions()), d.operations().stream().map(Enum::name).sorted()
                        .collect(Collectors.joining(", ")), d.approval().name().toLowerCase(Locale.ROOT));
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "history", description = "Every stage change of a version, oldest first, with who made it and "
            + "the gates it passed (--json: the body of GET .../versions/{version}/stage-history).")
    static final class History extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Override
        int run(ModelRegistry r) {
            List<StageChange> changes = r.lifecycle().stageHistory(reference);
            if (json()) {
                printJson(changes);
                return 0;
            }
            Table t = new Table("WHEN", "FROM", "TO", "BY", "GATES");
            for (StageChange c : changes) {
                t.row(c.at(), c.from(), c.to(), c.by(), c.gates().stream().map(StageCommands::gate)
                        .collect(Collectors.joining("; ")));
            }
            t.print(out());
            return 0;
        }
    }

    /** {@code expression (actual: value)}, marked when it failed. */
    private static String gate(GateResult g) {
        return g.expression() + " (actual: " + (g.actual() == null ? "none" : g.actual()) + ")"
                + (g.passed() ? "" : " FAILED");
    }
}
