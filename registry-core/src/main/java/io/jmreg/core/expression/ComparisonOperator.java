package io.jmreg.core.expression;

/** The comparison operators of queries and quality gates, and what each means for a comparison result. */
public enum ComparisonOperator {
    /** {@code >=}. */ GE(">="),
    /** {@code <=}. */ LE("<="),
    /** {@code >}. */ GT(">"),
    /** {@code <}. */ LT("<"),
    /** {@code ==} (or {@code =}). */ EQ("=="),
    /** {@code !=}. */ NE("!=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** True for the ordering operators (all but equality and inequality). */
    public boolean ordering() {
        return this != EQ && this != NE;
    }

    /** Whether the operator holds for {@code comparison}, the sign of actual compared with expected. */
    public boolean holds(int comparison) {
        return switch (this) {
            case GE -> comparison >= 0;
            case LE -> comparison <= 0;
            case GT -> comparison > 0;
            case LT -> comparison < 0;
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
        };
    }

    @Override
    public String toString() {
        return symbol;
    }
}
