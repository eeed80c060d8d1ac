package io.alps.api.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG charts drawn with JFreeChart: every chart has a title, labelled axes and a legend. */
public final class Charts {
    public static final int WIDTH = 900;
    public static final int HEIGHT = 560;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A line chart with markers; {@code series} maps a legend name to points {x[], y[]}. */
    public static byte[] lines(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, xy) -> {
            XYSeries s = new XYSeries(name, false, true);
            for (int i = 0; i < xy[0].length; i++) {
                if (!Double.isNaN(xy[1][i])) {
                    s.add(xy[0][i], xy[1][i]);
                }
            }
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        if (wholeNumbers(series)) {
            // Rounds and sample counts: no tick at round 0.5.
            ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        style(chart);
        return png(chart);
    }

    /**
     * Mean lines with shaded confidence bands; {@code series} maps a legend name to
     * {x[], mean[], low[], high[]} (NaN bounds draw the mean alone).
     */
    public static byte[] bands(String title, String xLabel, String yLabel, Map<String, double[][]> series) {
        org.jfree.data.xy.YIntervalSeriesCollection data = new org.jfree.data.xy.YIntervalSeriesCollection();
        series.forEach((name, v) -> {
            org.jfree.data.xy.YIntervalSeries s = new org.jfree.data.xy.YIntervalSeries(name);
            for (int i = 0; i < v[0].length; i++) {
                boolean band = !Double.isNaN(v[2][i]) && !Double.isNaN(v[3][i]);
                s.add(v[0][i], v[1][i], band ? v[2][i] : v[1][i], band ? v[3][i] : v[1][i]);
            }
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        org.jfree.chart.renderer.xy.DeviationRenderer renderer = new org.jfree.chart.renderer.xy.DeviationRenderer(true, true);
        // Explicit colours: the band must share its line's colour, which the renderer's lazy lookup does not ensure.
        Color[] palette = {new Color(0xd62728), new Color(0x1f77b4), new Color(0x2ca02c), new Color(0xff7f0e),
                new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesStroke(i, new BasicStroke(2f));
            renderer.setSeriesPaint(i, palette[i % palette.length]);
            renderer.setSeriesFillPaint(i, palette[i % palette.length]);
        }
        renderer.setAlpha(0.15f);
        chart.getXYPlot().setRenderer(renderer);
        ((org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        style(chart);
        return png(chart);
    }

    private static boolean wholeNumbers(Map<String, double[][]> series) {
        return series.values().stream().flatMapToDouble(xy -> java.util.Arrays.stream(xy[0])).allMatch(x -> x == Math.rint(x));
    }

    /** A grouped bar chart: {@code values} maps a category to (series name -> value). */
    public static byte[] bars(String title, String categoryLabel, String valueLabel,
                              Map<String, Map<String, Double>> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((category, bySeries) -> bySeries.forEach((series, v) -> data.addValue(v, series, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        return png(chart);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(248, 248, 248));
    }

    private static byte[] png(JFreeChart chart) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
