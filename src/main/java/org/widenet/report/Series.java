package org.widenet.report;

import java.util.Objects;

/**
 * One named series of (x, y) points for a {@link LineChart}. The arrays are copied when the
 * series is made, so later changes to the caller's arrays do not show; do not modify the arrays
 * the accessors return. Points whose x or y is NaN or infinite are dropped when plotting, and log
 * plots also drop points with {@code y <= 0}.
 *
 * @param name the legend entry
 * @param x the x coordinates
 * @param y the y coordinates, as many as x
 */
public record Series(String name, double[] x, double[] y) {
  /**
   * Checks and copies the data.
   *
   * @param name the legend entry
   * @param x the x coordinates
   * @param y the y coordinates, as many as x
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if x and y differ in length
   */
  public Series {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    if (x.length != y.length) {
      throw new IllegalArgumentException("series '" + name + "': x has " + x.length
          + " points but y has " + y.length);
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
}
