package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The blocked Cholesky (Java diagonal blocks, native dtrsm / dsyrk trailing updates) against the
 * textbook triple loop, on random SPD matrices of orders around the block size.
 */
class CholeskyTest {

  /** A = X X^T + I, n x n full column-major, in an array of Cholesky.length(n). */
  private static double[] spd(Random rnd, int n) {
    double[] x = TestMatrices.gaussian(rnd, n * (n + 2), 1.0);
    double[] a = new double[Cholesky.length(n)];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = i == j ? 1.0 : 0.0;
        for (int k = 0; k < n + 2; k++) {
          s += x[i + k * n] * x[j + k * n];
        }
        a[i + j * n] = s;
      }
    }
    return a;
  }

  /** Textbook upper Cholesky A = U^T U (Golub and Van Loan, Algorithm 4.2.1, transposed). */
  private static double[] textbook(int n, double[] a) {
    double[] u = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double s = a[i + j * n];
        for (int k = 0; k < i; k++) {
          s -= u[k + i * n] * u[k + j * n];
        }
        u[i + j * n] = i == j ? Math.sqrt(s) : s / u[i + i * n];
      }
    }
    return u;
  }

  @Test
  void theBlockedFactorAgreesWithTheTextbookTripleLoop() {
    Random rnd = new Random(21);
    for (int n : new int[] {1, 2, 5, 63, 64, 65, 129, 200}) {
      double[] a = spd(rnd, n);
      double[] u = a.clone();
      assertEquals(0, Cholesky.factorUpper(n, u), "order " + n);
      double[] expected = textbook(n, a);
      for (int j = 0; j < n; j++) {
        for (int i = 0; i <= j; i++) {
          double e = expected[i + j * n];
          assertEquals(e, u[i + j * n], 1e-11 * (1 + Math.abs(expected[j + j * n])),
              "U[" + i + ", " + j + "] at order " + n);
        }
        for (int i = j + 1; i < n; i++) {
          assertEquals(a[i + j * n], u[i + j * n], 0.0, "the lower triangle is not touched");
        }
      }
    }
  }

  @Test
  void aMatrixThatIsNotPositiveDefiniteGivesItsFirstBadLeadingMinor() {
    Random rnd = new Random(22);
    int n = 100;
    double[] a = spd(rnd, n);
    // Make the leading minor of order 71 indefinite: a[70][70] far below what it needs.
    a[70 + 70 * n] = -1.0;
    assertEquals(71, Cholesky.factorUpper(n, a));
    double[] nan = spd(rnd, 3);
    nan[1 + 1 * 3] = Double.NaN;
    assertEquals(2, Cholesky.factorUpper(3, nan));
    assertThrows(IllegalArgumentException.class, () -> Cholesky.factorUpper(4, new double[16]),
        "an array without the n spare entries");
  }
}
