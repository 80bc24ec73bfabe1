package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/** Matrix-free conjugate gradients against the Cholesky solver on random SPD systems. */
class ConjugateGradientTest {

  private static UnaryOperator<double[]> times(int n, double[] full) {
    return v -> ReferenceKernels.multiply(n, full, v);
  }

  @Test
  void agreesWithCholeskyOnRandomSpdSystems() {
    Random rnd = new Random(61);
    for (int n : new int[] {1, 2, 7, 40, 120}) {
      double[] full = TestMatrices.spd(rnd, n);
      double[] b = TestMatrices.gaussian(rnd, n, 1.0);
      double[] bBefore = b.clone();
      for (double shift : new double[] {0.0, 0.75}) {
        double[] exact = SpdSolver.solve(n, PackedSymmetric.pack(n, full), shift, b);
        ConjugateGradient.Result cg = ConjugateGradient.solve(times(n, full), shift, b, 1e-13,
            10 * n);
        assertTrue(cg.converged(), "n=" + n);
        assertTrue(cg.relativeResidual() <= 1e-13, "n=" + n + ": " + cg.relativeResidual());
        double err = Tolerance.maxRelativeError(exact, cg.solution());
        assertTrue(err <= Tolerance.REORDERED, "n=" + n + ", shift " + shift + ": " + err);
      }
      assertArrayEquals(bBefore, b, 0.0, "b is read only");
    }
  }

  @Test
  void illConditionedSystemConvergesAtTheSpectrumsPaceAndRespectsTheCap() {
    Random rnd = new Random(62);
    int n = 60;
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) {
      lambda[i] = Math.pow(1e6, i / (n - 1.0));
    }
    double[] full = TestMatrices.withSpectrum(n, TestMatrices.orthogonal(rnd, n), lambda);
    double[] b = TestMatrices.gaussian(rnd, n, 1.0);
    ConjugateGradient.Result capped = ConjugateGradient.solve(times(n, full), 0.0, b, 1e-12, 5);
    assertFalse(capped.converged());
    assertEquals(5, capped.iterations());
    assertTrue(capped.relativeResidual() > 1e-12);
    // The relative residual of the recurrence is the true one to round-off.
    double[] r = ReferenceKernels.multiply(n, full, capped.solution());
    double rr = 0;
    double bb = 0;
    for (int i = 0; i < n; i++) {
      rr += (b[i] - r[i]) * (b[i] - r[i]);
      bb += b[i] * b[i];
    }
    assertEquals(Math.sqrt(rr / bb), capped.relativeResidual(), 1e-8);
    // A loose tolerance stops as soon as it is reached, well before a tight one.
    ConjugateGradient.Result loose = ConjugateGradient.solve(times(n, full), 0.0, b, 1e-2, 5000);
    ConjugateGradient.Result tight = ConjugateGradient.solve(times(n, full), 0.0, b, 1e-10,
        5000);
    assertTrue(loose.converged() && loose.relativeResidual() <= 1e-2);
    assertTrue(tight.converged() && tight.relativeResidual() <= 1e-10);
    assertTrue(loose.iterations() < tight.iterations(), loose.iterations() + " vs "
        + tight.iterations());
  }

  @Test
  void identityTakesOneIterationAndZeroRightHandSideNone() {
    double[] b = {3, -1, 2};
    ConjugateGradient.Result one = ConjugateGradient.solve(v -> v.clone(), 1.0, b, 1e-14, 10);
    assertEquals(1, one.iterations());
    assertArrayEquals(new double[] {1.5, -0.5, 1.0}, one.solution(), 1e-15);
    ConjugateGradient.Result zero = ConjugateGradient.solve(v -> {
      throw new AssertionError("no product is needed for b = 0");
    }, 0.0, new double[3], 1e-10, 10);
    assertEquals(0, zero.iterations());
    assertArrayEquals(new double[3], zero.solution(), 0.0);
  }

  @Test
  void repeatsBitForBit() {
    Random rnd = new Random(63);
    int n = 30;
    double[] full = TestMatrices.spd(rnd, n);
    double[] b = TestMatrices.gaussian(rnd, n, 1.0);
    ConjugateGradient.Result first = ConjugateGradient.solve(times(n, full), 1e-3, b, 1e-9, 100);
    ConjugateGradient.Result second = ConjugateGradient.solve(times(n, full), 1e-3, b, 1e-9, 100);
    assertArrayEquals(first.solution(), second.solution(), 0.0);
    assertEquals(first.iterations(), second.iterations());
  }

  @Test
  void progressIsToldEveryIterationAndChangesNothing() {
    Random rnd = new Random(64);
    int n = 25;
    double[] full = TestMatrices.spd(rnd, n);
    double[] b = TestMatrices.gaussian(rnd, n, 1.0);
    ConjugateGradient.Result quiet = ConjugateGradient.solve(times(n, full), 1e-3, b, 1e-9, 100);
    java.util.List<double[]> told = new java.util.ArrayList<>();
    ConjugateGradient.Result watched = ConjugateGradient.solve(times(n, full), 1e-3, b, 1e-9,
        100, null, (k, relative) -> told.add(new double[] {k, relative}));
    assertArrayEquals(quiet.solution(), watched.solution(), 0.0);
    assertEquals(quiet.iterations(), told.size());
    for (int k = 0; k < told.size(); k++) {
      assertEquals(k + 1, (int) told.get(k)[0]);
    }
    assertEquals(quiet.relativeResidual(), told.get(told.size() - 1)[1], 0.0);
    assertTrue(told.get(0)[1] > told.get(told.size() - 1)[1], "the residual fell");
  }

  @Test
  void indefiniteOperatorIsASingularSystemAndNonFiniteProductsAreRefused() {
    double[] b = {1, 2};
    SingularSystemException e = assertThrows(SingularSystemException.class,
        () -> ConjugateGradient.solve(v -> new double[] {-v[0], -v[1]}, 0.0, b, 1e-10, 10));
    assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
    assertThrows(ArithmeticException.class, () -> ConjugateGradient.solve(
        v -> new double[] {Double.NaN, 0}, 0.0, b, 1e-10, 10));
    assertThrows(IllegalArgumentException.class,
        () -> ConjugateGradient.solve(v -> v.clone(), 0.0, b, 0.0, 10));
    assertThrows(IllegalArgumentException.class,
        () -> ConjugateGradient.solve(v -> v.clone(), 0.0, b, 1e-10, 0));
    assertThrows(IllegalArgumentException.class,
        () -> ConjugateGradient.solve(v -> v.clone(), -1.0, b, 1e-10, 10));
  }
}
