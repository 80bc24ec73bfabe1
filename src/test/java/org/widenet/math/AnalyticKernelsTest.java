package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.math.AnalyticKernels.Kind;
import org.widenet.testutil.Problems;
import org.widenet.testutil.Tolerance;

/** Closed-form infinite-width kernels: hand cases, loop twins, Monte Carlo, row blocks. */
class AnalyticKernelsTest {

  private static final double SQRT3_HALF = Math.sqrt(3.0) / 2.0;

  /** Rows given row by row, returned n by d column-major. */
  static double[] colMajor(double[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i + k * n] = rows[i][k];
      }
    }
    return x;
  }

  private static double dot(int n, int d, double[] x, int i, int j) {
    double s = 0.0;
    for (int k = 0; k < d; k++) {
      s += x[i + k * n] * x[j + k * n];
    }
    return s;
  }

  @Test
  void reluInfinityMatchesHandComputedCases() {
    double[] x = colMajor(new double[][] {
        {1.0, 0.0, 0.0}, {1.0, 0.0, 0.0}, {0.0, 1.0, 0.0}, {-1.0, 0.0, 0.0},
        {0.5, SQRT3_HALF, 0.0}, {0.6, 0.8, 0.0}, {-0.6, -0.8, 0.0}});
    double[] h = AnalyticKernels.reluInfinity(7, 3, x);
    for (int i = 0; i < 7; i++) {
      assertEquals(0.5, PackedSymmetric.get(h, i, i), Tolerance.EXACT, "diagonal " + i);
    }
    assertEquals(0.5, PackedSymmetric.get(h, 0, 1), Tolerance.EXACT, "identical rows");
    assertEquals(0.0, PackedSymmetric.get(h, 0, 2), Tolerance.EXACT, "orthogonal rows");
    assertEquals(0.0, PackedSymmetric.get(h, 0, 3), Tolerance.EXACT, "opposite rows");
    assertEquals(0.0, PackedSymmetric.get(h, 5, 6), Tolerance.EXACT, "opposite rows");
    assertEquals(1.0 / 6.0, PackedSymmetric.get(h, 0, 4), Tolerance.EXACT, "60 degrees");
    // 120 degrees: -0.5 * (pi - 2pi/3) / (2pi) = -1/12.
    assertEquals(-1.0 / 12.0, PackedSymmetric.get(h, 3, 4), Tolerance.EXACT, "120 degrees");
  }

  @Test
  void reluInfinityMatchesTheLoopFormulaOnSpherePoints() {
    int n = 30;
    int d = 6;
    double[] x = Problems.sphere(n, d, "random", 3).x();
    double[] h = AnalyticKernels.reluInfinity(n, d, x);
    double[] expected = new double[h.length];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double t = i == j ? 1.0 : dot(n, d, x, i, j);
        expected[PackedSymmetric.index(i, j)] = t * (Math.PI - Math.acos(t)) / (2.0 * Math.PI);
      }
    }
    assertTrue(Tolerance.maxRelativeError(expected, h) <= Tolerance.EXACT);
  }

  @Test
  void reluInfinityMatchesMonteCarlo() {
    double[] x = colMajor(new double[][] {{1.0, 0.0, 0.0}, {0.6, 0.8, 0.0}, {0.0, -0.6, 0.8}});
    double[] h = AnalyticKernels.reluInfinity(3, 3, x);
    Random rnd = new Random(71);
    int samples = 200_000;
    double[][] sum = new double[3][3];
    double[][] sumSq = new double[3][3];
    double[] z = new double[3];
    for (int s = 0; s < samples; s++) {
      double[] w = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
      for (int i = 0; i < 3; i++) {
        z[i] = w[0] * x[i] + w[1] * x[i + 3] + w[2] * x[i + 6];
      }
      for (int i = 0; i < 3; i++) {
        for (int j = i; j < 3; j++) {
          double v = z[i] >= 0 && z[j] >= 0 ? dot(3, 3, x, i, j) : 0.0;
          sum[i][j] += v;
          sumSq[i][j] += v * v;
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      for (int j = i; j < 3; j++) {
        double mean = sum[i][j] / samples;
        double se = Math.sqrt((sumSq[i][j] / samples - mean * mean) / (samples - 1));
        double exact = PackedSymmetric.get(h, i, j);
        assertTrue(Math.abs(mean - exact) <= 4.0 * se, "(" + i + "," + j + "): MC " + mean
            + " +- " + se + " vs " + exact);
      }
    }
  }

  @Test
  void reluInfinityRefusesNonUnitRowsNamingTheRow() {
    double[] x = colMajor(new double[][] {{1.0, 0.0}, {0.0, 1.0 + 5e-10}, {0.0, 1.1}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.reluInfinity(3, 2, x));
    assertTrue(e.getMessage().contains("row 2"), e.getMessage());
    assertTrue(e.getMessage().contains("1.1"), e.getMessage());
    assertTrue(e.getMessage().contains("use --normalize"), e.getMessage());
    double[] ok = colMajor(new double[][] {{1.0, 0.0}, {0.0, 1.0 + 5e-10}});
    double[] h = AnalyticKernels.reluInfinity(2, 2, ok);
    assertEquals(0.5 * (1.0 + 5e-10) * (1.0 + 5e-10), PackedSymmetric.get(h, 1, 1), 1e-15);
    assertEquals(0.0, PackedSymmetric.get(h, 0, 1), 0.0);
    assertThrows(IllegalArgumentException.class, () -> AnalyticKernels.rows(Kind.RELU_INF, 0.0,
        3, 2, x, 0, 1, new double[3]));
  }

  @Test
  void expInfinityMatchesMonteCarloWithinFourStandardErrors() {
    int n = 3;
    int d = 4;
    double[] x = colMajor(new double[][] {
        {0.5, -0.3, 0.2, 0.1}, {0.1, 0.4, -0.6, 0.3}, {-0.7, 0.2, 0.0, 0.5}});
    int[][] pairs = {{0, 0}, {0, 1}, {1, 2}, {2, 2}, {0, 2}};
    for (double sigma : new double[] {0.5, 1.0}) {
      double[] h = AnalyticKernels.expInfinity(n, d, x, sigma);
      Random rnd = new Random(sigma == 0.5 ? 101 : 102);
      int samples = 200_000;
      double[] sum = new double[pairs.length];
      double[] sumSq = new double[pairs.length];
      double[] e = new double[n];
      for (int s = 0; s < samples; s++) {
        double[] w = TestMatrices.gaussian(rnd, d, sigma);
        for (int i = 0; i < n; i++) {
          double z = 0.0;
          for (int k = 0; k < d; k++) {
            z += w[k] * x[i + k * n];
          }
          e[i] = Math.exp(z);
        }
        for (int p = 0; p < pairs.length; p++) {
          int i = pairs[p][0];
          int j = pairs[p][1];
          double v = dot(n, d, x, i, j) * e[i] * e[j];
          sum[p] += v;
          sumSq[p] += v * v;
        }
      }
      for (int p = 0; p < pairs.length; p++) {
        double mean = sum[p] / samples;
        double se = Math.sqrt((sumSq[p] / samples - mean * mean) / (samples - 1));
        double exact = PackedSymmetric.get(h, pairs[p][0], pairs[p][1]);
        assertTrue(se > 0.0 && Math.abs(mean - exact) <= 4.0 * se, "sigma=" + sigma + " pair "
            + pairs[p][0] + "," + pairs[p][1] + ": MC " + mean + " +- " + se + " vs " + exact);
      }
    }
  }

  @Test
  void expInfinityEqualsTheFactoredForm() {
    Random rnd = new Random(5);
    int n = 17;
    int d = 5;
    double[] x = TestMatrices.gaussian(rnd, n * d, 0.6);
    for (double sigma : new double[] {0.0, 0.5, 1.0, 1.7}) {
      double s2 = sigma * sigma;
      double[] h = AnalyticKernels.expInfinity(n, d, x, sigma);
      double[] factored = new double[h.length];
      double[] direct = new double[h.length];
      for (int j = 0; j < n; j++) {
        for (int i = 0; i <= j; i++) {
          double t = dot(n, d, x, i, j);
          double di = Math.exp(s2 * dot(n, d, x, i, i) / 2.0);
          double dj = Math.exp(s2 * dot(n, d, x, j, j) / 2.0);
          factored[PackedSymmetric.index(i, j)] = t * (di * Math.exp(s2 * t) * dj);
          double sumSq = 0.0;
          for (int k = 0; k < d; k++) {
            double v = x[i + k * n] + x[j + k * n];
            sumSq += v * v;
          }
          direct[PackedSymmetric.index(i, j)] = t * Math.exp(s2 * sumSq / 2.0);
        }
      }
      assertTrue(Tolerance.maxRelativeError(factored, h) <= Tolerance.EXACT, "sigma=" + sigma);
      assertTrue(Tolerance.maxRelativeError(direct, h) <= Tolerance.EXACT, "sigma=" + sigma);
    }
  }

  @Test
  void rowBlocksEqualTheWholeMatrixForBothKinds() {
    int n = 23;
    int d = 4;
    double[] x = Problems.sphere(n, d, "random", 9).x();
    // A duplicated and a negated row: nearly (anti)parallel pairs are the ill-conditioned case.
    for (int k = 0; k < d; k++) {
      x[5 + k * n] = x[2 + k * n];
      x[11 + k * n] = -x[2 + k * n];
    }
    int[] cuts = {0, 1, 1, 8, 15, 23};
    for (Kind kind : Kind.values()) {
      double sigma = 0.8;
      double[] whole = kind == Kind.RELU_INF
          ? AnalyticKernels.reluInfinity(n, d, x) : AnalyticKernels.expInfinity(n, d, x, sigma);
      double[] all = new double[n * n];
      for (int b = 0; b + 1 < cuts.length; b++) {
        int r = cuts[b + 1] - cuts[b];
        double[] block = new double[r * n + 3];
        AnalyticKernels.rows(kind, sigma, n, d, x, cuts[b], cuts[b + 1], block);
        System.arraycopy(block, 0, all, cuts[b] * n, r * n);
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double err = Tolerance.relativeError(PackedSymmetric.get(whole, i, j), all[i * n + j]);
          assertTrue(err <= Tolerance.EXACT, kind + " (" + i + "," + j + "): " + err);
        }
      }
      assertTrue(Tolerance.maxRelativeError(whole, AnalyticKernels.packRows(n, all))
          <= Tolerance.EXACT, kind.cliName());
    }
    double[] relu = AnalyticKernels.reluInfinity(n, d, x);
    assertEquals(0.5, PackedSymmetric.get(relu, 2, 5), Tolerance.EXACT, "duplicate rows");
    assertEquals(0.0, PackedSymmetric.get(relu, 2, 11), Tolerance.EXACT, "opposite rows");
  }

  @Test
  void packRowsRoundTripsAndReadsTheUpperTriangle() {
    int n = 9;
    double[] packed = PackedSymmetric.pack(n, TestMatrices.symmetric(new Random(4), n));
    double[] rowMajor = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        rowMajor[i * n + j] = PackedSymmetric.get(packed, i, j);
      }
    }
    assertArrayEquals(packed, AnalyticKernels.packRows(n, rowMajor), 0.0);
    rowMajor[3 * n + 1] = 99.0; // strict lower triangle (row 3, column 1): not read
    assertArrayEquals(packed, AnalyticKernels.packRows(n, rowMajor), 0.0);
    rowMajor[1 * n + 3] = 98.0;
    assertEquals(98.0, PackedSymmetric.get(AnalyticKernels.packRows(n, rowMajor), 1, 3));
    assertEquals(0, AnalyticKernels.packRows(0, new double[0]).length);
    assertThrows(IllegalArgumentException.class, () -> AnalyticKernels.packRows(3, new double[8]));
  }

  @Test
  void kindNamesRoundTripAndBadInputIsRefused() {
    for (Kind kind : Kind.values()) {
      assertSame(kind, Kind.parse(kind.cliName()));
    }
    assertEquals("relu-inf", Kind.RELU_INF.cliName());
    assertEquals("exp-inf", Kind.EXP_INF.cliName());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Kind.parse("relu"));
    assertTrue(e.getMessage().contains("relu-inf") && e.getMessage().contains("exp-inf"));
    assertThrows(IllegalArgumentException.class, () -> Kind.parse(null));

    double[] x = colMajor(new double[][] {{1.0, 0.0}, {0.0, 1.0}, {0.6, 0.8}});
    assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.rows(Kind.EXP_INF, 1.0, 3, 2, x, 2, 1, new double[9]));
    assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.rows(Kind.EXP_INF, 1.0, 3, 2, x, 0, 4, new double[12]));
    assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.rows(Kind.RELU_INF, 1.0, 3, 2, x, 0, 2, new double[5]));
    assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.rows(null, 1.0, 3, 2, x, 0, 2, new double[6]));
    assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.expInfinity(3, 2, x, -1.0));
    assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.expInfinity(3, 2, x, Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> AnalyticKernels.expInfinity(3, 2, new double[] {1, 2, Double.NaN, 0, 0, 0}, 1.0));
    assertThrows(ArithmeticException.class,
        () -> AnalyticKernels.expInfinity(3, 2, x, 30.0));
  }
}
