package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Lanczos extreme eigenvalues against LAPACK's full symmetric eigen-solve. */
class LanczosTest {

  private static UnaryOperator<double[]> times(int n, double[] full) {
    return v -> ReferenceKernels.multiply(n, full, v);
  }

  private static double[] exact(int n, double[] full) {
    return SymmetricEigen.eigenvalues(n, PackedSymmetric.pack(n, full));
  }

  @Test
  void withAsManyStepsAsRowsBothExtremesAreExact() {
    Random rnd = new Random(71);
    for (int n : new int[] {1, 2, 9, 40}) {
      for (double[] full : new double[][] {TestMatrices.symmetric(rnd, n),
          TestMatrices.spd(rnd, n)}) {
        double[] eigen = exact(n, full);
        Lanczos.Result r = Lanczos.extremes(n, times(n, full), n + 5, 0.0);
        double size = Math.max(Math.abs(eigen[0]), Math.abs(eigen[n - 1]));
        assertTrue(r.steps() <= n);
        assertEquals(eigen[n - 1], r.lambdaMax(), 1e-12 * size, "n=" + n);
        assertEquals(eigen[0], r.lambdaMin(), 1e-12 * size, "n=" + n);
        assertTrue(r.converged());
      }
    }
  }

  /**
   * A kernel-like spectrum: a few separated top eigenvalues over a slowly decaying bulk. In 60
   * steps on n = 400, lambda_max is exact to 1e-10 relative; lambda_min, in the dense bottom of
   * the bulk, is only approached from above, within a few percent of the bulk's spread.
   */
  @Test
  void fewerStepsThanRowsFindLambdaMaxAccuratelyAndBoundLambdaMinFromAbove() {
    Random rnd = new Random(72);
    int n = 400;
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = 0.05 + 10.0 * Math.pow((i + 1.0) / n, 3);
    }
    lambda[n - 1] = 200;
    lambda[n - 2] = 80;
    lambda[n - 3] = 40;
    double[] full = TestMatrices.withSpectrum(n, TestMatrices.orthogonal(rnd, n), lambda);
    double[] eigen = exact(n, full);
    Lanczos.Result r = Lanczos.extremes(n, times(n, full), 60, Lanczos.DEFAULT_TOLERANCE);
    assertEquals(60, r.steps(), "lambda_min in the bulk does not converge in 60 steps");
    assertEquals(eigen[n - 1], r.lambdaMax(), 1e-10 * eigen[n - 1]);
    assertTrue(r.boundMax() <= 1e-6 * eigen[n - 1], "bound " + r.boundMax());
    assertTrue(r.lambdaMin() >= eigen[0] - 1e-12 * eigen[n - 1], "Ritz values lie inside");
    assertTrue(r.lambdaMin() - eigen[0] <= 0.05 * (eigen[n - 4] - eigen[0]),
        "theta_min " + r.lambdaMin() + " vs lambda_min " + eigen[0]);
  }

  @Test
  void fewDistinctEigenvaluesStopEarly() {
    Random rnd = new Random(73);
    int n = 100;
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = i < 50 ? 1.0 : i < 99 ? 3.0 : 7.0;
    }
    double[] full = TestMatrices.withSpectrum(n, TestMatrices.orthogonal(rnd, n), lambda);
    Lanczos.Result r = Lanczos.extremes(n, times(n, full), 60, Lanczos.DEFAULT_TOLERANCE);
    assertTrue(r.converged());
    assertTrue(r.steps() <= 4, "steps " + r.steps());
    assertEquals(7.0, r.lambdaMax(), 1e-12);
    assertEquals(1.0, r.lambdaMin(), 1e-12);
  }

  @Test
  void repeatsBitForBitAndRejectsBadArguments() {
    Random rnd = new Random(74);
    int n = 50;
    double[] full = TestMatrices.spd(rnd, n);
    Lanczos.Result a = Lanczos.extremes(n, times(n, full), 20, 0.0);
    Lanczos.Result b = Lanczos.extremes(n, times(n, full), 20, 0.0);
    assertEquals(a, b);
    assertThrows(IllegalArgumentException.class, () -> Lanczos.extremes(0, v -> v, 5, 0.0));
    assertThrows(IllegalArgumentException.class, () -> Lanczos.extremes(3, v -> v, 0, 0.0));
    assertThrows(ArithmeticException.class,
        () -> Lanczos.extremes(3, v -> new double[] {Double.NaN, 0, 0}, 5, 0.0));
  }
}
