package org.widenet.softmax;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plain, obviously-correct twins of the softmax2 kernels, straight from Gu et al.: eq. (1) for
 * F, Claim 3.4 for the gradient, Definition 3.6 (times m) for the Jacobian Gram. W is d x m,
 * A is k x m, x is n x d, outputs are n x k output-major, all column-major.
 */
public final class SoftmaxReference {
  private SoftmaxReference() {}

  static double dot(double[] x, int n, int d, int i, double[] w, int r) {
    double s = 0.0;
    for (int q = 0; q < d; q++) {
      s += x[i + q * n] * w[q + r * d];
    }
    return s;
  }

  /** S_i as an m-vector; shifted by the row max only when asked (else the naive formula). */
  static double[] softmax(double[] x, int n, int d, int i, double[] w, int m, boolean shift) {
    double max = Double.NEGATIVE_INFINITY;
    double[] z = new double[m];
    for (int r = 0; r < m; r++) {
      z[r] = dot(x, n, d, i, w, r);
      max = Math.max(max, z[r]);
    }
    double alpha = 0.0;
    double[] s = new double[m];
    for (int r = 0; r < m; r++) {
      s[r] = Math.exp(shift ? z[r] - max : z[r]);
      alpha += s[r];
    }
    for (int r = 0; r < m; r++) {
      s[r] /= alpha;
    }
    return s;
  }

  static double aDotS(double[] a, int k, int l, double[] s) {
    double v = 0.0;
    for (int r = 0; r < s.length; r++) {
      v += a[l + r * k] * s[r];
    }
    return v;
  }

  static double[] forward(double[] x, int n, int d, double[] w, double[] a, int k, int m,
      boolean shift) {
    double[] f = new double[n * k];
    for (int i = 0; i < n; i++) {
      double[] s = softmax(x, n, d, i, w, m, shift);
      for (int l = 0; l < k; l++) {
        f[l * n + i] = m * aDotS(a, k, l, s);
      }
    }
    return f;
  }

  static double loss(double[] x, int n, int d, double[] w, double[] a, int k, int m,
      double[] y) {
    double[] f = forward(x, n, d, w, a, k, m, true);
    double s = 0.0;
    for (int p = 0; p < f.length; p++) {
      s += (f[p] - y[p]) * (f[p] - y[p]);
    }
    return 0.5 * s;
  }

  /** Claim 3.4: Delta w_r = m sum_i sum_l (F_il - y_il) (a_lr - &lt;a_l, S_i&gt;) S_ir x_i. */
  static double[] gradient(double[] x, int n, int d, double[] w, double[] a, int k, int m,
      double[] y) {
    double[] f = forward(x, n, d, w, a, k, m, true);
    double[] g = new double[d * m];
    for (int i = 0; i < n; i++) {
      double[] s = softmax(x, n, d, i, w, m, true);
      for (int r = 0; r < m; r++) {
        double c = 0.0;
        for (int l = 0; l < k; l++) {
          c += (f[l * n + i] - y[l * n + i]) * (a[l + r * k] - aDotS(a, k, l, s)) * s[r];
        }
        for (int q = 0; q < d; q++) {
          g[q + r * d] += m * c * x[i + q * n];
        }
      }
    }
    return g;
  }

  /**
   * m H with Definition 3.6's H: [H_{l1,l2}]_ij = (1/m) x_i.x_j sum_r &lt;v_{l1,r}, S_i&gt; m S_ir
   * &lt;v_{l2,r}, S_j&gt; m S_jr, as a full nk x nk matrix, index (l - 1) n + i.
   */
  static double[] jacobianGram(double[] x, int n, int d, double[] w, double[] a, int k,
      int m) {
    int nk = n * k;
    double[][] s = new double[n][];
    for (int i = 0; i < n; i++) {
      s[i] = softmax(x, n, d, i, w, m, true);
    }
    double[] g = new double[nk * nk];
    for (int l1 = 0; l1 < k; l1++) {
      for (int i = 0; i < n; i++) {
        for (int l2 = 0; l2 < k; l2++) {
          for (int j = 0; j < n; j++) {
            double xx = 0.0;
            for (int q = 0; q < d; q++) {
              xx += x[i + q * n] * x[j + q * n];
            }
            double sum = 0.0;
            for (int r = 0; r < m; r++) {
              double vi = a[l1 + r * k] - aDotS(a, k, l1, s[i]);
              double vj = a[l2 + r * k] - aDotS(a, k, l2, s[j]);
              sum += vi * m * s[i][r] * vj * m * s[j][r];
            }
            double h = xx * sum / m;
            g[(l1 * n + i) + (l2 * n + j) * nk] = m * h;
          }
        }
      }
    }
    return g;
  }

  /** Full d x m weights and k x m signs of blocks in block order. */
  public static double[][] assemble(List<SoftmaxBlock> blocks, int d, int k) {
    int m = 0;
    for (SoftmaxBlock b : blocks) {
      m += b.count();
    }
    double[] w = new double[d * m];
    double[] a = new double[k * m];
    int r = 0;
    for (SoftmaxBlock b : blocks) {
      System.arraycopy(b.weights(), 0, w, r * d, b.count() * d);
      System.arraycopy(b.signs(), 0, a, r * k, b.count() * k);
      r += b.count();
    }
    return new double[][] {w, a};
  }

  /** Random inputs with rows of norm at most 1 (n x d). */
  public static double[] inputs(int n, int d, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] x = new double[n * d];
    for (int i = 0; i < n; i++) {
      double norm = 0.0;
      for (int q = 0; q < d; q++) {
        x[i + q * n] = rng.nextGaussian();
        norm += x[i + q * n] * x[i + q * n];
      }
      double scale = (0.5 + 0.5 * rng.nextDouble()) / Math.sqrt(norm);
      for (int q = 0; q < d; q++) {
        x[i + q * n] *= scale;
      }
    }
    return x;
  }

  /** Random labels with rows of norm at most 1 (n x k). */
  public static double[] labels(int n, int k, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] y = new double[n * k];
    for (int p = 0; p < y.length; p++) {
      y[p] = (2 * rng.nextDouble() - 1) / Math.sqrt(k);
    }
    return y;
  }

  /** Splits [0, m) into blocks of the given sizes: the list of {first, count}. */
  static List<int[]> ranges(int... counts) {
    List<int[]> out = new ArrayList<>();
    int first = 0;
    for (int c : counts) {
      out.add(new int[] {first, c});
      first += c;
    }
    return out;
  }
}
