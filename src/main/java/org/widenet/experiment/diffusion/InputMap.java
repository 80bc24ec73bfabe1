package org.widenet.experiment.diffusion;

/**
 * The map from (t, x(t)) to the network input of norm at most 1 (Assumption 6.1):
 * {@code z = (t / T, x / xScale) / sqrt(2)}, where xScale is the largest ||x(t)_i|| of the
 * training set, so every training input has norm at most 1 (each half contributes at most 1/2
 * to ||z||^2). A point outside that range (a new x with ||x|| &gt; xScale) would give ||z|| &gt; 1;
 * it is projected radially onto the unit sphere, {@code z / ||z||}, so the network never sees
 * an input of norm above 1. Inputs are column-major rows x (d + 1), time first.
 *
 * @param tMax T
 * @param xScale the scale of x, positive
 */
public record InputMap(double tMax, double xScale) {
  /** @throws IllegalArgumentException unless both are positive and finite */
  public InputMap {
    if (!(tMax > 0 && xScale > 0 && Double.isFinite(tMax) && Double.isFinite(xScale))) {
      throw new IllegalArgumentException("input map needs positive T and scale, got " + tMax
          + ", " + xScale);
    }
  }

  /** The map fitted to a training set: xScale = max_i ||x(t)_i||. */
  public static InputMap fit(double tMax, double[] xt, int n, int d) {
    return new InputMap(tMax, Math.max(maxRowNorm(xt, n, d), Double.MIN_NORMAL));
  }

  /**
   * Network inputs for points x (column-major rows x d), each with its own time.
   *
   * @return column-major rows x (d + 1)
   */
  public double[] apply(double[] t, double[] x, int rows, int d) {
    double[] z = new double[rows * (d + 1)];
    double c = 1 / Math.sqrt(2);
    for (int i = 0; i < rows; i++) {
      double norm2 = 0;
      double zt = c * t[i] / tMax;
      z[i] = zt;
      norm2 += zt * zt;
      for (int j = 0; j < d; j++) {
        double v = c * x[i + j * rows] / xScale;
        z[i + (j + 1) * rows] = v;
        norm2 += v * v;
      }
      if (norm2 > 1) {
        double inv = 1 / Math.sqrt(norm2);
        for (int j = 0; j <= d; j++) {
          z[i + j * rows] *= inv;
        }
      }
    }
    return z;
  }

  /** Network inputs for points x that share one time t. */
  public double[] apply(double t, double[] x, int rows, int d) {
    double[] times = new double[rows];
    java.util.Arrays.fill(times, t);
    return apply(times, x, rows, d);
  }

  static double maxRowNorm(double[] a, int rows, int cols) {
    double max = 0;
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int j = 0; j < cols; j++) {
        s += a[i + j * rows] * a[i + j * rows];
      }
      max = Math.max(max, Math.sqrt(s));
    }
    return max;
  }
}
