package io.jmreg.api.exceptions;

import java.util.List;

/**
 * A malformed search query: where (a 0-based offset, shown with a caret under the query), what was expected, and for
 * an unknown field the nearest known one. Nothing is evaluated.
 */
public class QueryException extends ValidationException {
    private static final long serialVersionUID = 1L;
    private final String query;
    private final int offset;
    private final List<String> expected;

    /** Creates the exception; {@code problem} says what is wrong at {@code offset}. */
    public QueryException(String query, int offset, String problem, List<String> expected) {
        super("%s at offset %d%s%n  %s%n  %s^", problem, offset,
                expected.isEmpty() ? "" : " (expected " + String.join(" or ", expected) + ")", query,
                " ".repeat(Math.max(0, offset)));
        this.query = query;
        this.offset = offset;
        this.expected = List.copyOf(expected);
    }

    /** The query as given. */
    public String query() {
        return query;
    }

    /** Where the problem is: a 0-based character offset into {@link #query()}. */
    public int offset() {
        return offset;
    }

    /** What would have been accepted there (may be empty). */
    public List<String> expected() {
        return expected;
    }

    /** {@link ErrorKind#INVALID}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID;
    }

    /** {@code query}. */
    @Override
    public String code() {
        return "query";
    }
}
