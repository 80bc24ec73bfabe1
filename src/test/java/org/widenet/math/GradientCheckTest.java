package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.widenet.testutil.Tolerance;

/**
 * The gradient-descent reading of {@link BlockKernels#applyStep}: with s the residual and coef =
 * eta * scale it subtracts eta times the gradient of L(W) = 0.5 ||scale u(W) - y||^2, and that
 * gradient agrees with central finite differences.
 */
class GradientCheckTest {

  private static final int[][] SHAPES = {{1, 1, 1}, {6, 3, 1}, {9, 4, 5}, {15, 7, 3}};
  private static final double STEP = 1e-5;
  /** Smallest |z| allowed for ReLU data, well beyond STEP times any |x_ik|. */
  private static final double KINK_MARGIN = 1e-3;

  /** Random data; for ReLU redrawn until no pre-activation is near the kink. */
  private static double[][] data(Activation act, Random rnd, int n, int d, int mb) {
    while (true) {
      double[] x = TestMatrices.gaussian(rnd, n * d, 1.0 / Math.sqrt(d));
      double[] w = TestMatrices.gaussian(rnd, d * mb, 1.0);
      double[] z = ReferenceKernels.preActivations(n, d, mb, x, w);
      if (act != Activation.RELU || minAbs(z) >= KINK_MARGIN) {
        return new double[][] {x, w, z};
      }
    }
  }

  private static double minAbs(double[] v) {
    double min = Double.POSITIVE_INFINITY;
    for (double e : v) {
      min = Math.min(min, Math.abs(e));
    }
    return min;
  }

  private static double maxAbs(double[] v) {
    double max = 0.0;
    for (double e : v) {
      max = Math.max(max, Math.abs(e));
    }
    return max;
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void applyStepWithResidualIsGradientDescent(Activation act) {
    Random rnd = new Random(101 + act.ordinal());
    double largestGradient = 0.0;
    for (int[] s : SHAPES) {
      int n = s[0];
      int d = s[1];
      int mb = s[2];
      double[][] data = data(act, rnd, n, d, mb);
      double[] x = data[0];
      double[] w = data[1];
      double[] z = data[2];
      double[] a = TestMatrices.gaussian(rnd, mb, 1.0);
      double[] y = TestMatrices.gaussian(rnd, n, 1.0);
      double scale = 1.0 / Math.sqrt(mb + 1.0);
      double eta = 0.05;

      double[] grad = ReferenceKernels.gradient(act, n, d, mb, x, w, a, scale, y);
      double[] expected = w.clone();
      for (int q = 0; q < expected.length; q++) {
        expected[q] -= eta * grad[q];
      }
      double[] u = new double[n];
      BlockKernels.forward(act, n, mb, z, a, u);
      double[] residual = new double[n];
      for (int i = 0; i < n; i++) {
        residual[i] = scale * u[i] - y[i];
      }
      double[] stepped = w.clone();
      BlockKernels.applyStep(act, n, d, mb, x, z, a, residual, eta * scale, stepped,
          new double[n * mb]);
      double err = Tolerance.maxRelativeError(expected, stepped);
      assertTrue(err <= Tolerance.EXACT, "step vs w - eta*grad: " + err);
      largestGradient = Math.max(largestGradient, maxAbs(grad));
    }
    assertTrue(largestGradient > 0.0, "every gradient vanished; the check would be vacuous");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void analyticGradientMatchesCentralDifferences(Activation act) {
    Random rnd = new Random(202 + act.ordinal());
    for (int[] s : SHAPES) {
      int n = s[0];
      int d = s[1];
      int mb = s[2];
      double[][] data = data(act, rnd, n, d, mb);
      double[] x = data[0];
      double[] w = data[1];
      double[] a = TestMatrices.gaussian(rnd, mb, 1.0);
      double[] y = TestMatrices.gaussian(rnd, n, 1.0);
      double scale = 1.0 / Math.sqrt(mb + 1.0);
      assertTrue(act != Activation.RELU || STEP * maxAbs(x) < minAbs(data[2]),
          "finite-difference step could cross a ReLU kink");

      double[] grad = ReferenceKernels.gradient(act, n, d, mb, x, w, a, scale, y);
      for (int q = 0; q < w.length; q++) {
        double[] plus = w.clone();
        double[] minus = w.clone();
        plus[q] += STEP;
        minus[q] -= STEP;
        double fd = (ReferenceKernels.loss(act, n, d, mb, x, plus, a, scale, y)
            - ReferenceKernels.loss(act, n, d, mb, x, minus, a, scale, y)) / (2.0 * STEP);
        double err = Tolerance.relativeError(fd, grad[q]);
        assertTrue(err <= Tolerance.FINITE_DIFFERENCE,
            "entry " + q + ": finite difference " + fd + " vs analytic " + grad[q]);
      }
    }
  }
}
