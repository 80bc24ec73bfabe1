package org.widenet.experiment.teacher;

import java.util.SplittableRandom;
import org.widenet.math.Blas;

/**
 * A small dense two-layer network f(x) = V gelu(W x) without biases (Song et al. 2021, eq. (15)):
 * W is d1 x d0, V is k x d1, both trained by mini-batch SGD in the driver with BLAS. It is the
 * teacher of the teacher-student experiment (cross-entropy) and, with the squared loss, the
 * driver-side student. Initialization is eq. (17): W ~ N(0, omega1^2), V ~ N(0, omega2^2),
 * every entry drawn in order (W column-major, then V) from one seeded generator.
 *
 * <p>Inputs are rows x d0 column-major, as everywhere in widenet.
 */
public final class TwoLayerNet {
  private final int d0;
  private final int d1;
  private final int k;
  /** d1 x d0, column-major. */
  final double[] w;
  /** k x d1, column-major. */
  final double[] v;

  private TwoLayerNet(int d0, int d1, int k, double[] w, double[] v) {
    this.d0 = d0;
    this.d1 = d1;
    this.k = k;
    this.w = w;
    this.v = v;
  }

  /** A network initialized by eq. (17) from {@code seed}. */
  public static TwoLayerNet init(int d0, int d1, int k, double omega1, double omega2,
      long seed) {
    if (d0 < 1 || d1 < 1 || k < 1) {
      throw new IllegalArgumentException("dimensions must be positive: " + d0 + ", " + d1
          + ", " + k);
    }
    if (!(omega1 > 0 && omega2 > 0)) {
      throw new IllegalArgumentException("omega1 and omega2 must be positive, got " + omega1
          + ", " + omega2);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    double[] w = new double[d1 * d0];
    for (int i = 0; i < w.length; i++) {
      w[i] = omega1 * gaussian(rng);
    }
    double[] v = new double[k * d1];
    for (int i = 0; i < v.length; i++) {
      v[i] = omega2 * gaussian(rng);
    }
    return new TwoLayerNet(d0, d1, k, w, v);
  }

  /** He initialization for both layers: omega1 = sqrt(2/d0), omega2 = sqrt(2/d1). */
  public static TwoLayerNet he(int d0, int d1, int k, long seed) {
    return init(d0, d1, k, Math.sqrt(2.0 / d0), Math.sqrt(2.0 / d1), seed);
  }

  public int inputDim() {
    return d0;
  }

  public int width() {
    return d1;
  }

  public int outputs() {
    return k;
  }

  /**
   * The outputs on {@code rows} inputs.
   *
   * @param x rows x d0, column-major (not modified)
   * @return rows x k, column-major
   */
  public double[] outputs(double[] x, int rows) {
    double[] z = new double[rows * d1];
    Blas.blas().dgemm("N", "T", rows, d1, d0, 1.0, x, rows, w, d1, 0.0, z, rows);
    for (int i = 0; i < z.length; i++) {
      z[i] = Gelu.value(z[i]);
    }
    double[] o = new double[rows * k];
    Blas.blas().dgemm("N", "T", rows, k, d1, 1.0, z, rows, v, k, 0.0, o, rows);
    return o;
  }

  /** The predicted class of each row: the argmax of its k outputs (the first on ties). */
  public int[] predict(double[] x, int rows) {
    return argmax(outputs(x, rows), rows, k);
  }

  /** Gradients of a batch's loss. */
  record Gradient(double loss, double[] dw, double[] dv) {}

  /**
   * The batch loss and its gradients with respect to W and V.
   *
   * @param x b x d0 column-major
   * @param labels b classes in 0..k-1
   */
  Gradient gradient(double[] x, int[] labels, int b, Loss loss) {
    double[] z = new double[b * d1];
    Blas.blas().dgemm("N", "T", b, d1, d0, 1.0, x, b, w, d1, 0.0, z, b);
    double[] a = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      a[i] = Gelu.value(z[i]);
    }
    double[] o = new double[b * k];
    Blas.blas().dgemm("N", "T", b, k, d1, 1.0, a, b, v, k, 0.0, o, b);
    double[] dout = new double[b * k];
    double total = 0;
    for (int i = 0; i < b; i++) {
      if (loss == Loss.CROSS_ENTROPY) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          max = Math.max(max, o[i + c * b]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
          sum += Math.exp(o[i + c * b] - max);
        }
        total += max + Math.log(sum) - o[i + labels[i] * b];
        for (int c = 0; c < k; c++) {
          double p = Math.exp(o[i + c * b] - max) / sum;
          dout[i + c * b] = (p - (c == labels[i] ? 1 : 0)) / b;
        }
      } else {
        for (int c = 0; c < k; c++) {
          double r = o[i + c * b] - (c == labels[i] ? 1 : 0);
          total += r * r;
          dout[i + c * b] = 2 * r / ((double) b * k);
        }
      }
    }
    double value = loss == Loss.CROSS_ENTROPY ? total / b : total / ((double) b * k);
    double[] dv = new double[k * d1];
    Blas.blas().dgemm("T", "N", k, d1, b, 1.0, dout, b, a, b, 0.0, dv, k);
    double[] dz = new double[b * d1];
    Blas.blas().dgemm("N", "N", b, d1, k, 1.0, dout, b, v, k, 0.0, dz, b);
    for (int i = 0; i < dz.length; i++) {
      dz[i] *= Gelu.derivative(z[i]);
    }
    double[] dw = new double[d1 * d0];
    Blas.blas().dgemm("T", "N", d1, d0, b, 1.0, dz, b, x, b, 0.0, dw, d1);
    return new Gradient(value, dw, dv);
  }

  /**
   * One epoch of mini-batch SGD: the rows are shuffled with {@code rng} (Fisher-Yates), cut
   * into batches of {@code batch} (the last may be smaller), and each batch takes the step
   * -lr * gradient on both layers.
   *
   * @param x n x d0 column-major
   * @return the mean of the batch losses
   */
  public double epoch(double[] x, int[] labels, int n, int batch, double lr, Loss loss,
      SplittableRandom rng) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    double sum = 0;
    int batches = 0;
    for (int start = 0; start < n; start += batch) {
      int b = Math.min(batch, n - start);
      double[] xb = new double[b * d0];
      int[] yb = new int[b];
      for (int r = 0; r < b; r++) {
        int row = order[start + r];
        yb[r] = labels[row];
        for (int j = 0; j < d0; j++) {
          xb[r + j * b] = x[row + j * n];
        }
      }
      Gradient g = gradient(xb, yb, b, loss);
      Blas.blas().daxpy(w.length, -lr, g.dw(), 1, w, 1);
      Blas.blas().daxpy(v.length, -lr, g.dv(), 1, v, 1);
      sum += g.loss();
      batches++;
    }
    return sum / batches;
  }

  /** The fraction of rows whose predicted class differs from the label. */
  public double error(double[] x, int[] labels, int n) {
    int[] p = predict(x, n);
    int wrong = 0;
    for (int i = 0; i < n; i++) {
      wrong += p[i] != labels[i] ? 1 : 0;
    }
    return wrong / (double) n;
  }

  static int[] argmax(double[] o, int rows, int k) {
    int[] c = new int[rows];
    for (int i = 0; i < rows; i++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (o[i + j * rows] > o[i + best * rows]) {
          best = j;
        }
      }
      c[i] = best;
    }
    return c;
  }

  /** A standard Gaussian by Marsaglia's polar method (one value per call). */
  static double gaussian(SplittableRandom rng) {
    while (true) {
      double u = 2 * rng.nextDouble() - 1;
      double s = 2 * rng.nextDouble() - 1;
      double r = u * u + s * s;
      if (r > 0 && r < 1) {
        return u * Math.sqrt(-2 * Math.log(r) / r);
      }
    }
  }
}
