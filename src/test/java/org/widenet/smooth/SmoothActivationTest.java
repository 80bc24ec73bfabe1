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

  /**
   * Below |x| = 1/2 erf takes its Maclaurin polynomial: within 2 ulps of erf computed in
   * 40-digit decimal arithmetic (the same series, summed exactly far past double precision),
   * within 8 ulps of the one-signed series it replaces, odd, and continuous at the switch.
   */
  @Test
  void smallArgumentsTakeThePolynomialToAFewUlps() {
    Random rng = new Random(11);
    for (int t = 0; t < 3000; t++) {
      double x = (rng.nextDouble() - 0.5) * 2 * Gaussian.SMALL;
      double exact = erfDecimal(x);
      double got = Gaussian.erf(x);
      assertEquals(exact, got, 2 * Math.ulp(exact) + Double.MIN_NORMAL, "erf(" + x + ")");
      assertEquals(Gaussian.erfBySeries(x), got, 8 * Math.ulp(exact) + Double.MIN_NORMAL,
          "erf(" + x + ") against the series");
      assertEquals(-got, Gaussian.erf(-x), 0.0, "erf is odd");
    }
    double below = Math.nextDown(Gaussian.SMALL);
    assertEquals(Gaussian.erf(below), Gaussian.erf(Gaussian.SMALL), 1e-15);
    assertEquals(1e-300 * 2 / Math.sqrt(Math.PI), Gaussian.erf(1e-300), 1e-315);
  }

  /** erf(x) for |x| &lt; 1 by its Maclaurin series in 40-digit decimal arithmetic. */
  private static double erfDecimal(double x) {
    java.math.MathContext mc = new java.math.MathContext(40);
    java.math.BigDecimal bx = new java.math.BigDecimal(x);
    java.math.BigDecimal x2 = bx.multiply(bx, mc);
    java.math.BigDecimal power = bx;
    java.math.BigDecimal factorial = java.math.BigDecimal.ONE;
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (int n = 0; n < 60; n++) {
      if (n > 0) {
        factorial = factorial.multiply(java.math.BigDecimal.valueOf(n));
        power = power.multiply(x2, mc).negate();
      }
      sum = sum.add(power.divide(factorial.multiply(java.math.BigDecimal.valueOf(2L * n + 1)),
          mc), mc);
    }
    java.math.BigDecimal sqrtPi = new java.math.BigDecimal(
        "1.772453850905516027298167483341145182798");
    return sum.multiply(java.math.BigDecimal.valueOf(2), mc).divide(sqrtPi, mc).doubleValue();
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
