package org.widenet.math;

import java.util.Random;

/** Seeded random matrices for the math tests. */
final class TestMatrices {

  private TestMatrices() {}

  /** Array of standard normal entries times {@code scale}. */
  static double[] gaussian(Random rnd, int length, double scale) {
    double[] v = new double[length];
    for (int i = 0; i < length; i++) {
      v[i] = scale * rnd.nextGaussian();
    }
    return v;
  }

  /** Random n by n orthogonal matrix: modified Gram-Schmidt on the columns of a Gaussian matrix. */
  static double[] orthogonal(Random rnd, int n) {
    double[] q = gaussian(rnd, n * n, 1.0);
    for (int j = 0; j < n; j++) {
      for (int p = 0; p < j; p++) {
        double dot = 0.0;
        for (int i = 0; i < n; i++) {
          dot += q[i + p * n] * q[i + j * n];
        }
        for (int i = 0; i < n; i++) {
          q[i + j * n] -= dot * q[i + p * n];
        }
      }
      double norm = 0.0;
      for (int i = 0; i < n; i++) {
        norm += q[i + j * n] * q[i + j * n];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        q[i + j * n] /= norm;
      }
    }
    return q;
  }

  /** Full n by n matrix Q diag(lambda) Q^T. */
  static double[] withSpectrum(int n, double[] q, double[] lambda) {
    double[] full = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double sum = 0.0;
        for (int p = 0; p < n; p++) {
          sum += q[i + p * n] * lambda[p] * q[j + p * n];
        }
        full[i + j * n] = sum;
      }
    }
    return full;
  }

  /** Random symmetric full n by n matrix. */
  static double[] symmetric(Random rnd, int n) {
    double[] full = new double[n * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double v = rnd.nextGaussian();
        full[i + j * n] = v;
        full[j + i * n] = v;
      }
    }
    return full;
  }

  /** Random SPD full matrix B B^T + n I with B n by n Gaussian. */
  static double[] spd(Random rnd, int n) {
    double[] b = gaussian(rnd, n * n, 1.0);
    double[] full = ReferenceKernels.outerGram(n, n, b);
    for (int i = 0; i < n; i++) {
      full[i + i * n] += n;
    }
    return full;
  }
}
