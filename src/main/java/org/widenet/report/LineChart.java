package org.widenet.report;

import java.util.List;
import java.util.Objects;

/**
 * A line chart specification, rendered by {@link Charts}.
 *
 * @param title the chart title (also the image's alt text in {@link HtmlReport})
 * @param xLabel the x-axis title
 * @param yLabel the y-axis title
 * @param logY whether the y axis is logarithmic (points with {@code y <= 0} are then dropped)
 * @param series the curves; an empty list is allowed here but {@link Charts} refuses to render it
 * @param logX whether the x axis is logarithmic too (points with {@code x <= 0} are then
 *     dropped)
 */
public record LineChart(String title, String xLabel, String yLabel, boolean logY,
    List<Series> series, boolean logX) {
  /** A chart with a linear x axis. */
  public LineChart(String title, String xLabel, String yLabel, boolean logY,
      List<Series> series) {
    this(title, xLabel, yLabel, logY, series, false);
  }

  /**
   * Checks the arguments and copies the series list.
   *
   * @param title the chart title
   * @param xLabel the x-axis title
   * @param yLabel the y-axis title
   * @param logY whether the y axis is logarithmic
   * @param series the curves
   * @throws NullPointerException if an argument or a series is null
   */
  public LineChart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(xLabel, "xLabel");
    Objects.requireNonNull(yLabel, "yLabel");
    series = List.copyOf(series);
  }
}
