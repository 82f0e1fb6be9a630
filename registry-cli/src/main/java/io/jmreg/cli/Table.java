package io.jmreg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A human table: columns aligned to their widest cell, a header line, nothing else; cells as {@link Human#text}, the
 * header and stage/outcome/status cells coloured on a terminal ({@link Colors}).
 */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    /** Adds a row (null cells print as {@code -}). */
    Table row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object c = i < cells.length ? cells[i] : null;
            String text = Human.text(c);
            r[i] = text.isEmpty() ? "-" : text;
        }
        rows.add(r);
        return this;
    }

    /** Prints the table. */
    void print(PrintWriter out) {
        int[] widths = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        String[] headers = rows.get(0);
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(r == headers ? Colors.header(r[i]) : Colors.cell(headers[i], r[i]));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
