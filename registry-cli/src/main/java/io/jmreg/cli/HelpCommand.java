package io.jmreg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code jmreg help [CMD [SUBCMD...]]}: the usage of a command at any depth, as its {@code --help} prints it. */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of a command: jmreg help alias set (the same as jmreg alias set --help).")
final class HelpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command, and its subcommand")
    List<String> path = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine target = spec.parent().commandLine();
        for (String name : path) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), String.format(
                        "unknown command '%s' (commands of %s: %s)", name, target.getCommandSpec().qualifiedName(),
                        String.join(", ", target.getSubcommands().keySet())));
            }
            target = sub;
        }
        target.usage(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /**
     * Gives {@code cl} and every command below it {@code -h, --help} (only {@code --help} where {@code -h} is taken), and
     * every command with subcommands a {@code help} subcommand: commands added later get both without doing anything.
     */
    static void addEverywhere(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (!spec.subcommands().isEmpty() && !spec.subcommands().containsKey("help")) {
            cl.addSubcommand("help", new HelpCommand());
        }
        if (spec.findOption("--help") == null) {
            String[] names = spec.findOption("-h") == null ? new String[] {"-h", "--help"} : new String[] {"--help"};
            spec.addOption(CommandLine.Model.OptionSpec.builder(names).usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals(e.getValue().getCommandName())) {
                addEverywhere(e.getValue());
            }
        }
    }
}
