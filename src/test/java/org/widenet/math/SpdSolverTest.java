package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cholesky solves of damped SPD systems, and the singular case. */
class SpdSolverTest {

  private static final int[] ORDERS = {1, 2, 5, 17, 40};
  private static final double SOLVE_TOLERANCE = 1e-10;

  /** Max |M x - b| / max |b| for the full matrix M. */
  private static double residual(int n, double[] full, double[] x, double[] b) {
    double[] mx = ReferenceKernels.multiply(n, full, x);
    double worst = 0.0;
    double scale = 0.0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(mx[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    return worst / scale;
  }

  private static double[] shifted(int n, double[] full, double shift) {
    double[] out = full.clone();
    for (int i = 0; i < n; i++) {
      out[i + i * n] += shift;
    }
    return out;
  }

  @Test
  void solvesRandomSpdSystemsWithoutTouchingInputs() {
    Random rnd = new Random(51);
    for (int n : ORDERS) {
      double[] full = TestMatrices.spd(rnd, n);
      double[] packed = PackedSymmetric.pack(n, full);
      double[] b = TestMatrices.gaussian(rnd, n, 1.0);
      double[] packedBefore = packed.clone();
      double[] bBefore = b.clone();
      double[] x = SpdSolver.solve(n, packed, 0.0, b);
      double err = residual(n, full, x, b);
      assertTrue(err <= SOLVE_TOLERANCE, "n=" + n + ": residual " + err);
      assertArrayEquals(packedBefore, packed, 0.0);
      assertArrayEquals(bBefore, b, 0.0);
    }
  }

  @Test
  void shiftIsAddedToTheDiagonal() {
    Random rnd = new Random(52);
    for (int n : ORDERS) {
      double[] full = TestMatrices.spd(rnd, n);
      double[] b = TestMatrices.gaussian(rnd, n, 1.0);
      double shift = 2.5;
      double[] x = SpdSolver.solve(n, PackedSymmetric.pack(n, full), shift, b);
      double err = residual(n, shifted(n, full, shift), x, b);
      assertTrue(err <= SOLVE_TOLERANCE, "n=" + n + ": residual " + err);
      assertTrue(residual(n, full, x, b) > 1e-3, "shift had no visible effect");
    }
  }

  @Test
  void rankOneMatrixIsSingularUntilShifted() {
    int n = 6;
    double[] c = {1, 2, -3, 0.5, 4, -1};  // exact products: the second pivot is exactly zero
    double[] full = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        full[i + j * n] = c[i] * c[j];
      }
    }
    double[] packed = PackedSymmetric.pack(n, full);
    double[] b = {1, -1, 2, 0, 3, 1};
    SingularSystemException e =
        assertThrows(SingularSystemException.class, () -> SpdSolver.solve(n, packed, 0.0, b));
    assertEquals(2, e.leadingMinor());
    assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
    assertTrue(e.getMessage().contains("leading minor 2"), e.getMessage());
    assertTrue(e.getMessage().contains("damping"), e.getMessage());

    double shift = 0.5;
    double[] x = SpdSolver.solve(n, packed, shift, b);
    assertTrue(residual(n, shifted(n, full, shift), x, b) <= SOLVE_TOLERANCE);
  }

  @Test
  void rankDeficientGramFailsAtItsRank() {
    Random rnd = new Random(53);
    int n = 7;
    int rank = 4;
    double[] full = new double[n * n];
    double[] spd = TestMatrices.spd(rnd, rank);
    for (int i = 0; i < rank; i++) {
      for (int j = 0; j < rank; j++) {
        full[i + j * n] = spd[i + j * rank];
      }
    }
    double[] packed = PackedSymmetric.pack(n, full);
    double[] b = TestMatrices.gaussian(rnd, n, 1.0);
    SingularSystemException e =
        assertThrows(SingularSystemException.class, () -> SpdSolver.solve(n, packed, 0.0, b));
    assertEquals(rank + 1, e.leadingMinor());
    double[] x = SpdSolver.solve(n, packed, 1e-3, b);
    assertTrue(residual(n, shifted(n, full, 1e-3), x, b) <= SOLVE_TOLERANCE);
  }

  @Test
  void rejectsNonFiniteAndMisshapenInput() {
    double[] packed = {2.0, 0.0, 2.0};
    assertThrows(IllegalArgumentException.class,
        () -> SpdSolver.solve(2, new double[] {2.0, Double.NaN, 2.0}, 0.0, new double[2]));
    assertThrows(IllegalArgumentException.class,
        () -> SpdSolver.solve(2, packed, 0.0, new double[] {1.0, Double.POSITIVE_INFINITY}));
    assertThrows(IllegalArgumentException.class,
        () -> SpdSolver.solve(2, packed, Double.NaN, new double[2]));
    assertThrows(IllegalArgumentException.class,
        () -> SpdSolver.solve(2, packed, 0.0, new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> SpdSolver.solve(3, packed, 0.0, new double[3]));
    assertArrayEquals(new double[] {0.5, -1.0}, SpdSolver.solve(2, packed, 0.0,
        new double[] {1.0, -2.0}), 1e-15);
  }
}
