package io.jmreg.server.ui;

import io.jmreg.api.audit.AuditEntry;

import java.time.Instant;

/**
 * Previous/next paging of the UI's lists: a page trail (the cursors of the pages before, space separated, {@code -}
 * for the first page) travels in the links, so "Previous page" needs no server state; list offsets are read strictly.
 */
final class Paging {
    private static final int MAX_TRAIL = 4096;

    private Paging() {
    }

    /** The trail after moving on from the page at {@code cursor} (empty: the first page). */
    static String push(String trail, String cursor) {
        String t = (trail.isEmpty() ? "" : trail + " ") + (cursor.isEmpty() ? "-" : cursor);
        return t.length() > MAX_TRAIL ? t.substring(t.indexOf(' ', t.length() - MAX_TRAIL) + 1) : t;
    }

    /** The cursor of the page before (empty: the first page). */
    static String top(String trail) {
        String last = trail.substring(trail.lastIndexOf(' ') + 1);
        return last.equals("-") ? "" : last;
    }

    /** The trail of the page before. */
    static String pop(String trail) {
        int cut = trail.lastIndexOf(' ');
        return cut < 0 ? "" : trail.substring(0, cut);
    }

    /** A list offset: empty is 0; otherwise a number from 0 to {@code size} or a 400 naming {@code name}. */
    static int offset(String value, String name, int size) {
        if (value.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= size) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UiProblem(400, "Bad request", "'" + name + "' must be a number from 0 to " + size + ", not '" + value
                + "'.");
    }

    /** Where an older audit page starts: below sequence number {@code seq}, at or before instant {@code at}. */
    record Cursor(long seq, Instant at) {
        static Cursor of(AuditEntry e) {
            return new Cursor(e.seq(), e.at());
        }

        /** {@code SEQ@INSTANT}; empty is null (the newest page); anything else malformed is a 400. */
        static Cursor parse(String text) {
            if (text.isEmpty()) {
                return null;
            }
            int at = text.indexOf('@');
            try {
                return new Cursor(Long.parseLong(text.substring(0, at)), Instant.parse(text.substring(at + 1)));
            } catch (RuntimeException e) {
                throw new UiProblem(400, "Bad request", "'before' must be SEQ@INSTANT, as the page links give it, not '"
                        + text + "'.");
            }
        }

        String text() {
            return seq + "@" + at;
        }
    }
}
