package org.widenet.softmax;

import org.widenet.math.Blas;
import org.widenet.math.PackedSymmetric;

/**
 * The softmax2 block kernels on plain column-major arrays (no Spark), after Gu, Li, Liang, Shi,
 * Song, Sections 3-4: scores, max-shifted partial normalizers and numerators, their
 * log-sum-exp merge, the Jacobian coefficients, the Claim 3.4 gradient and the Jacobian Gram of
 * Definition 3.6.
 *
 * <p>Shapes: x is n x d (row i is input x_i), a block's weights w are d x c (column j is w_r of
 * its j-th neuron), its signs a are k x c. Output-major stacking: the row of output l of input i
 * in an nk-long vector or an nk x nk matrix is {@code l * n + i}, the paper's (l - 1) n + i.
 *
 * <p>Overflow: exp is only ever taken of z - max (block sums, at most 0) or of z - log alpha
 * (coefficients, at most 0 since log alpha is at least the largest score), never of a raw
 * score, so scores of 1000 or more are handled.
 */
public final class SoftmaxKernels {
  private static final String N = "N";
  private static final String T = "T";

  private SoftmaxKernels() {}

  /**
   * The scores Z = X W, n x c. Neighbouring neurons whose weights are bit for bit equal (the
   * pairs of the symmetric initialization) get bit for bit equal scores, whatever the BLAS
   * does with their columns, so that the pairs cancel exactly.
   *
   * @return a new n x c array
   */
  public static double[] scores(double[] x, int n, int d, double[] w, int c) {
    double[] z = new double[n * c];
    if (n > 0 && c > 0) {
      Blas.blas().dgemm(N, N, n, c, d, 1.0, x, n, w, d, 0.0, z, n);
    }
    for (int j = 0; j + 1 < c; j++) {
      if (sameColumn(w, d, j, j + 1)) {
        System.arraycopy(z, j * n, z, (j + 1) * n, n);
      }
    }
    return z;
  }

  private static boolean sameColumn(double[] w, int d, int j1, int j2) {
    int o1 = j1 * d;
    int o2 = j2 * d;
    for (int q = 0; q < d; q++) {
      if (Double.doubleToRawLongBits(w[o1 + q]) != Double.doubleToRawLongBits(w[o2 + q])) {
        return false;
      }
    }
    return true;
  }

  /**
   * A block's max-shifted sums: per row i, max_i = max_r z_ir, sum_i = sum_r exp(z_ir - max_i)
   * and num_il = sum_r a_lr exp(z_ir - max_i), summed over r in neuron order (so paired neurons
   * cancel exactly).
   *
   * @param z the block's scores, n x c
   * @param a the block's signs, k x c
   * @return {max (n), sum (n), num (n x k)}, new arrays
   */
  public static double[][] shiftedSums(double[] z, int n, int c, double[] a, int k) {
    double[] max = new double[n];
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int j = 0; j < c; j++) {
      int o = j * n;
      for (int i = 0; i < n; i++) {
        max[i] = Math.max(max[i], z[o + i]);
      }
    }
    double[] sum = new double[n];
    double[] num = new double[n * k];
    double[] e = new double[n];
    for (int j = 0; j < c; j++) {
      int o = j * n;
      for (int i = 0; i < n; i++) {
        e[i] = Math.exp(z[o + i] - max[i]);
        sum[i] += e[i];
      }
      for (int l = 0; l < k; l++) {
        double sign = a[l + j * k];
        int ol = l * n;
        for (int i = 0; i < n; i++) {
          num[ol + i] += sign * e[i];
        }
      }
    }
    return new double[][] {max, sum, num};
  }

  /**
   * Merges two max-shifted sums in log-sum-exp form into (max1, sum1, num1), which are
   * overwritten: with M = max(M1, M2), sum = sum1 e^{M1 - M} + sum2 e^{M2 - M}, the same for num.
   */
  public static void mergeInto(double[] max1, double[] sum1, double[] num1, double[] max2,
      double[] sum2, double[] num2, int n, int k) {
    for (int i = 0; i < n; i++) {
      double m = Math.max(max1[i], max2[i]);
      double s1 = Math.exp(max1[i] - m);
      double s2 = Math.exp(max2[i] - m);
      max1[i] = m;
      sum1[i] = sum1[i] * s1 + sum2[i] * s2;
      for (int l = 0; l < k; l++) {
        int p = l * n + i;
        num1[p] = num1[p] * s1 + num2[p] * s2;
      }
    }
  }

  /**
   * The Jacobian coefficients of a block: C[(l, i), r] = m (a_lr - &lt;a_l, S_i&gt;) S_ir with
   * S_ir = exp(z_ir - log alpha_i), so that dF_{l,i}/dw_r = C[(l, i), r] x_i (eq. (2)).
   *
   * @param logNorm per row, the global log alpha_i (from {@link Normalizers})
   * @param aS &lt;a_l, S_i&gt;, n x k
   * @param m the network's width
   * @return a new nk x c array
   */
  public static double[] coefficients(double[] z, int n, int c, double[] a, int k,
      double[] logNorm, double[] aS, int m) {
    int nk = n * k;
    double[] coef = new double[nk * c];
    for (int j = 0; j < c; j++) {
      int oz = j * n;
      int oc = j * nk;
      for (int i = 0; i < n; i++) {
        double s = m * Math.exp(Math.min(0.0, z[oz + i] - logNorm[i]));
        for (int l = 0; l < k; l++) {
          coef[oc + l * n + i] = (a[l + j * k] - aS[l * n + i]) * s;
        }
      }
    }
    return coef;
  }

  /**
   * J_b^T v reshaped as d x c: column r is sum_i sum_l v_il C[(l, i), r] x_i. With v = F - Y
   * this is the gradient Delta w_r of Claim 3.4; with v = (J J^T + mu I)^{-1} (F - Y) it is the
   * Gauss-Newton direction.
   *
   * @param v n x k (output-major, like F)
   * @return a new d x c array
   */
  public static double[] jacobianTransposeTimes(double[] x, int n, int d, double[] coef, int c,
      int k, double[] v) {
    int nk = n * k;
    double[] g = new double[n * c];
    for (int j = 0; j < c; j++) {
      int oc = j * nk;
      int og = j * n;
      for (int l = 0; l < k; l++) {
        int ol = l * n;
        for (int i = 0; i < n; i++) {
          g[og + i] += v[ol + i] * coef[oc + ol + i];
        }
      }
    }
    double[] out = new double[d * c];
    if (n > 0 && c > 0) {
      Blas.blas().dgemm(T, N, d, c, n, 1.0, x, n, g, n, 0.0, out, d);
    }
    return out;
  }

  /**
   * A block's share of the Gram before the input factor: C C^T, packed upper (nk x nk).
   *
   * @return a new packed array of length nk(nk+1)/2
   */
  public static double[] coefficientGram(double[] coef, int nk, int c) {
    double[] full = new double[nk * nk];
    if (nk > 0 && c > 0) {
      Blas.blas().dsyrk("U", N, nk, c, 1.0, coef, nk, 0.0, full, nk);
    }
    double[] packed = new double[PackedSymmetric.packedLength(nk)];
    int p = 0;
    for (int col = 0; col < nk; col++) {
      for (int row = 0; row <= col; row++) {
        packed[p++] = full[row + col * nk];
      }
    }
    return packed;
  }

  /**
   * The Jacobian Gram J J^T = m H (Definition 3.6 times m) from the summed coefficient Grams:
   * entry ((l1, i), (l2, j)) is &lt;x_i, x_j&gt; (sum_b C_b C_b^T)_{(l1,i),(l2,j)}.
   *
   * @param share the summed packed C C^T, overwritten with the Gram
   */
  public static void applyInputKernel(double[] share, double[] x, int n, int d, int k) {
    double[] xx = PackedSymmetric.gramOfRows(n, d, x);
    int nk = n * k;
    int p = 0;
    for (int col = 0; col < nk; col++) {
      int j = col % n;
      for (int row = 0; row <= col; row++) {
        share[p++] *= PackedSymmetric.get(xx, row % n, j);
      }
    }
  }

  /**
   * The cross Jacobian Gram J_te J^T between other inputs (rows te) and the training inputs,
   * from the summed products C_te C^T: entry ((l1, te), (l2, j)) times &lt;x_te, x_j&gt;.
   *
   * @param share the summed (rows k) x (n k) column-major C_te C^T, overwritten
   */
  public static void applyCrossInputKernel(double[] share, double[] xTest, int rows,
      double[] x, int n, int d, int k) {
    double[] xx = new double[rows * n];
    Blas.blas().dgemm(N, T, rows, n, d, 1.0, xTest, rows, x, n, 0.0, xx, rows);
    int rk = rows * k;
    int nk = n * k;
    for (int col = 0; col < nk; col++) {
      int j = col % n;
      for (int row = 0; row < rk; row++) {
        share[row + col * rk] *= xx[row % rows + j * rows];
      }
    }
  }

  /** The block's product C_te C^T, (rows k) x (n k) column-major, a new array. */
  public static double[] crossCoefficientProduct(double[] coefTest, int rk, double[] coef,
      int nk, int c) {
    double[] out = new double[rk * nk];
    if (rk > 0 && nk > 0 && c > 0) {
      Blas.blas().dgemm(N, T, rk, nk, c, 1.0, coefTest, rk, coef, nk, 0.0, out, rk);
    }
    return out;
  }
}
