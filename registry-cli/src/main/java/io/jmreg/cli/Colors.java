package io.jmreg.cli;

import java.util.Locale;
import java.util.Map;

/**
 * ANSI colour of human output: only on a terminal, never when {@code NO_COLOR} is set to a non-empty value
 * (no-color.org) or {@code TERM=dumb}; {@code --json}, pipes and files never get escape codes.
 */
final class Colors {
    private static final String RESET = "\u001b[0m";
    private static volatile boolean enabled;

    private Colors() {
    }

    /** Decides for this run from the environment and whether stdout is a terminal. */
    static void configure(Map<String, String> env) {
        enabled = wanted(env, Human.terminal());
    }

    /** Whether colour is wanted with {@code env} on (or off) a terminal. */
    static boolean wanted(Map<String, String> env, boolean terminal) {
        String noColor = env.get("NO_COLOR");
        if (noColor != null && !noColor.isEmpty()) {
            return false;
        }
        return terminal && !"dumb".equals(env.get("TERM"));
    }

    static boolean enabled() {
        return enabled;
    }

    /** A table header cell. */
    static String header(String text) {
        return paint("1", text);
    }

    /**
     * A cell of a column named {@code column}: stages, outcomes and statuses coloured by their meaning (production,
     * ok, delivered green; staging, pending yellow; archived, deprecated dim; denied, failed red); others unchanged.
     */
    static String cell(String column, String text) {
        if (!enabled || !(column.equals("STAGE") || column.equals("OUTCOME") || column.equals("STATUS"))) {
            return text;
        }
        String code = switch (text.toLowerCase(Locale.ROOT)) {
            case "production", "ok", "success", "delivered", "succeeded" -> "32";
            case "staging", "pending", "retrying" -> "33";
            case "testing" -> "36";
            case "archived", "deprecated" -> "2";
            case "denied", "failed", "failure", "error" -> "31";
            default -> null;
        };
        return code == null ? text : paint(code, text);
    }

    private static String paint(String code, String text) {
        return enabled && !text.isEmpty() ? "\u001b[" + code + "m" + text + RESET : text;
    }
}
