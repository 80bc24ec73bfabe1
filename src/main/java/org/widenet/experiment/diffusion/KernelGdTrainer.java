package org.widenet.experiment.diffusion;

import org.widenet.math.Blas;
import org.widenet.math.MatrixVector;

/**
 * A stand-in denoiser trainer: kernel regression by gradient descent in function space, the
 * linearized (NTK) picture of the network's training (cf. eq. (25) of the paper), with a
 * Gaussian kernel {@code k(z, z') = exp(-||z - z'||^2 / (2 h^2))} in place of the network's
 * NTK. {@code F = K gamma}, {@code gamma <- gamma - eta (K gamma - Y)} from gamma = 0 (so F = 0 at
 * the start, like the symmetric initialization), {@code eta = 1 / lambda_max(K)} (lambda_max
 * from 50 power iterations); early stopping by the iteration count is the only regularization.
 */
public final class KernelGdTrainer implements DenoiserTrainer {
  private final double bandwidth;
  private final int iterations;

  /**
   * @param bandwidth h, positive
   * @param iterations gradient steps, at least 0
   */
  public KernelGdTrainer(double bandwidth, int iterations) {
    if (!(bandwidth > 0) || iterations < 0) {
      throw new IllegalArgumentException("kernel trainer needs h > 0 and iterations >= 0");
    }
    this.bandwidth = bandwidth;
    this.iterations = iterations;
  }

  @Override
  public String describe() {
    return "kernel gradient descent (Gaussian kernel, h = " + bandwidth + "), " + iterations
        + " iterations";
  }

  @Override
  public TrainedDenoiser fit(double[] inputs, double[] labels, int n, int inputDim,
      int outputDim) {
    double[] k = kernel(inputs, n, inputs, n, inputDim);
    double eta = 1 / lambdaMax(k, n);
    double[] gamma = new double[n * outputDim];
    double[] f = new double[n * outputDim];
    double[] curve = new double[iterations + 1];
    for (int it = 0; it <= iterations; it++) {
      double loss = 0;
      for (int i = 0; i < f.length; i++) {
        double r = f[i] - labels[i];
        loss += 0.5 * r * r;
        if (it < iterations) {
          gamma[i] -= eta * r;
        }
      }
      curve[it] = loss;
      if (it < iterations) {
        Blas.blas().dgemm("N", "N", n, outputDim, n, 1.0, k, n, gamma, n, 0.0, f, n);
      }
    }
    double[] train = inputs.clone();
    double[] coefficients = gamma;
    Denoiser denoiser = (x, rows) -> {
      double[] kt = kernel(x, rows, train, n, inputDim);
      double[] out = new double[rows * outputDim];
      Blas.blas().dgemm("N", "N", rows, outputDim, n, 1.0, kt, rows, coefficients, n, 0.0, out,
          rows);
      return out;
    };
    return new TrainedDenoiser(denoiser, curve);
  }

  /** K[i, j] = k(a_i, b_j), column-major na x nb. */
  private double[] kernel(double[] a, int na, double[] b, int nb, int dim) {
    double[] k = new double[na * nb];
    double c = -0.5 / (bandwidth * bandwidth);
    for (int j = 0; j < nb; j++) {
      for (int i = 0; i < na; i++) {
        double s = 0;
        for (int l = 0; l < dim; l++) {
          double diff = a[i + l * na] - b[j + l * nb];
          s += diff * diff;
        }
        k[i + j * na] = Math.exp(c * s);
      }
    }
    return k;
  }

  private static double lambdaMax(double[] k, int n) {
    double[] v = new double[n];
    java.util.Arrays.fill(v, 1 / Math.sqrt(n));
    double[] w = new double[n];
    double lambda = 1;
    for (int it = 0; it < 50; it++) {
      MatrixVector.times(n, n, 1.0, k, v, 0.0, w);
      double norm = Math.sqrt(MatrixVector.dot(n, w, 0, w, 0));
      lambda = norm;
      for (int i = 0; i < n; i++) {
        v[i] = w[i] / norm;
      }
    }
    return lambda;
  }
}
