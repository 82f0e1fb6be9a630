package io.jmreg.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Help on every command: {@code --help} and {@code -h} on each subcommand found in the command tree (so commands added
 * later are covered too), {@code jmreg help CMD...}, and the hint of a usage error that names a working command.
 */
class CliHelpIT {
    private final Launcher jmreg = new Launcher();

    private record Run(int exit, String out, String err) {
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final CommandLine commandLine = Main.commandLine();

    {
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
    }

    /** Runs {@code jmreg args} in this JVM on one command tree (built once: building it per run is slow). */
    private Run inProcess(List<String> args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int exit = commandLine.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private static void commands(CommandLine cl, List<String> path, List<List<String>> into) {
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals(sub.getCommandName())) {
                return; // an alias of a command listed under its name
            }
            List<String> p = new ArrayList<>(path);
            p.add(name);
            into.add(p);
            commands(sub, p, into);
        });
    }

    @Test
    void everySubcommandHasHelpAndHelpCmdPrintsTheSameUsage() {
        List<List<String>> all = new ArrayList<>();
        commands(commandLine, List.of(), all);
        assertThat(all).as("the command tree").hasSizeGreaterThan(30).contains(List.of("register"),
                List.of("alias", "set"), List.of("audit", "log"), List.of("help"));
        for (List<String> path : all) {
            String usage = "Usage: jmreg " + String.join(" ", path);
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run r = inProcess(args);
                assertThat(r.exit()).as("jmreg %s: %s", args, r.err()).isZero();
                assertThat(r.out()).as("jmreg %s", args).startsWith(usage).contains("--help");
                assertThat(r.err()).as("jmreg %s", args).isEmpty();
            }
            List<String> helpArgs = new ArrayList<>(List.of("help"));
            helpArgs.addAll(path);
            Run viaHelp = inProcess(helpArgs);
            assertThat(viaHelp.exit()).as("jmreg %s: %s", helpArgs, viaHelp.err()).isZero();
            assertThat(viaHelp.out()).as("jmreg %s", helpArgs).startsWith(usage);
        }
        Run unknown = inProcess(List.of("help", "nosuch"));
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).startsWith("jmreg: ").contains("nosuch");
    }

    @Test
    void theLauncherPrintsHelpOfSubcommandsAndUsageErrorsPointAtIt() throws Exception {
        Launcher.Result register = jmreg.run("register", "--help").ok();
        assertThat(register.out()).startsWith("Usage: jmreg register").contains("--version").contains("--param")
                .contains("--registry"); // the global options apply to subcommands too
        assertThat(jmreg.run("help", "register").ok().out()).isEqualTo(register.out());
        assertThat(jmreg.run("help", "alias", "set").ok().out()).startsWith("Usage: jmreg alias set");
        assertThat(jmreg.run("alias", "--help").ok().out()).startsWith("Usage: jmreg alias").contains("history");
        assertThat(jmreg.run("help").ok().out()).startsWith("Usage: jmreg").contains("Exit codes:");

        Launcher.Result wrong = jmreg.run("register", "--frobnicate");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.USAGE);
        String hint = wrong.err().lines().filter(l -> l.startsWith("Try '")).findFirst().orElseThrow();
        assertThat(hint).isEqualTo("Try 'jmreg register --help' for more information.");
        jmreg.run("register", "--help").ok(); // the hint works
    }
}
