package org.widenet.experiment.teacher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The teacher/student network against plain loops and finite differences. */
class TwoLayerNetTest {
  private static final int D0 = 6;
  private static final int D1 = 9;
  private static final int K = 4;

  private static double[] randomInputs(int rows, long seed) {
    Random rng = new Random(seed);
    double[] x = new double[rows * D0];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
    }
    return x;
  }

  /** Plain outputs: o[i][c] = sum_r v[c][r] gelu(sum_j w[r][j] x[i][j]). */
  private static double[] referenceOutputs(TwoLayerNet net, double[] x, int rows) {
    double[] o = new double[rows * K];
    for (int i = 0; i < rows; i++) {
      for (int c = 0; c < K; c++) {
        double s = 0;
        for (int r = 0; r < D1; r++) {
          double z = 0;
          for (int j = 0; j < D0; j++) {
            z += net.w[r + j * D1] * x[i + j * rows];
          }
          s += net.v[c + r * K] * Gelu.value(z);
        }
        o[i + c * rows] = s;
      }
    }
    return o;
  }

  /** The plain loss of the batch, from the reference outputs. */
  private static double referenceLoss(TwoLayerNet net, double[] x, int[] y, int rows,
      Loss loss) {
    double[] o = referenceOutputs(net, x, rows);
    double total = 0;
    for (int i = 0; i < rows; i++) {
      if (loss == Loss.CROSS_ENTROPY) {
        double sum = 0;
        for (int c = 0; c < K; c++) {
          sum += Math.exp(o[i + c * rows]);
        }
        total += Math.log(sum) - o[i + y[i] * rows];
      } else {
        for (int c = 0; c < K; c++) {
          double r = o[i + c * rows] - (c == y[i] ? 1 : 0);
          total += r * r;
        }
      }
    }
    return loss == Loss.CROSS_ENTROPY ? total / rows : total / (rows * K);
  }

  @Test
  void outputsMatchPlainLoops() {
    TwoLayerNet net = TwoLayerNet.init(D0, D1, K, 0.7, 0.4, 3);
    double[] x = randomInputs(5, 1);
    assertArrayEquals(referenceOutputs(net, x, 5), net.outputs(x, 5), 1e-12);
  }

  @Test
  void geluDerivativeMatchesFiniteDifferencesAndErfForm() {
    for (double z = -5; z <= 5; z += 0.37) {
      double h = 1e-6;
      double fd = (Gelu.value(z + h) - Gelu.value(z - h)) / (2 * h);
      assertEquals(fd, Gelu.derivative(z), 1e-8, "z " + z);
    }
    assertEquals(0.8413447460685429, Gelu.value(1.0), 1e-3);
    assertEquals(0.0, Gelu.value(0.0), 0.0);
  }

  @Test
  void gradientsMatchFiniteDifferencesForBothLosses() {
    int rows = 5;
    double[] x = randomInputs(rows, 2);
    int[] y = {0, 3, 1, 1, 2};
    for (Loss loss : Loss.values()) {
      TwoLayerNet net = TwoLayerNet.init(D0, D1, K, 0.8, 0.6, 7);
      TwoLayerNet.Gradient g = net.gradient(x, y, rows, loss);
      assertEquals(referenceLoss(net, x, y, rows, loss), g.loss(), 1e-12);
      double h = 1e-6;
      for (double[][] pair : new double[][][] {{net.w, g.dw()}, {net.v, g.dv()}}) {
        double[] p = pair[0];
        for (int i = 0; i < p.length; i++) {
          double keep = p[i];
          p[i] = keep + h;
          double up = referenceLoss(net, x, y, rows, loss);
          p[i] = keep - h;
          double down = referenceLoss(net, x, y, rows, loss);
          p[i] = keep;
          assertEquals((up - down) / (2 * h), pair[1][i], 1e-7, loss + " entry " + i);
        }
      }
    }
  }

  @Test
  void oneEpochWithOneFullBatchIsOneGradientStep() {
    int rows = 7;
    double[] x = randomInputs(rows, 4);
    int[] y = {0, 1, 2, 3, 0, 1, 2};
    TwoLayerNet a = TwoLayerNet.init(D0, D1, K, 0.5, 0.5, 1);
    TwoLayerNet b = TwoLayerNet.init(D0, D1, K, 0.5, 0.5, 1);
    TwoLayerNet.Gradient g = b.gradient(x, y, rows, Loss.SQUARED);
    a.epoch(x, y, rows, rows, 0.1, Loss.SQUARED, new SplittableRandom(9));
    for (int i = 0; i < b.w.length; i++) {
      assertEquals(b.w[i] - 0.1 * g.dw()[i], a.w[i], 1e-12);
    }
    for (int i = 0; i < b.v.length; i++) {
      assertEquals(b.v[i] - 0.1 * g.dv()[i], a.v[i], 1e-12);
    }
  }

  @Test
  void sameSeedSameNetworkAndTrainingIsDeterministic() {
    double[] x = randomInputs(20, 5);
    int[] y = new int[20];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % K;
    }
    TwoLayerNet a = TwoLayerNet.init(D0, D1, K, 0.5, 0.3, 11);
    TwoLayerNet b = TwoLayerNet.init(D0, D1, K, 0.5, 0.3, 11);
    TwoLayerNet c = TwoLayerNet.init(D0, D1, K, 0.5, 0.3, 12);
    assertArrayEquals(a.w, b.w, 0.0);
    assertTrue(a.w[0] != c.w[0]);
    a.epoch(x, y, 20, 6, 0.05, Loss.CROSS_ENTROPY, new SplittableRandom(1));
    b.epoch(x, y, 20, 6, 0.05, Loss.CROSS_ENTROPY, new SplittableRandom(1));
    assertArrayEquals(a.w, b.w, 0.0);
    assertArrayEquals(a.v, b.v, 0.0);
  }

  @Test
  void sgdFitsASmallProblem() {
    int rows = 30;
    double[] x = randomInputs(rows, 8);
    int[] y = new int[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = x[i] > 0 ? (x[i + rows] > 0 ? 0 : 1) : (x[i + rows] > 0 ? 2 : 3);
    }
    TwoLayerNet net = TwoLayerNet.init(D0, 64, K, Math.sqrt(2.0 / D0), Math.sqrt(2.0 / 64), 2);
    SplittableRandom rng = new SplittableRandom(3);
    double first = net.epoch(x, y, rows, 10, 0.2, Loss.CROSS_ENTROPY, rng);
    double last = first;
    for (int e = 0; e < 200; e++) {
      last = net.epoch(x, y, rows, 10, 0.2, Loss.CROSS_ENTROPY, rng);
    }
    assertTrue(last < 0.2 * first, first + " -> " + last);
    assertEquals(0.0, net.error(x, y, rows), 0.1);
  }
}
