package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/** Blas resolution and naming, and the activation functions. */
class BlasAndActivationTest {

  @Test
  void blasIsResolvedOnceAndNamed() {
    assertSame(Blas.blas(), Blas.blas());
    assertSame(Blas.lapack(), Blas.lapack());
    assertNotNull(Blas.lapack());
    String simple = Blas.blas().getClass().getSimpleName();
    String name = Blas.implementationName();
    assertTrue(name.startsWith(simple), name + " does not start with " + simple);
    assertEquals("JNIBLAS (native)", Blas.describe("JNIBLAS"));
    assertEquals("VectorBLAS (JDK Vector API)", Blas.describe("VectorBLAS"));
    assertEquals("Java8BLAS (pure Java)", Blas.describe("Java8BLAS"));
    assertEquals("SomethingElse", Blas.describe("SomethingElse"));
  }

  @Test
  void reluValuesAndDerivatives() {
    assertEquals(0.0, Activation.RELU.value(-2.0), 0.0);
    assertEquals(0.0, Activation.RELU.value(0.0), 0.0);
    assertEquals(1.5, Activation.RELU.value(1.5), 0.0);
    assertEquals(0.0, Activation.RELU.derivative(-2.0), 0.0);
    assertEquals(0.0, Activation.RELU.derivative(0.0), 0.0);
    assertEquals(1.0, Activation.RELU.derivative(1e-300), 0.0);
  }

  @Test
  void expValuesAndDerivatives() {
    assertEquals(1.0, Activation.EXP.value(0.0), 0.0);
    assertEquals(Math.exp(-1.3), Activation.EXP.value(-1.3), 0.0);
    assertEquals(Math.exp(2.1), Activation.EXP.derivative(2.1), 0.0);
  }

  @Test
  void derivativesMatchCentralDifferencesAwayFromKink() {
    double h = 1e-6;
    for (Activation act : Activation.values()) {
      for (double z : new double[] {-1.7, -0.3, 0.4, 2.2}) {
        double fd = (act.value(z + h) - act.value(z - h)) / (2 * h);
        assertTrue(Tolerance.relativeError(fd, act.derivative(z)) <= Tolerance.FINITE_DIFFERENCE,
            act + " at " + z);
      }
    }
  }
}
