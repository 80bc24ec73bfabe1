package org.widenet.experiment.diffusion;

/**
 * The energy distance of Szekely and Rizzo between two samples X (n points) and Y (m points):
 * {@code D^2 = 2 mean_{i,j} ||x_i - y_j|| - mean_{i != i'} ||x_i - x_i'||
 * - mean_{j != j'} ||y_j - y_j'||}, the within-sample means taken over distinct pairs
 * (U-statistics), so D^2 is an unbiased estimate of the population energy distance
 * {@code 2 E||X - Y|| - E||X - X'|| - E||Y - Y'||}, which is 0 exactly when the laws agree
 * (and may come out slightly negative for two samples of one law).
 */
public final class EnergyDistance {
  private EnergyDistance() {}

  /**
   * @param x column-major n x d
   * @param n its rows (at least 2)
   * @param y column-major m x d
   * @param m its rows (at least 2)
   * @param d the dimension
   * @return D^2 as above
   */
  public static double squared(double[] x, int n, double[] y, int m, int d) {
    if (n < 2 || m < 2) {
      throw new IllegalArgumentException("energy distance needs at least 2 points per sample");
    }
    double cross = meanDistance(x, n, y, m, d, false);
    double within = meanDistance(x, n, x, n, d, true);
    double withinY = meanDistance(y, m, y, m, d, true);
    return 2 * cross - within - withinY;
  }

  private static double meanDistance(double[] a, int na, double[] b, int nb, int d,
      boolean same) {
    double sum = 0;
    for (int i = 0; i < na; i++) {
      for (int j = same ? i + 1 : 0; j < nb; j++) {
        double s = 0;
        for (int k = 0; k < d; k++) {
          double diff = a[i + k * na] - b[j + k * nb];
          s += diff * diff;
        }
        sum += Math.sqrt(s);
      }
    }
    return same ? sum / (na * (na - 1.0) / 2) : sum / ((double) na * nb);
  }
}
