package org.widenet.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;

/**
 * A scatter chart specification (points, no lines), rendered to PNG with XChart by
 * {@link #png}; {@link HtmlReport#chart(ScatterChart, String)} embeds one. Non-finite points
 * are dropped.
 *
 * @param title the chart title (also the image's alt text)
 * @param xLabel the x-axis title
 * @param yLabel the y-axis title
 * @param series the point sets, one marker color each
 * @param range the axis range {xMin, xMax, yMin, yMax}, or null for XChart's automatic range
 *     (several charts that share a range compare at a glance)
 */
public record ScatterChart(String title, String xLabel, String yLabel, List<Series> series,
    double[] range) {
  /** Marker diameter in pixels. */
  static final int MARKER_SIZE = 4;

  /**
   * Checks the arguments and copies the series list.
   *
   * @throws NullPointerException if a label, the series list or a series is null
   * @throws IllegalArgumentException if the range is not four increasing bounds
   */
  public ScatterChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(xLabel, "xLabel");
    Objects.requireNonNull(yLabel, "yLabel");
    series = List.copyOf(series);
    if (range != null && (range.length != 4 || !(range[0] < range[1] && range[2] < range[3]))) {
      throw new IllegalArgumentException("range must be {xMin, xMax, yMin, yMax} with min < max");
    }
    range = range == null ? null : range.clone();
  }

  /**
   * Renders the chart to PNG bytes (white background, legend inside the top-right corner).
   *
   * @param width the image width in pixels
   * @param height the image height in pixels
   * @return the PNG file's bytes
   * @throws IllegalArgumentException if there is no series or a size is not positive
   */
  public byte[] png(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
    }
    if (series.isEmpty()) {
      throw new IllegalArgumentException("chart '" + title + "' has no series");
    }
    // Charts.plottable first: loading Charts sets java.awt.headless before XChart touches AWT.
    List<double[][]> kept = new java.util.ArrayList<>();
    for (Series s : series) {
      kept.add(Charts.plottable(s, false));
    }
    XYChart xy = new XYChartBuilder().width(width).height(height).title(title)
        .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
    XYStyler styler = xy.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderColor(Color.GRAY);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setChartTitleBoxVisible(false);
    styler.setLegendBorderColor(Color.LIGHT_GRAY);
    styler.setLegendPosition(LegendPosition.InsideNE);
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    styler.setMarkerSize(MARKER_SIZE);
    if (range != null) {
      styler.setXAxisMin(range[0]);
      styler.setXAxisMax(range[1]);
      styler.setYAxisMin(range[2]);
      styler.setYAxisMax(range[3]);
    }
    boolean any = false;
    for (int i = 0; i < series.size(); i++) {
      double[][] points = kept.get(i);
      if (points[0].length > 0) {
        xy.addSeries(series.get(i).name(), points[0], points[1]);
        any = true;
      }
    }
    if (!any) {
      throw new IllegalArgumentException("chart '" + title + "' has no finite point");
    }
    try {
      return BitmapEncoder.getBitmapBytes(xy, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode chart '" + title + "'", e);
    }
  }
}
