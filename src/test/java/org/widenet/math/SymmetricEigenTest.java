package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/** Eigenvalues of matrices with a known spectrum, and the trace identity. */
class SymmetricEigenTest {

  private static final int[] ORDERS = {1, 2, 3, 8, 25};

  @Test
  void recoversAKnownSpectrumInAscendingOrder() {
    Random rnd = new Random(31);
    for (int n : ORDERS) {
      double[] lambda = TestMatrices.gaussian(rnd, n, 3.0);
      double[] q = TestMatrices.orthogonal(rnd, n);
      double[] packed = PackedSymmetric.pack(n, TestMatrices.withSpectrum(n, q, lambda));
      double[] before = packed.clone();
      double[] values = SymmetricEigen.eigenvalues(n, packed);
      double[] sorted = lambda.clone();
      Arrays.sort(sorted);
      double err = Tolerance.maxRelativeError(sorted, values);
      assertTrue(err <= Tolerance.REORDERED, "n=" + n + ": " + err);
      assertArrayEquals(before, packed, 0.0, "input was modified");
    }
  }

  @Test
  void eigenvaluesSumToTheTrace() {
    Random rnd = new Random(32);
    for (int n : ORDERS) {
      double[] packed = PackedSymmetric.pack(n, TestMatrices.symmetric(rnd, n));
      double[] values = SymmetricEigen.eigenvalues(n, packed);
      double trace = 0.0;
      for (int i = 0; i < n; i++) {
        trace += PackedSymmetric.get(packed, i, i);
      }
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        sum += values[i];
        if (i > 0) {
          assertTrue(values[i - 1] <= values[i], "not ascending at " + i);
        }
      }
      assertTrue(Tolerance.relativeError(trace, sum) <= Tolerance.REORDERED,
          "n=" + n + ": trace " + trace + " vs sum " + sum);
    }
  }

  @Test
  void diagonalMatrixGivesSortedDiagonal() {
    double[] packed = {3.0, 0.0, -1.0, 0.0, 0.0, 2.0};
    assertArrayEquals(new double[] {-1.0, 2.0, 3.0}, SymmetricEigen.eigenvalues(3, packed),
        1e-14);
    assertEquals(0, SymmetricEigen.eigenvalues(0, new double[0]).length);
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class,
        () -> SymmetricEigen.eigenvalues(2, new double[] {1.0, Double.NaN, 1.0}));
    assertThrows(IllegalArgumentException.class,
        () -> SymmetricEigen.eigenvalues(3, new double[5]));
  }
}
