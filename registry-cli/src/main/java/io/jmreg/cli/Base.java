package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.observe.OperationObserver;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command shares: the global options, the streams, opening the registry, printing. */
@Command
abstract class Base implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    JmregCommand root() {
        return (JmregCommand) spec.root().userObject();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    boolean json() {
        return root().json;
    }

    @Override
    public Integer call() throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", root().verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        Human.configure(root().environment);
        Colors.configure(root().environment);
        try (ModelRegistry opened = root().open(observer())) {
            ModelRegistry registry = root().actingAs(opened);
            EventHooks hooks = root().onEvent == null ? null : new EventHooks(root().onEvent, err());
            if (hooks != null) {
                registry.addListener(hooks);
            }
            int code;
            try {
                code = run(registry);
            } catch (RuntimeException e) {
                throw registry == opened ? e : root().explainActingAs(e);
            }
            return hooks != null && hooks.failed() ? ExitCodes.ERROR : code;
        }
    }

    /** What hears of every operation of this command's registry (null: nothing; {@code serve --metrics}). */
    OperationObserver observer() {
        return null;
    }

    /** The command's work; returns the exit code. */
    abstract int run(ModelRegistry registry) throws Exception;

    /** Prints {@code value} as JSON on stdout. */
    void printJson(Object value) {
        out().println(JsonOutput.write(value));
        out().flush();
    }

    /** The command's result: {@code jsonDocument} with --json, else a line for humans (unless --quiet). */
    void done(Object jsonDocument, String format, Object... args) {
        if (json()) {
            printJson(jsonDocument);
        } else {
            say(format, args);
        }
    }

    /** A line for humans (not with --json or --quiet). */
    void say(String format, Object... args) {
        if (!json() && !root().quiet) {
            out().println(String.format(Locale.ROOT, format, args));
            out().flush();
        }
    }

    /**
     * Progress of a transfer on stderr: a bar on a terminal, periodic lines elsewhere, nothing with --json, --quiet or
     * --no-progress. {@code JMREG_PROGRESS=terminal|plain|none} forces the mode.
     */
    ProgressRenderer progress(String label) {
        String forced = root().environment.getOrDefault("JMREG_PROGRESS", "");
        if (json() || root().quiet || root().noProgress || forced.equals("none")) {
            return null;
        }
        boolean terminal = forced.isEmpty() ? Human.terminal() : forced.equals("terminal");
        String interval = root().environment.get("JMREG_PROGRESS_INTERVAL_MS"); // tests draw more often
        long every = (interval != null ? Long.parseLong(interval) : terminal ? 100 : 5000) * 1_000_000L;
        return new ProgressRenderer(err(), terminal, every, label);
    }

    /** Runs a transfer with progress drawn under {@code label}, finishing the drawing when it ends. */
    <T> T withProgress(String label, Function<TransferProgress, T> transfer) {
        ProgressRenderer progress = progress(label);
        T result = transfer.apply(orNone(progress));
        if (progress != null) {
            progress.finish();
        }
        return result;
    }

    static TransferProgress orNone(ProgressRenderer p) {
        return p == null ? TransferProgress.NONE : p;
    }
}
