package org.widenet.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders {@link LineChart}s to PNG with XChart, without a display.
 *
 * <p>Loading this class sets the system property {@code java.awt.headless=true} (unless it was
 * already set explicitly), so charts render on servers and in CI with no X display. The property
 * only takes effect if AWT has not been initialized yet in this JVM; in a headful JVM rendering
 * to an off-screen image works anyway.
 */
public final class Charts {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /** Series with more points than this are drawn as plain lines, without markers. */
  static final int MARKER_LIMIT = 50;

  private Charts() {}

  /**
   * Renders a chart to PNG bytes: white background, the legend inside the plot in a corner the
   * curves leave free or outside it when no corner is free, markers off for series longer than
   * {@value #MARKER_LIMIT} points. Series much longer than the image is wide are thinned to
   * the points that set each pixel column's extent, which looks the same. Non-finite points are dropped, and so are points with
   * {@code y <= 0} on a log chart; a chart left with no point renders as empty axes.
   *
   * @param chart the chart
   * @param width the image width in pixels, e.g. 800
   * @param height the image height in pixels, e.g. 500
   * @return the PNG file's bytes
   * @throws IllegalArgumentException if the chart has no series, a series' x and y differ in
   *     length, or a size is not positive
   */
  public static byte[] png(LineChart chart, int width, int height) {
    XYChart xy = build(chart, width, height);
    try {
      return BitmapEncoder.getBitmapBytes(xy, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode chart '" + chart.title() + "'", e);
    }
  }

  /**
   * Renders a chart (see {@link #png}) and writes it to a file, creating parent directories and
   * replacing an existing file.
   *
   * @param chart the chart
   * @param file the PNG file to write
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @throws IllegalArgumentException as {@link #png}
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writePng(LineChart chart, Path file, int width, int height) {
    byte[] bytes = png(chart, width, height);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static XYChart build(LineChart chart, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (chart.series().isEmpty()) {
      throw new IllegalArgumentException("chart '" + chart.title() + "' has no series");
    }
    List<String> names = new ArrayList<>();
    List<double[][]> data = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Series s : chart.series()) {
      if (s.x().length != s.y().length) {
        throw new IllegalArgumentException("series '" + s.name() + "' has mismatched lengths");
      }
      double[][] kept = plottable(s, chart.logY(), chart.logX());
      if (kept[0].length == 0) {
        continue;
      }
      String base = s.name().isBlank() ? "series " + (names.size() + 1) : s.name();
      String name = base;
      for (int k = 2; !used.add(name); k++) {
        name = base + " (" + k + ")";
      }
      names.add(name);
      data.add(kept);
    }
    XYChart xy = new XYChartBuilder().width(width).height(height)
        .title(data.isEmpty() ? chart.title() + " (no plottable data)" : chart.title())
        .xAxisTitle(chart.xLabel()).yAxisTitle(chart.yLabel()).build();
    XYStyler styler = xy.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(Color.GRAY);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setChartTitleBoxVisible(false);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    styler.setXAxisTickMarkSpacingHint(90);
    styler.setYAxisTickMarkSpacingHint(60);
    if (chart.logY()) {
      styler.setYAxisLogarithmic(true);
      logRange(styler, data);
    }
    if (chart.logX()) {
      styler.setXAxisLogarithmic(true);
    }
    List<double[][]> drawn = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      drawn.add(Decimation.thin(data.get(i), Math.max(1, width)));
      XYSeries series = xy.addSeries(names.get(i), drawn.get(i)[0], drawn.get(i)[1]);
      if (data.get(i)[0].length > MARKER_LIMIT) {
        series.setMarker(SeriesMarkers.NONE);
      }
    }
    breakEqualSpacing(xy, drawn);
    if (data.isEmpty()) {
      // XChart cannot lay out axes without a series: add one invisible point.
      XYSeries blank = xy.addSeries(" ", new double[] {0}, new double[] {1});
      blank.setMarker(SeriesMarkers.NONE);
      blank.setShowInLegend(false);
      styler.setLegendVisible(false);
    } else {
      LegendPosition position = LegendPlacement.choose(drawn, names, chart.logY(), width, height);
      styler.setLegendPosition(position);
      if (position == LegendPosition.OutsideS) {
        styler.setLegendLayout(LegendLayout.Horizontal);
      }
    }
    return xy;
  }

  /**
   * XChart labels an axis whose values (over all series) are equally spaced, such as
   * iterations 0..T, at every k-th value, which crowds the labels for long runs. One hidden
   * point off that grid makes it use its ordinary "nice number" ticks instead; the point lies
   * inside the data range and draws nothing.
   */
  private static void breakEqualSpacing(XYChart xy, List<double[][]> data) {
    double[] xs = distinctSorted(data, 0);
    double[] ys = distinctSorted(data, 1);
    if (xs.length <= 10 && ys.length <= 10) {
      return;
    }
    double x = xs.length > 10 ? xs[0] + 0.37 * (xs[1] - xs[0]) : xs[0];
    double y = ys.length > 10 ? ys[0] + 0.37 * (ys[1] - ys[0]) : ys[0];
    XYSeries helper = xy.addSeries("\u0000tick-helper", new double[] {x}, new double[] {y});
    helper.setMarker(SeriesMarkers.NONE);
    helper.setShowInLegend(false);
  }

  private static double[] distinctSorted(List<double[][]> data, int axis) {
    double[] all = data.stream().flatMapToDouble(d -> Arrays.stream(d[axis])).toArray();
    Arrays.sort(all);
    int n = 0;
    for (int i = 0; i < all.length; i++) {
      if (i == 0 || all[i] != all[n - 1]) {
        all[n++] = all[i];
      }
    }
    return Arrays.copyOf(all, n);
  }

  /**
   * Widens a log y axis to whole decades so that at least two labelled ticks show, and labels
   * the ticks between decades when the data spans fewer than two decades.
   */
  private static void logRange(XYStyler styler, List<double[][]> data) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[][] xy : data) {
      for (double y : xy[1]) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    if (!(min <= max)) {
      return;
    }
    double low = Math.floor(Math.log10(min));
    double high = Math.max(Math.ceil(Math.log10(max)), low + 1);
    styler.setYAxisMin(Math.pow(10, low));
    styler.setYAxisMax(Math.pow(10, high));
    styler.setYAxisLogarithmicDecadeOnly(high - low > 2);
  }

  /**
   * The points of a series that can be drawn.
   *
   * @param s the series
   * @param logY whether the chart is a log chart, which also drops points with y &lt;= 0
   * @return the finite points, in order, as {x, y}
   */
  static double[][] plottable(Series s, boolean logY) {
    return plottable(s, logY, false);
  }

  /** As {@link #plottable(Series, boolean)}, also dropping x &lt;= 0 when logX. */
  static double[][] plottable(Series s, boolean logY, boolean logX) {
    double[] x = s.x();
    double[] y = s.y();
    int n = 0;
    double[] kx = new double[x.length];
    double[] ky = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logY || y[i] > 0)
          && (!logX || x[i] > 0)) {
        kx[n] = x[i];
        ky[n] = y[i];
        n++;
      }
    }
    return new double[][] {Arrays.copyOf(kx, n), Arrays.copyOf(ky, n)};
  }
}
