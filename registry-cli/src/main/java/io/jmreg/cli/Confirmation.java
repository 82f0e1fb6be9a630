package io.jmreg.cli;

import io.jmreg.api.exceptions.ValidationException;
import picocli.CommandLine.Option;

import java.io.Console;
import java.util.Locale;

/**
 * {@code -y, --yes} of a destructive command (delete, rollback, alias rm): on a terminal the command asks first; elsewhere
 * (scripts, CI) it refuses without {@code --yes} (exit 2), so that nothing is destroyed by accident.
 */
final class Confirmation {
    @Option(names = {"-y", "--yes"}, description = "do it without asking (needed when not on a terminal)")
    boolean yes;

    /** Returns when {@code action} may go ahead; otherwise throws, and nothing was done. */
    void confirm(String action) {
        if (yes) {
            return;
        }
        if (!Human.terminal()) {
            throw new ValidationException("%s needs --yes when not run on a terminal (nothing was changed)", action);
        }
        Console console = System.console();
        String answer = console.readLine("%s? [y/N] ", action);
        String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
        if (!a.equals("y") && !a.equals("yes")) {
            throw new Cancelled(action);
        }
    }

    /** The user answered no (exit 1). */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled(String action) {
            super("cancelled: " + action + " was not done");
        }
    }
}
