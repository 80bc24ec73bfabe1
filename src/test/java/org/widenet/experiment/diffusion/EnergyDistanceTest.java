package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnergyDistanceTest {
  /** Plain twin: points as arrays of rows, every ordered pair, diagonal skipped. */
  private static double reference(double[][] x, double[][] y) {
    double cross = 0;
    for (double[] a : x) {
      for (double[] b : y) {
        cross += dist(a, b);
      }
    }
    cross /= (double) x.length * y.length;
    return 2 * cross - within(x) - within(y);
  }

  private static double within(double[][] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        if (i != j) {
          s += dist(x[i], x[j]);
        }
      }
    }
    return s / (x.length * (x.length - 1.0));
  }

  private static double dist(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (a[k] - b[k]) * (a[k] - b[k]);
    }
    return Math.sqrt(s);
  }

  private static double[] columnMajor(double[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i + j * n] = rows[i][j];
      }
    }
    return out;
  }

  private static double[][] gaussian(SplittableRandom rng, int n, int d, double shift) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = rng.nextGaussian() + shift;
      }
    }
    return x;
  }

  @Test
  void matchesPlainTwinOnRandomSamples() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int d : new int[] {1, 2, 8}) {
      double[][] x = gaussian(rng, 37, d, 0);
      double[][] y = gaussian(rng, 23, d, 0.3);
      double got = EnergyDistance.squared(columnMajor(x), 37, columnMajor(y), 23, d);
      assertEquals(reference(x, y), got, 1e-12 * Math.max(1, Math.abs(got)));
    }
  }

  @Test
  void separatesShiftedLawsAndNotEqualOnes() {
    SplittableRandom rng = new SplittableRandom(8);
    int n = 400;
    double[] a = columnMajor(gaussian(rng, n, 2, 0));
    double[] b = columnMajor(gaussian(rng, n, 2, 0));
    double[] c = columnMajor(gaussian(rng, n, 2, 1));
    double same = EnergyDistance.squared(a, n, b, n, 2);
    double shifted = EnergyDistance.squared(a, n, c, n, 2);
    assertTrue(Math.abs(same) < 0.02, "same law: " + same);
    // Population value for N(0, I) vs N(1 1, I) in 2-D is about 0.5; demand a clear margin.
    assertTrue(shifted > 0.3, "shifted: " + shifted);
  }
}
