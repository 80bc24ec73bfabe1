package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.widenet.testutil.Tolerance;

class SmoothActivationTest {

  /** Plain formulas (GeLU through commons-math's erf), independent of the production code. */
  private static double reference(SmoothActivation a, double x) {
    switch (a) {
      case GELU:
        return x * 0.5 * (1 + Erf.erf(x / Math.sqrt(2)));
      case GELU_TANH:
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
      case TANH:
        return Math.tanh(x);
      case SIGMOID:
        return 1 / (1 + Math.exp(-x));
      case SOFTPLUS:
        return Math.log(1 + Math.exp(x));
      case ELU:
        return x > 0 ? x : Math.exp(x) - 1;
      default:
        throw new AssertionError(a);
    }
  }

  @Test
  void erfMatchesCommonsMath() {
    Random rng = new Random(3);
    for (int t = 0; t < 2000; t++) {
      double x = (rng.nextDouble() - 0.5) * 14;
      assertEquals(Erf.erf(x), Gaussian.erf(x), 5e-15, "erf(" + x + ")");
    }
    assertEquals(0.0, Gaussian.erf(0.0), 0.0);
  }

  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void valuesMatchPlainFormulas(SmoothActivation a) {
    Random rng = new Random(5);
    for (int t = 0; t < 500; t++) {
      double x = (rng.nextDouble() - 0.5) * 12;
      assertEquals(reference(a, x), a.value(x), 1e-14 * Math.max(1, Math.abs(x)), a + " at " + x);
    }
  }

  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void derivativesMatchFiniteDifferences(SmoothActivation a) {
    Random rng = new Random(7);
    double h = 1e-5;
    for (int t = 0; t < 300; t++) {
      double x = (rng.nextDouble() - 0.5) * 8;
      if (a == SmoothActivation.ELU && Math.abs(x) < 2 * h) {
        continue;
      }
      double fd1 = (a.value(x + h) - a.value(x - h)) / (2 * h);
      double fd2 = (a.derivative(x + h) - a.derivative(x - h)) / (2 * h);
      assertEquals(fd1, a.derivative(x), Tolerance.FINITE_DIFFERENCE, a + "' at " + x);
      assertEquals(fd2, a.secondDerivative(x), Tolerance.FINITE_DIFFERENCE, a + "'' at " + x);
    }
  }

  @ParameterizedTest
  @EnumSource(SmoothActivation.class)
  void maxDerivativeBoundsTheDerivative(SmoothActivation a) {
    double seen = 0;
    for (double x = -10; x <= 10; x += 1e-3) {
      seen = Math.max(seen, Math.abs(a.derivative(x)));
    }
    assertTrue(seen <= a.maxDerivative() + 1e-3, a + ": " + seen);
    assertTrue(seen >= a.maxDerivative() - 1e-3, a + ": " + seen);
  }

  @Test
  void geluConstantsOfTheFormulaSheet() {
    assertEquals(0.0, SmoothActivation.GELU.value(0.0), 0.0);
    assertEquals(0.5, SmoothActivation.GELU.derivative(0.0), 1e-16);
    assertEquals(2 / Math.sqrt(2 * Math.PI), SmoothActivation.GELU.secondDerivative(0.0), 1e-15);
    assertEquals(1.1289, SmoothActivation.GELU.derivative(Math.sqrt(2)), 1e-4);
  }

  @Test
  void parsesNamesAndRejectsOthers() {
    assertEquals(SmoothActivation.GELU_TANH, SmoothActivation.parse("GeLU-Tanh"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SmoothActivation.parse("relu"));
    assertTrue(e.getMessage().contains("--activation"));
  }
}
