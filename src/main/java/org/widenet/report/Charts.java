package org.widenet.report;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.colors.XChartSeriesColors;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders {@link LineChart}s to PNG or SVG with XChart, without a display.
 *
 * <p>Conventions every report gets from here: series of one colour group share a colour, a
 * prediction is dashed beside its solid measured curve (see {@link Series.Style}), log axes span
 * whole decades and carry a labelled tick at every decade, and a series with
 * {@link Series#yError()} shows error bars.
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

  /** The colours, in the order groups (or ungrouped series) get them. */
  private static final Color[] PALETTE = {XChartSeriesColors.BLUE, XChartSeriesColors.ORANGE,
      XChartSeriesColors.GREEN, XChartSeriesColors.RED, XChartSeriesColors.PURPLE,
      XChartSeriesColors.BROWN, XChartSeriesColors.PINK, XChartSeriesColors.CYAN,
      XChartSeriesColors.BLACK, XChartSeriesColors.MAGENTA};

  /** Series with more points than this are drawn as plain lines, without markers. */
  static final int MARKER_LIMIT = 50;

  private Charts() {}

  /**
   * Renders a chart to PNG bytes: white background, the legend inside the plot in a corner the
   * curves leave free or outside it when no corner is free, markers off for series longer than
   * {@value #MARKER_LIMIT} points and for dashed (predicted) series. Series much longer than
   * the image is wide are thinned to the points that set each pixel column's extent, which
   * looks the same (series with error bars are drawn whole). Non-finite points are dropped,
   * and so are points with {@code y <= 0} on a log chart; a chart left with no point renders
   * as empty axes.
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

  /**
   * Renders a chart as {@link #png} does, to an SVG document (XChart draws the text as
   * outlines, so it looks the same without the fonts; a chart is a few hundred kB).
   *
   * @param chart the chart
   * @param width the nominal width in pixels
   * @param height the nominal height in pixels
   * @return the SVG document
   * @throws IllegalArgumentException as {@link #png}
   */
  public static String svg(LineChart chart, int width, int height) {
    XYChart xy = build(chart, width, height);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(xy, bytes, VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode chart '" + chart.title() + "'", e);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Renders a chart to SVG (see {@link #svg}) and writes it to a file, creating parent
   * directories and replacing an existing file.
   *
   * @param chart the chart
   * @param file the SVG file to write
   * @param width the nominal width in pixels
   * @param height the nominal height in pixels
   * @throws IllegalArgumentException as {@link #png}
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writeSvg(LineChart chart, Path file, int width, int height) {
    byte[] bytes = svg(chart, width, height).getBytes(java.nio.charset.StandardCharsets.UTF_8);
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
    List<Series> kinds = new ArrayList<>();
    Set<String> used = new HashSet<>();
    for (Series s : chart.series()) {
      if (s.x().length != s.y().length) {
        throw new IllegalArgumentException("series '" + s.name() + "' has mismatched lengths");
      }
      double[][] kept = plottable(s, chart.logY(), chart.logX());
      if (kept[0].length == 0) {
        continue;
      }
      kinds.add(s);
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
    styler.setErrorBarsColorSeriesColor(true);
    if (chart.logY()) {
      styler.setYAxisLogarithmic(true);
      double[] decades = decades(data, 1);
      if (decades != null) {
        styler.setYAxisMin(decades[0]);
        styler.setYAxisMax(decades[1]);
        styler.setYAxisLogarithmicDecadeOnly(decades[1] / decades[0] > 10.5);
      }
    }
    if (chart.logX()) {
      styler.setXAxisLogarithmic(true);
      double[] decades = nearDecades(decades(data, 0), data);
      if (decades != null) {
        styler.setXAxisMin(decades[0]);
        styler.setXAxisMax(decades[1]);
        styler.setXAxisLogarithmicDecadeOnly(decades[1] / decades[0] > 10.5);
      }
    }
    Map<String, Color> groupColors = new HashMap<>();
    int nextColor = 0;
    List<double[][]> drawn = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      double[][] points = data.get(i);
      XYSeries series;
      if (points.length > 2) {
        // error bars: every point is drawn, no thinning
        drawn.add(new double[][] {points[0], points[1]});
        series = xy.addSeries(names.get(i), points[0], points[1],
            errorsFor(points, chart.logY()));
      } else {
        drawn.add(Decimation.thin(points, Math.max(1, width)));
        series = xy.addSeries(names.get(i), drawn.get(i)[0], drawn.get(i)[1]);
      }
      Series kind = kinds.get(i);
      if (points[0].length > MARKER_LIMIT || kind.style() == Series.Style.DASHED) {
        // a prediction is a plain dashed line, so it reads apart from its measured curve
        series.setMarker(SeriesMarkers.NONE);
      }
      Color color;
      if (kind.colorGroup() == null) {
        color = PALETTE[nextColor++ % PALETTE.length];
      } else {
        color = groupColors.get(kind.colorGroup());
        if (color == null) {
          color = PALETTE[nextColor++ % PALETTE.length];
          groupColors.put(kind.colorGroup(), color);
        }
      }
      series.setLineColor(color);
      series.setMarkerColor(color);
      series.setFillColor(color);
      switch (kind.style()) {
        case DASHED -> series.setLineStyle(new java.awt.BasicStroke(2.0f,
            java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_ROUND, 10f,
            new float[] {7f, 5f}, 0f));
        case DOTTED -> series.setLineStyle(new java.awt.BasicStroke(2.0f,
            java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND, 10f,
            new float[] {1f, 4f}, 0f));
        default -> series.setLineStyle(SeriesLines.SOLID);
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
        // One row when the entries fit across the image (as LegendPlacement measures them),
        // else one entry per line: XChart does not wrap a horizontal legend, it cuts it off.
        int across = names.stream().mapToInt(n -> n.length() * 7 + 45).sum();
        styler.setLegendLayout(across <= width - 40 ? LegendLayout.Horizontal
            : LegendLayout.Vertical);
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
   * The whole decades around the data on one axis (0 = x, 1 = y), at least one decade apart so
   * that at least two labelled decade ticks show; null when there is no point. Error bars are
   * included on y. An axis of one decade also labels 2..9 times the decade; a longer one labels
   * only the decades (with unlabelled grid lines between), which keeps the labels apart.
   */
  private static double[] decades(List<double[][]> data, int axis) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[][] xy : data) {
      for (int i = 0; i < xy[axis].length; i++) {
        double v = xy[axis][i];
        double e = axis == 1 && xy.length > 2 && !Double.isNaN(xy[2][i]) ? xy[2][i] : 0;
        min = Math.min(min, v - e > 0 ? v - e : v);
        max = Math.max(max, v + e);
      }
    }
    if (!(min <= max)) {
      return null;
    }
    double low = Math.floor(Math.log10(min));
    double high = Math.max(Math.ceil(Math.log10(max)), low + 1);
    return new double[] {Math.pow(10, low), Math.pow(10, high)};
  }

  /**
   * A log x axis is not widened to whole decades far beyond the data (a sweep of n = 8..32
   * would sit in a corner of 1..100): each end moves out to its decade only when that is
   * within a factor sqrt(10) of the data, which still puts at least one decade on the axis;
   * otherwise to the nearest labelled tick outside the data (8..16 becomes 8..20).
   */
  private static double[] nearDecades(double[] decades, List<double[][]> data) {
    if (decades == null) {
      return null;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double[][] xy : data) {
      for (double v : xy[0]) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    double near = Math.sqrt(10) * 1.0001;
    // else to the labelled tick (a whole multiple of the decade) just outside the data
    double lowDecade = Math.pow(10, Math.floor(Math.log10(min)));
    double highDecade = Math.pow(10, Math.floor(Math.log10(max)));
    double low = min / decades[0] <= near ? decades[0]
        : Math.floor(min / lowDecade * 1.000001) * lowDecade;
    double high = decades[1] / max <= near ? decades[1]
        : Math.ceil(max / highDecade * 0.999999) * highDecade;
    return new double[] {low, high};
  }

  /**
   * The error bars to hand XChart: NaN becomes 0 (no bar), and on a log axis a bar is cut so
   * that it stays above zero.
   */
  private static double[] errorsFor(double[][] points, boolean logY) {
    double[] e = new double[points[0].length];
    for (int i = 0; i < e.length; i++) {
      double v = points[2][i];
      e[i] = Double.isNaN(v) ? 0 : logY ? Math.min(v, 0.999 * points[1][i]) : v;
    }
    return e;
  }

  /**
   * The points of a series that can be drawn.
   *
   * @param s the series
   * @param logY whether the chart is a log chart, which also drops points with y &lt;= 0
   * @return the finite points, in order, as {x, y}, or {x, y, yError} when the series has
   *     error bars (NaN: no bar at that point)
   */
  static double[][] plottable(Series s, boolean logY) {
    return plottable(s, logY, false);
  }

  /** As {@link #plottable(Series, boolean)}, also dropping x &lt;= 0 when logX. */
  static double[][] plottable(Series s, boolean logY, boolean logX) {
    double[] x = s.x();
    double[] y = s.y();
    double[] err = s.yError();
    int n = 0;
    double[] kx = new double[x.length];
    double[] ky = new double[y.length];
    double[] ke = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i]) && (!logY || y[i] > 0)
          && (!logX || x[i] > 0)) {
        kx[n] = x[i];
        ky[n] = y[i];
        ke[n] = err == null || !Double.isFinite(err[i]) ? Double.NaN : err[i];
        n++;
      }
    }
    if (err == null) {
      return new double[][] {Arrays.copyOf(kx, n), Arrays.copyOf(ky, n)};
    }
    return new double[][] {Arrays.copyOf(kx, n), Arrays.copyOf(ky, n), Arrays.copyOf(ke, n)};
  }
}
