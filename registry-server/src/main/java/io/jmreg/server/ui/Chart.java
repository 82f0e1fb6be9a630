package io.jmreg.server.ui;

import io.jmreg.api.model.ModelVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart of one metric across a model's versions, laid out on the server and drawn by the template as inline
 * SVG (no script). Versions without the metric are left out of the line.
 *
 * @param metric   the metric drawn
 * @param width    SVG width
 * @param height   SVG height
 * @param points   one per version having the metric, in version order
 * @param line     the polyline's {@code points} attribute
 * @param ticks    horizontal grid lines with their values
 */
public record Chart(String metric, int width, int height, List<Point> points, String line, List<Tick> ticks) {
    static final int WIDTH = 720;
    static final int HEIGHT = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 24;
    private static final int TOP = 16;
    private static final int BOTTOM = 56;

    /** A version's value at its place; {@code showLabel} is false where labels would crowd. */
    public record Point(double x, double y, String version, String value, boolean showLabel) {
    }

    /** A grid line at {@code y} for {@code value}. */
    public record Tick(double y, String value) {
    }

    /** The chart of {@code metric} over {@code versions} (oldest first), or null if no version has it. */
    static Chart of(String metric, List<ModelVersion> versions) {
        List<ModelVersion> having = versions.stream().filter(v -> v.metrics().get(metric) != null).toList();
        if (having.isEmpty()) {
            return null;
        }
        double min = having.stream().mapToDouble(v -> v.metrics().get(metric)).min().orElse(0);
        double max = having.stream().mapToDouble(v -> v.metrics().get(metric)).max().orElse(1);
        if (max - min < 1e-12) {
            double pad = Math.abs(max) < 1e-12 ? 1 : Math.abs(max) * 0.1;
            min -= pad;
            max += pad;
        }
        // round the axis outwards to a "nice" step (1, 2, 2.5 or 5 times a power of ten), 3 to 6 grid lines
        double step = niceStep((max - min) / 4);
        min = Math.floor(min / step + 1e-9) * step;
        max = Math.ceil(max / step - 1e-9) * step;
        int lines = (int) Math.round((max - min) / step);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        int every = Math.max(1, (int) Math.ceil(having.size() / 12.0));
        List<Point> points = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < having.size(); i++) {
            ModelVersion v = having.get(i);
            double value = v.metrics().get(metric);
            double x = LEFT + (having.size() == 1 ? plotW / 2 : plotW * i / (having.size() - 1));
            double y = TOP + plotH * (max - value) / (max - min);
            points.add(new Point(round(x), round(y), v.version(), Fmt.number(value), i % every == 0
                    || i == having.size() - 1));
            line.append(line.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= lines; i++) {
            double value = Math.round((max - step * i) / step) * step; // no 0.30000000000000004
            ticks.add(new Tick(round(TOP + plotH * i / lines), Fmt.number(value)));
        }
        return new Chart(metric, WIDTH, HEIGHT, List.copyOf(points), line.toString(), List.copyOf(ticks));
    }

    /** The x where the plot starts (for the axis). */
    public int left() {
        return LEFT;
    }

    /** The x where the plot ends. */
    public int right() {
        return WIDTH - RIGHT;
    }

    /** The y of the x axis. */
    public int bottom() {
        return HEIGHT - BOTTOM;
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
