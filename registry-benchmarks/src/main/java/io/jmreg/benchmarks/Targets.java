package io.jmreg.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The targets a benchmark run checks: each figure is printed beside its target, and one that misses it by more than
 * {@link #TOLERANCE} (a fifth) is remembered, so that the program can exit non-zero and a regression is seen.
 */
final class Targets {
    /** How far a figure may miss its target before the run fails: noise on a shared machine, not a regression. */
    static final double TOLERANCE = 0.2;
    private final List<String> misses = new ArrayList<>();
    private final List<String> summary = new ArrayList<>();

    /** Checks a figure that should be at least {@code target}; returns the text to print after it. */
    String atLeast(String figure, double value, double target, String unit) {
        return check(figure, value, ">=", target, unit, value >= target, value < target * (1 - TOLERANCE));
    }

    /** Checks a figure that should be at most {@code target}; returns the text to print after it. */
    String atMost(String figure, double value, double target, String unit) {
        return check(figure, value, "<=", target, unit, value <= target, value > target * (1 + TOLERANCE));
    }

    private String check(String figure, double value, String relation, double target, String unit, boolean met,
                         boolean missed) {
        String verdict = met ? "met" : missed ? "MISSED by more than 20 %" : "missed within 20 %";
        String text = String.format("%.2f%s (target %s %.2f%s: %s)", value, unit, relation, target, unit, verdict);
        summary.add(String.format("  %-62s %s", figure, text));
        if (missed) {
            misses.add(figure);
        }
        return text;
    }

    /** The figures that missed their targets by more than the tolerance. */
    List<String> misses() {
        return List.copyOf(misses);
    }

    /** Prints every checked figure, one a line. */
    void printSummary() {
        System.out.println("targets:");
        summary.forEach(System.out::println);
        System.out.println(misses.isEmpty() ? "every target met or missed by less than 20 %"
                : "MISSED by more than 20 %: " + String.join("; ", misses));
    }
}
