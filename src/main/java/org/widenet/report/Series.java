package org.widenet.report;

import java.util.Objects;

/**
 * One named series of (x, y) points for a {@link LineChart}. The arrays are copied when the
 * series is made, so later changes to the caller's arrays do not show; do not modify the arrays
 * the accessors return. Points whose x or y is NaN or infinite are dropped when plotting, and log
 * plots also drop points with {@code y <= 0}.
 *
 * <p>Plot conventions, applied by {@link Charts}: series with the same {@code colorGroup} share a
 * colour (e.g. a measured curve and its prediction, or one run's lambda_min and lambda_max);
 * a {@link Style#DASHED} series is a prediction and its measured partner is {@link Style#SOLID};
 * {@link Style#DOTTED} is for a second measured quantity of the same group. Error bars (e.g.
 * the spread over seeds) are drawn at each point when {@code yError} is given.
 *
 * @param name the legend entry
 * @param x the x coordinates
 * @param y the y coordinates, as many as x
 * @param yError half the error bar's length at each point (as many as x), or null for none;
 *     a NaN entry draws no bar at that point
 * @param colorGroup series with equal non-null groups get the same colour; null: its own colour
 * @param style the line style
 */
public record Series(String name, double[] x, double[] y, double[] yError, String colorGroup,
    Style style) {

  /** How a series' line is drawn. */
  public enum Style {
    /** A measured curve (the default). */
    SOLID,
    /** A prediction, drawn in the colour of the measured curve it predicts. */
    DASHED,
    /** A second measured quantity in a colour group. */
    DOTTED
  }

  /**
   * A solid series with its own colour and no error bars.
   *
   * @param name the legend entry
   * @param x the x coordinates
   * @param y the y coordinates, as many as x
   */
  public Series(String name, double[] x, double[] y) {
    this(name, x, y, null, null, Style.SOLID);
  }

  /**
   * Checks and copies the data.
   *
   * @throws NullPointerException if name, x, y or style is null
   * @throws IllegalArgumentException if x, y (and yError) differ in length, or an error is
   *     negative
   */
  public Series {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    Objects.requireNonNull(style, "style");
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': x has " + x.length
          + " points but y has " + y.length);
    }
    if (yError != null) {
      if (yError.length != x.length) {
        throw new IllegalArgumentException("series '" + name + "': x has " + x.length
            + " points but yError has " + yError.length);
      }
      for (double e : yError) {
        if (e < 0) {
          throw new IllegalArgumentException("series '" + name + "': negative error " + e);
        }
      }
      yError = yError.clone();
    }
    x = x.clone();
    y = y.clone();
  }

  /**
   * A series whose x coordinates are 0, 1, 2, ... (e.g. iterations, or eigenvalue ranks).
   *
   * @param name the legend entry
   * @param y the y coordinates
   * @return the series
   */
  public static Series indexed(String name, double[] y) {
    double[] x = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    return new Series(name, x, y);
  }

  /**
   * The mean and error bars of several measurements of the same curve (e.g. one per seed):
   * y is the mean over the samples at each x, the error bar the sample standard deviation
   * (n - 1 in the denominator; none with a single sample). NaN samples are left out.
   *
   * @param name the legend entry
   * @param x the x coordinates
   * @param samples one array of y values per repetition, each as long as x
   * @return the series with error bars
   * @throws IllegalArgumentException if there are no samples or one differs in length from x
   */
  public static Series meanWithErrorBars(String name, double[] x,
      java.util.List<double[]> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("series '" + name + "': no samples");
    }
    double[] mean = new double[x.length];
    double[] sd = new double[x.length];
    for (double[] s : samples) {
      if (s.length != x.length) {
        throw new IllegalArgumentException("series '" + name + "': a sample has " + s.length
            + " points but x has " + x.length);
      }
    }
    for (int i = 0; i < x.length; i++) {
      double sum = 0;
      int n = 0;
      for (double[] s : samples) {
        if (!Double.isNaN(s[i])) {
          sum += s[i];
          n++;
        }
      }
      mean[i] = n == 0 ? Double.NaN : sum / n;
      double ss = 0;
      for (double[] s : samples) {
        if (!Double.isNaN(s[i])) {
          ss += (s[i] - mean[i]) * (s[i] - mean[i]);
        }
      }
      sd[i] = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
    }
    return new Series(name, x, mean, sd, null, Style.SOLID);
  }

  /**
   * This series in a colour group.
   *
   * @param group the group shared with the series that must have the same colour
   * @return a copy with the group set
   */
  public Series inColorGroup(String group) {
    return new Series(name, x, y, yError, group, style);
  }

  /**
   * This series with another line style.
   *
   * @param lineStyle the style
   * @return a copy with the style set
   */
  public Series withStyle(Style lineStyle) {
    return new Series(name, x, y, yError, colorGroup, lineStyle);
  }
}
