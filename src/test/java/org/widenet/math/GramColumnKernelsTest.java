package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/** The Gram-column kernels against plain loops over their definitions, on random inputs. */
class GramColumnKernelsTest {

  /** The twin: g_ik + sum_c D_ic D_{S_k}c and then times x_i . x_{S_k}, by plain loops. */
  private static double[] reference(Activation act, int n, int d, int mb, double[] x,
      double[] z, double[] a, double scale, int[] rows, double[] g) {
    double[] out = g.clone();
    for (int k = 0; k < rows.length; k++) {
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int c = 0; c < mb; c++) {
          double di = scale * a[c] * act.derivative(z[i + c * n]);
          double ds = scale * a[c] * act.derivative(z[rows[k] + c * n]);
          s += di * ds;
        }
        double dot = 0;
        for (int j = 0; j < d; j++) {
          dot += x[i + j * n] * x[rows[k] + j * n];
        }
        out[i + k * n] = (out[i + k * n] + s) * dot;
      }
    }
    return out;
  }

  private static void check(Activation act, long seed) {
    Random rnd = new Random(seed);
    int n = 37;
    int d = 5;
    int mb = 11;
    // 70 columns > the 64-column panel of timesInputColumns; some repeated.
    int[] rows = new int[70];
    for (int k = 0; k < rows.length; k++) {
      rows[k] = rnd.nextInt(n);
    }
    double[] x = TestMatrices.gaussian(rnd, n * d, 1.0);
    double[] z = TestMatrices.gaussian(rnd, n * mb, 0.5);
    double[] a = TestMatrices.gaussian(rnd, mb, 1.0);
    double[] g = TestMatrices.gaussian(rnd, n * rows.length, 0.1);
    double[] expected = reference(act, n, d, mb, x, z, a, 0.3, rows, g);
    double[] got = g.clone();
    double[] zBefore = z.clone();
    GramColumnKernels.accumulateColumns(act, n, mb, z, a, 0.3, rows, got, new double[n * mb],
        new double[rows.length * mb]);
    assertArrayEquals(zBefore, z, 0.0, "z is read only");
    GramColumnKernels.timesInputColumns(n, d, x, rows, got);
    double err = Tolerance.maxRelativeError(expected, got);
    assertTrue(err <= Tolerance.EXACT, act + ": " + err);
  }

  @Test
  void reluColumnsMatchPlainLoops() {
    check(Activation.RELU, 1);
  }

  @Test
  void exponentialColumnsMatchPlainLoops() {
    check(Activation.EXP, 2);
  }

  @Test
  void aRowOutsideTheMatrixIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> GramColumnKernels.accumulateColumns(
        Activation.RELU, 3, 1, new double[3], new double[1], 1.0, new int[] {3}, new double[3],
        new double[3], new double[1]));
    assertThrows(IllegalArgumentException.class, () -> GramColumnKernels.timesInputColumns(3, 1,
        new double[3], new int[] {-1}, new double[3]));
  }
}
