package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.testutil.Problems;
import org.widenet.testutil.Tolerance;

/** Arora et al. Theorem 5.1's sqrt(2 y^T H^{-1} y / n) against an independent solve. */
class ComplexityMeasureTest {

  /** Solves A x = b by Gaussian elimination with partial pivoting on a full copy. */
  private static double[] gaussianElimination(int n, double[] packed, double shift, double[] b) {
    double[][] a = new double[n][n + 1];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i][j] = PackedSymmetric.get(packed, i, j) + (i == j ? shift : 0.0);
      }
      a[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int i = col + 1; i < n; i++) {
        if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) {
          pivot = i;
        }
      }
      double[] swap = a[col];
      a[col] = a[pivot];
      a[pivot] = swap;
      for (int i = col + 1; i < n; i++) {
        double f = a[i][col] / a[col][col];
        for (int j = col; j <= n; j++) {
          a[i][j] -= f * a[col][j];
        }
      }
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = a[i][n];
      for (int j = i + 1; j < n; j++) {
        s -= a[i][j] * x[j];
      }
      x[i] = s / a[i][i];
    }
    return x;
  }

  private static double expected(int n, double[] packed, double shift, double[] y) {
    double[] x = gaussianElimination(n, packed, shift, y);
    double q = 0.0;
    for (int i = 0; i < n; i++) {
      q += y[i] * x[i];
    }
    return Math.sqrt(2.0 * q / n);
  }

  @Test
  void matchesAnIndependentSolveOnSpdMatrices() {
    Random rnd = new Random(61);
    for (int n : new int[] {1, 3, 12, 40}) {
      double[] packed = PackedSymmetric.pack(n, TestMatrices.spd(rnd, n));
      double[] y = TestMatrices.gaussian(rnd, n, 1.0);
      double[] before = packed.clone();
      ComplexityMeasure.Result r = ComplexityMeasure.of(n, packed, y);
      assertEquals(0.0, r.jitter(), 0.0);
      assertTrue(Tolerance.relativeError(expected(n, packed, 0.0, y), r.value())
          <= Tolerance.REORDERED, "n=" + n);
      assertArrayEquals(before, packed, 0.0);
    }
  }

  @Test
  void matchesAnIndependentSolveOnHInfinity() {
    for (String target : new String[] {"random", "linear"}) {
      Dataset data = Problems.sphere(30, 6, target, 8);
      double[] h = AnalyticKernels.reluInfinity(30, 6, data.x());
      ComplexityMeasure.Result r = ComplexityMeasure.of(30, h, data.y());
      assertEquals(0.0, r.jitter(), 0.0);
      double want = expected(30, h, 0.0, data.y());
      assertTrue(Math.abs(want - r.value()) <= Tolerance.REORDERED * want,
          target + ": " + r.value() + " vs " + want);
      // Cross-check by the eigen-decomposition: y^T H^{-1} y = sum_k p_k / lambda_k.
      Spectrum s = Spectrum.of(30, h);
      double[] p = s.projections(data.y());
      double q = 0.0;
      for (int k = 0; k < 30; k++) {
        q += p[k] / s.eigenvalues()[k];
      }
      assertTrue(Math.abs(Math.sqrt(2.0 * q / 30) - r.value()) <= 1e-8 * want, target);
    }
  }

  @Test
  void singularPsdMatrixIsJitteredAndTheJitterIsReported() {
    // H = v v^T with small integers: Cholesky meets an exact zero pivot at the second minor.
    double[] v = {1.0, 2.0, -1.0, 3.0};
    int n = v.length;
    double[] packed = new double[PackedSymmetric.packedLength(n)];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        packed[PackedSymmetric.index(i, j)] = v[i] * v[j];
      }
    }
    assertThrows(SingularSystemException.class, () -> SpdSolver.solve(n, packed, 0.0, v));
    ComplexityMeasure.Result r = ComplexityMeasure.of(n, packed, v);
    double meanDiagonal = 15.0 / n;
    assertTrue(r.jitter() > 0.0, "no jitter reported");
    assertTrue(r.jitter() >= 1e-12 * meanDiagonal * (1 - 1e-12)
        && r.jitter() <= 1e-2 * meanDiagonal, "jitter " + r.jitter());
    // y = v lies in the range: y^T (v v^T + j I)^{-1} v = ||v||^2 / (||v||^2 + j).
    double want = Math.sqrt(2.0 * (15.0 / (15.0 + r.jitter())) / n);
    assertTrue(Tolerance.relativeError(want, r.value()) <= Tolerance.REORDERED,
        r.value() + " vs " + want);
    assertTrue(Tolerance.relativeError(expected(n, packed, r.jitter(), v), r.value()) <= 1e-6);
  }

  @Test
  void refusesWhatNoAllowedJitterCanFix() {
    assertThrows(SingularSystemException.class,
        () -> ComplexityMeasure.of(2, new double[] {1.0, 0.0, -1.0}, new double[] {1.0, 1.0}));
    assertThrows(SingularSystemException.class,
        () -> ComplexityMeasure.of(2, new double[] {-1.0, 0.0, -1.0}, new double[] {1.0, 1.0}));
    // diag(1, -0.5): trace/n = 0.25, so jitters reach 2.5e-3 only, not the 0.5 needed.
    SingularSystemException e = assertThrows(SingularSystemException.class,
        () -> ComplexityMeasure.of(2, new double[] {1.0, 0.0, -0.5}, new double[] {1.0, 1.0}));
    assertEquals(2, e.leadingMinor());
    assertThrows(IllegalArgumentException.class,
        () -> ComplexityMeasure.of(0, new double[0], new double[0]));
    assertThrows(IllegalArgumentException.class,
        () -> ComplexityMeasure.of(2, new double[3], new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> ComplexityMeasure.of(1, new double[] {Double.NaN}, new double[] {1.0}));
  }
}
