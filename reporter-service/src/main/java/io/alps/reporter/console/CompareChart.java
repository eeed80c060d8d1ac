package io.alps.reporter.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy-vs-labels curves of several experiments on one chart, laid out for an SVG the page
 * renders itself (no script, no chart library): each curve's points in the drawing's coordinates,
 * the axes' ticks and labels. Every value drawn is a number computed here.
 */
public final class CompareChart {
    static final int WIDTH = 720;
    static final int HEIGHT = 400;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 56;
    /** Colours told apart also by people with the common colour-vision deficiencies (Okabe and Ito's palette). */
    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
            "#000000", "#F0E442"};
    /** Each curve also has its own dash pattern, so it is told apart without colour. */
    private static final String[] DASHES = {"", "8 4", "2 4", "12 4 2 4", "6 6", "1 3", "10 2", "4 2 1 2"};

    /** The most curves one chart draws. */
    static final int MAX_CURVES = COLOURS.length;

    /** One experiment's measured rounds: labelled samples and test accuracy. */
    public record Point(double labeled, double accuracy) {
    }

    /** A curve as drawn: its points (the polyline's {@code points}) and each marker's centre. */
    public record Curve(String name, String colour, String dash, String points, List<Marker> markers) {
    }

    public record Marker(String x, String y, String label) {
    }

    /** A tick on an axis: where it is drawn and its text. */
    public record Tick(String at, String label) {
    }

    private final List<Curve> curves;
    private final List<Tick> xTicks;
    private final List<Tick> yTicks;

    private CompareChart(List<Curve> curves, List<Tick> xTicks, List<Tick> yTicks) {
        this.curves = curves;
        this.xTicks = xTicks;
        this.yTicks = yTicks;
    }

    /** The chart of {@code series} (at most {@link #MAX_CURVES}), named by {@code names} in the same order. */
    static CompareChart of(List<String> names, List<List<Point>> series) {
        if (series.size() > MAX_CURVES) {
            throw new IllegalArgumentException("at most " + MAX_CURVES + " curves, got " + series.size());
        }
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = 1;
        double maxY = 0;
        for (List<Point> s : series) {
            for (Point p : s) {
                minX = Math.min(minX, p.labeled());
                maxX = Math.max(maxX, p.labeled());
                minY = Math.min(minY, p.accuracy());
                maxY = Math.max(maxY, p.accuracy());
            }
        }
        if (minX > maxX) {
            minX = 0;
            maxX = 1;
        }
        if (minX == maxX) {
            minX = Math.max(0, minX - 1);
            maxX = maxX + 1;
        }
        // The accuracy axis in whole tenths around the curves.
        double y0 = minY > maxY ? 0 : Math.floor(minY * 10) / 10;
        double y1 = minY > maxY ? 1 : Math.min(1, Math.ceil(maxY * 10) / 10);
        if (y1 <= y0) {
            y1 = Math.min(1, y0 + 0.1);
            y0 = y1 - 0.1;
        }
        Scale x = new Scale(minX, maxX, LEFT, WIDTH - RIGHT);
        Scale y = new Scale(y0, y1, HEIGHT - BOTTOM, TOP);
        List<Curve> curves = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            StringBuilder points = new StringBuilder();
            List<Marker> markers = new ArrayList<>();
            for (Point p : series.get(i)) {
                String px = num(x.at(p.labeled()));
                String py = num(y.at(p.accuracy()));
                points.append(points.isEmpty() ? "" : " ").append(px).append(',').append(py);
                markers.add(new Marker(px, py, String.format(Locale.ROOT, "%s: %,.0f labels, %.2f %%", names.get(i),
                        p.labeled(), 100 * p.accuracy())));
            }
            curves.add(new Curve(names.get(i), COLOURS[i], DASHES[i], points.toString(), markers));
        }
        List<Tick> xTicks = new ArrayList<>();
        for (int t = 0; t <= 4; t++) {
            double v = minX + (maxX - minX) * t / 4;
            xTicks.add(new Tick(num(x.at(v)), String.format(Locale.ROOT, "%,.0f", v)));
        }
        List<Tick> yTicks = new ArrayList<>();
        int steps = (int) Math.round((y1 - y0) * 10);
        int every = steps > 5 ? 2 : 1;
        for (int t = 0; t <= steps; t += every) {
            double v = y0 + t / 10.0;
            yTicks.add(new Tick(num(y.at(v)), String.format(Locale.ROOT, "%.0f %%", 100 * v)));
        }
        return new CompareChart(curves, xTicks, yTicks);
    }

    private record Scale(double from, double to, double start, double end) {
        double at(double v) {
            return start + (v - from) / (to - from) * (end - start);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    public List<Curve> curves() {
        return curves;
    }

    public List<Tick> xTicks() {
        return xTicks;
    }

    public List<Tick> yTicks() {
        return yTicks;
    }

    public int width() {
        return WIDTH;
    }

    public int height() {
        return HEIGHT;
    }

    public int left() {
        return LEFT;
    }

    public int right() {
        return WIDTH - RIGHT;
    }

    public int top() {
        return TOP;
    }

    public int bottom() {
        return HEIGHT - BOTTOM;
    }

    public int yLabelX() {
        return LEFT - 8;
    }

    public int tickEnd() {
        return HEIGHT - BOTTOM + 5;
    }

    public int xLabelY() {
        return HEIGHT - BOTTOM + 20;
    }

    public int xTitleY() {
        return HEIGHT - 8;
    }

    public int yTitleY() {
        return (TOP + HEIGHT - BOTTOM) / 2;
    }

    public int middle() {
        return (LEFT + WIDTH - RIGHT) / 2;
    }
}
