package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.math.PreconditionerChecks.columnsOf;
import static org.widenet.math.PreconditionerChecks.times;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Woodbury column Nystrom preconditioner against its definition written out densely:
 * P^{-1} v = sigma (C W^{-1} C^T + sigma I)^{-1} v solved by Gaussian elimination, lambda_r
 * against the dense eigenvalues of the approximation, and preconditioned CG against plain CG.
 */
class ColumnNystromTest {

  /** A = Q diag(values) Q^T, random orthogonal Q. */
  private static double[] spd(int n, double[] values, long seed) {
    return TestMatrices.withSpectrum(n, TestMatrices.orthogonal(new Random(seed), n), values);
  }



  /** x with m x = b, by Gaussian elimination with partial pivoting (m is k x k, copied). */
  private static double[] solve(int k, double[] m, double[] b) {
    double[] a = m.clone();
    double[] x = b.clone();
    for (int c = 0; c < k; c++) {
      int pivot = c;
      for (int i = c + 1; i < k; i++) {
        if (Math.abs(a[i + c * k]) > Math.abs(a[pivot + c * k])) {
          pivot = i;
        }
      }
      for (int j = 0; j < k; j++) {
        double s = a[c + j * k];
        a[c + j * k] = a[pivot + j * k];
        a[pivot + j * k] = s;
      }
      double s = x[c];
      x[c] = x[pivot];
      x[pivot] = s;
      for (int i = c + 1; i < k; i++) {
        double l = a[i + c * k] / a[c + c * k];
        for (int j = c; j < k; j++) {
          a[i + j * k] -= l * a[c + j * k];
        }
        x[i] -= l * x[c];
      }
    }
    for (int i = k - 1; i >= 0; i--) {
      double s = x[i];
      for (int j = i + 1; j < k; j++) {
        s -= a[i + j * k] * x[j];
      }
      x[i] = s / a[i + i * k];
    }
    return x;
  }

  /** The Nystrom approximation C W^{-1} C^T, W = A[S, S], n x n, written out. */
  private static double[] nystrom(double[] a, int n, int[] rows) {
    int r = rows.length;
    double[] c = columnsOf(a, n, rows);
    double[] w = new double[r * r];
    for (int j = 0; j < r; j++) {
      for (int i = 0; i < r; i++) {
        w[i + j * r] = a[rows[i] + rows[j] * n];
      }
    }
    double[] out = new double[n * n];
    double[] row = new double[r];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < r; k++) {
        row[k] = c[i + k * n];
      }
      double[] z = solve(r, w, row); // W^{-1} C[i, :]^T
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < r; k++) {
          s += c[j + k * n] * z[k];
        }
        out[j + i * n] = s;
      }
    }
    return out;
  }

  private static double[] values(int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i < 8 ? 100.0 / (i + 1) : 0.5 * Math.pow(0.9, i - 8) + 0.01;
    }
    return values;
  }

  @Test
  void theInverseAgreesWithTheDenseDefinition() {
    int n = 40;
    double[] a = spd(n, values(n), 1);
    int[] rows = NystromPreconditioner.sampleColumns(n, 12, 2);
    ColumnNystrom p = ColumnNystrom.fromColumns(n, columnsOf(a, n, rows), rows);
    double[] nys = nystrom(a, n, rows);
    Random random = new Random(3);
    for (double mu : new double[] {0.0, 1e-3, 0.5}) {
      double sigma = p.sigma(mu);
      double[] m = nys.clone();
      for (int i = 0; i < n; i++) {
        m[i + i * n] += sigma;
      }
      for (int trial = 0; trial < 3; trial++) {
        double[] v = TestMatrices.gaussian(random, n, 1.0);
        double[] before = v.clone();
        double[] got = p.apply(v, mu);
        assertArrayEquals(before, v, 0.0, "v is read only");
        double[] scaled = v.clone();
        for (int i = 0; i < n; i++) {
          scaled[i] *= sigma;
        }
        double[] expected = solve(n, m, scaled);
        for (int i = 0; i < n; i++) {
          assertEquals(expected[i], got[i], 1e-9 * (1 + Math.abs(expected[i])),
              "mu " + mu + ", entry " + i);
        }
      }
    }
  }

  @Test
  void lambdaRIsTheSmallestEigenvalueOfTheApproximation() {
    int n = 40;
    int r = 12;
    double[] a = spd(n, values(n), 4);
    int[] rows = NystromPreconditioner.sampleColumns(n, r, 5);
    ColumnNystrom p = ColumnNystrom.fromColumns(n, columnsOf(a, n, rows), rows);
    double[] eigen = SymmetricEigen.eigenvalues(n, PackedSymmetric.pack(n, nystrom(a, n, rows)));
    Arrays.sort(eigen);
    double expected = eigen[n - r]; // the r-th largest; the rest are 0
    assertEquals(expected, p.lambdaR(), 1e-8 * eigen[n - 1], "lambda_r");
    assertEquals(expected + 0.25, p.sigma(0.25), 1e-8 * eigen[n - 1], "sigma");
  }

  @Test
  void theInverseIsSymmetricPositiveDefiniteAndRepeatsBitForBit() {
    int n = 30;
    double[] values = rankFive(n); // rank 5 < r: A[S, S] is singular, nu must be raised
    double[] a = spd(n, values, 6);
    int[] rows = NystromPreconditioner.sampleColumns(n, 10, 7);
    ColumnNystrom p = ColumnNystrom.fromColumns(n, columnsOf(a, n, rows), rows);
    assertEquals(0.0, p.lambdaR(), 1e-8 * values[0], "a rank-5 matrix: lambda_r = 0");
    assertSymmetricPositiveDefiniteAndRepeatable(n, p,
        ColumnNystrom.fromColumns(n, columnsOf(a, n, rows), rows));
  }

  /** A rank-5 SPD matrix of order 30 (columns 10 of it give a singular A[S, S]). */
  private static double[] rankFive(int n) {
    double[] values = new double[n];
    for (int i = 0; i < 5; i++) {
      values[i] = 20.0 / (i + 1);
    }
    return values;
  }

  /**
   * P^{-1} formed column by column is symmetric and positive definite, and {@code again}, built
   * from the same columns, gives the same bits.
   */
  private static void assertSymmetricPositiveDefiniteAndRepeatable(int n, ColumnNystrom p,
      ColumnNystrom again) {
    double[] dense = new double[n * n];
    for (int c = 0; c < n; c++) {
      double[] e = new double[n];
      e[c] = 1.0;
      double[] col = p.apply(e, 1e-2);
      assertArrayEquals(col, again.apply(e, 1e-2), 0.0, "same columns, same bits");
      System.arraycopy(col, 0, dense, c * n, n);
    }
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < j; i++) {
        assertEquals(dense[i + j * n], dense[j + i * n], 1e-12, "symmetric");
      }
    }
    assertTrue(SymmetricEigen.eigenvalues(n, PackedSymmetric.pack(n, dense))[0] > 0,
        "positive definite");
  }

  /**
   * F kept in single precision: within float rounding of the double-precision preconditioner,
   * symmetric positive definite even where A[S, S] is singular, the same bits from the same
   * columns, and as good for CG.
   */
  @Test
  void singlePrecisionFIsTheDoubleOneToFloatRoundingAndStaysPositiveDefinite() {
    int n = 40;
    double[] a = spd(n, values(n), 1);
    int[] rows = NystromPreconditioner.sampleColumns(n, 12, 2);
    ColumnNystrom wide = ColumnNystrom.fromColumns(n, columnsOf(a, n, rows), rows);
    ColumnNystrom narrow = ColumnNystrom.fromColumns(n, columnsOf(a, n, rows), rows, true);
    assertEquals(wide.lambdaR(), narrow.lambdaR(), 1e-5 * wide.lambdaR(), "lambda_r");
    Random random = new Random(8);
    for (double mu : new double[] {0.0, 1e-3, 0.5}) {
      double[] v = TestMatrices.gaussian(random, n, 1.0);
      double[] expected = wide.apply(v, mu);
      double[] got = narrow.apply(v, mu);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i], got[i], 1e-5 * (1 + Math.abs(expected[i])),
            "mu " + mu + ", entry " + i);
      }
    }

    int m = 30;
    double[] low = spd(m, rankFive(m), 6);
    int[] some = NystromPreconditioner.sampleColumns(m, 10, 7);
    assertSymmetricPositiveDefiniteAndRepeatable(m,
        ColumnNystrom.fromColumns(m, columnsOf(low, m, some), some, true),
        ColumnNystrom.fromColumns(m, columnsOf(low, m, some), some, true));

    int big = 200;
    double[] plateau = spd(big, PreconditionerChecks.plateauSpectrum(big), 12);
    PreconditionerChecks.cgAgreesInAThirdOfTheIterations(plateau, big,
        r -> ColumnNystrom.fromColumns(big, columnsOf(plateau, big, r), r, true));
  }

  /**
   * A plateau of large eigenvalues over a slowly decaying tail (the relu2 Gram's shape): CG
   * preconditioned by sampled columns takes far fewer products to the same solution.
   */
  @Test
  void preconditionedCgTakesFarFewerIterationsToTheSameSolution() {
    int n = 200;
    double[] a = spd(n, PreconditionerChecks.plateauSpectrum(n), 12);
    PreconditionerChecks.cgAgreesInAThirdOfTheIterations(a, n,
        rows -> ColumnNystrom.fromColumns(n, columnsOf(a, n, rows), rows));
  }

  @Test
  void badInputsAreRefused() {
    double[] a = spd(5, new double[] {5, 4, 3, 2, 1}, 1);
    assertThrows(IllegalArgumentException.class,
        () -> ColumnNystrom.fromColumns(5, columnsOf(a, 5, new int[] {1, 1}), new int[] {1, 1}),
        "repeated column");
    assertThrows(IllegalArgumentException.class,
        () -> ColumnNystrom.fromColumns(5, new double[10], new int[] {0, 5}), "outside [0, n)");
    assertThrows(IllegalArgumentException.class,
        () -> ColumnNystrom.fromColumns(5, new double[9], new int[] {0, 1}), "wrong size");
    assertThrows(IllegalArgumentException.class,
        () -> ColumnNystrom.fromColumns(5, new double[0], new int[0]), "rank 0");
    double[] nan = columnsOf(a, 5, new int[] {0, 2});
    nan[3] = Double.NaN;
    assertThrows(ArithmeticException.class,
        () -> ColumnNystrom.fromColumns(5, nan, new int[] {0, 2}));
    ColumnNystrom p = ColumnNystrom.fromColumns(5, columnsOf(a, 5, new int[] {0, 2}),
        new int[] {0, 2});
    assertThrows(IllegalArgumentException.class, () -> p.apply(new double[4], 0.1));
    assertThrows(IllegalArgumentException.class, () -> p.apply(new double[5], -1.0));
    assertThrows(IllegalArgumentException.class, () -> p.apply(new double[5], Double.NaN));
  }
}
