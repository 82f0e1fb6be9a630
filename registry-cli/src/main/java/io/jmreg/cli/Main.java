package io.jmreg.cli;

import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/** Entry point of the {@code jmreg} launcher: runs one command and exits with its code. */
public final class Main {
    private Main() {
    }

    /** Runs {@code jmreg args} and exits. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs {@code jmreg args} with these streams; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine();
        // help in colour only where tables are: a terminal without NO_COLOR
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(Colors.wanted(System.getenv(), Human.terminal())
                ? CommandLine.Help.Ansi.AUTO : CommandLine.Help.Ansi.OFF));
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    /** The command line with its error handling: one line on stderr, the documented exit code. */
    static CommandLine commandLine() {
        JmregCommand root = new JmregCommand();
        CommandLine cl = new CommandLine(root);
        HelpCommand.addEverywhere(cl);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("jmreg: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            String[] lines = message(e).split("\\R");
            err.println("jmreg: " + lines[0]);
            for (int i = 1; i < lines.length; i++) {
                err.println("       " + lines[i]); // as wide as "jmreg: ": a caret under a query stays in its column
            }
            if (root.verbose) {
                for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                    err.println("  caused by: " + c);
                }
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.of(e);
        });
        return cl;
    }

    private static String message(Exception e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
