package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

class KernelGdTrainerTest {
  @Test
  void matchesPlainLoopsForGivenStep() {
    SplittableRandom rng = new SplittableRandom(6);
    int n = 12;
    int dim = 3;
    int k = 2;
    double h = 0.4;
    double[] x = new double[n * dim];
    double[] y = new double[n * k];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble() - 0.5;
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextDouble() - 0.5;
    }
    int iterations = 7;
    TrainedDenoiser fit = new KernelGdTrainer(h, iterations).fit(x, y, n, dim, k);
    // Plain twin: K from the formula, lambda_max by many power steps, then the GD recursion.
    double[][] kk = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int l = 0; l < dim; l++) {
          s += Math.pow(x[i + l * n] - x[j + l * n], 2);
        }
        kk[i][j] = Math.exp(-s / (2 * h * h));
      }
    }
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1);
    double lambda = 0;
    for (int it = 0; it < 500; it++) {
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          w[i] += kk[i][j] * v[j];
        }
      }
      double norm = 0;
      for (double e : w) {
        norm += e * e;
      }
      lambda = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        v[i] = w[i] / lambda;
      }
    }
    double eta = 1 / lambda;
    double[][] gamma = new double[n][k];
    double[][] f = new double[n][k];
    for (int it = 0; it <= iterations; it++) {
      double loss = 0;
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          loss += 0.5 * Math.pow(f[i][c] - y[i + c * n], 2);
        }
      }
      // Power iteration from the all-ones start converges quickly (K > 0 entrywise); the
      // trainer's 50 steps leave a relative difference far below 1e-9 in eta here.
      assertEquals(loss, fit.trainingLoss()[it], 1e-9 * Math.max(1, loss), "iteration " + it);
      if (it == iterations) {
        break;
      }
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          gamma[i][c] -= eta * (f[i][c] - y[i + c * n]);
        }
      }
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < k; c++) {
          double s = 0;
          for (int j = 0; j < n; j++) {
            s += kk[i][j] * gamma[j][c];
          }
          f[i][c] = s;
        }
      }
    }
    // Predictions at the training points are F = K gamma.
    double[] predicted = fit.denoiser().predict(x, n);
    double[] want = new double[n * k];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        want[i + c * n] = f[i][c];
      }
    }
    assertEquals(0, Tolerance.maxRelativeError(want, predicted), 1e-9);
  }
}
