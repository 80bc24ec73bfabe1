package org.widenet.math;

/**
 * The per-block kernels of the span form of a ReLU block's gradient step. Every step moves a
 * neuron's weights by a combination of the training inputs, so after any number of steps
 * {@code W = W(0) - X^T A} for an n x mb matrix A of accumulated step factors, and the
 * pre-activations are {@code Z = X W = Z(0) - K A} with {@code K = X X^T} (n x n) and
 * {@code Z(0) = X W(0)}. A step then costs one product, 2 n^2 mb flops, where the weights form
 * costs two, 4 n d mb: fewer when n < 2 d.
 *
 * <p>All matrices are column-major; like {@link BlockKernels}, each method overwrites only the
 * arrays its documentation names, allocates nothing, and throws
 * {@link IllegalArgumentException} on a negative dimension or a too-short array.
 */
public final class SpanKernels {
  private static final String NO_TRANSPOSE = "N";
  private static final String TRANSPOSE = "T";

  private SpanKernels() {}

  /**
   * {@code k := X X^T}, n x n, every entry (not only a triangle).
   *
   * @param x X, n x d column-major, read only
   */
  public static void inputGram(int n, int d, double[] x, double[] k) {
    Checks.length("x", x, Checks.size("n", n, "d", d));
    Checks.length("k", k, Checks.size("n", n, "n", n));
    if (n == 0) {
      return;
    }
    if (d == 0) {
      java.util.Arrays.fill(k, 0, n * n, 0.0);
      return;
    }
    Blas.blas().dgemm(NO_TRANSPOSE, TRANSPOSE, n, n, d, 1.0, x, 0, n, x, 0, n, 0.0, k, 0, n);
  }

  /**
   * {@code cross := X' X^T}, rows x n: the other rows' inner products with the training rows.
   *
   * @param other X', rows x d column-major, read only
   * @param x X, n x d column-major, read only
   */
  public static void crossGram(int rows, int n, int d, double[] other, double[] x,
      double[] cross) {
    Checks.length("other", other, Checks.size("rows", rows, "d", d));
    Checks.length("x", x, Checks.size("n", n, "d", d));
    int size = Checks.size("rows", rows, "n", n);
    Checks.length("cross", cross, size);
    if (size == 0) {
      return;
    }
    if (d == 0) {
      java.util.Arrays.fill(cross, 0, size, 0.0);
      return;
    }
    Blas.blas().dgemm(NO_TRANSPOSE, TRANSPOSE, rows, n, d, 1.0, other, 0, rows, x, 0, n, 0.0,
        cross, 0, rows);
  }

  /**
   * {@code z -= (X' X^T) A} for the n x mb columns of A from {@code spanOffset}, rows x mb from
   * 0. With z = X' W(0) ({@link BlockKernels#preActivations}, which a caller may keep for the
   * same rows), z becomes the other rows' pre-activations at W = W(0) - X^T A.
   *
   * @param cross X' X^T, rows x n ({@link #crossGram}), read only
   */
  public static void subtractSpanOutputs(int rows, int n, int mb, double[] cross, double[] span,
      int spanOffset, double[] z) {
    Checks.length("cross", cross, Checks.size("rows", rows, "n", n));
    Checks.length("span", span, spanOffset + Checks.size("n", n, "mb", mb));
    int size = Checks.size("rows", rows, "mb", mb);
    Checks.length("z", z, size);
    if (size > 0 && n > 0) {
      Blas.blas().dgemm(NO_TRANSPOSE, NO_TRANSPOSE, rows, mb, n, -1.0, cross, 0, rows, span,
          spanOffset, n, 1.0, z, 0, rows);
    }
  }

  /**
   * {@code z := Z(0) - K A} for the n x mb columns of {@code z0} and {@code span} that start
   * at {@code offset}; z starts at 0.
   *
   * @param k X X^T, n x n ({@link #inputGram}), read only
   */
  public static void preActivations(int n, int mb, double[] k, double[] z0, double[] span,
      int offset, double[] z) {
    int size = Checks.size("n", n, "mb", mb);
    Checks.length("k", k, Checks.size("n", n, "n", n));
    Checks.length("z0", z0, offset + size);
    Checks.length("span", span, offset + size);
    Checks.length("z", z, size);
    if (size == 0) {
      return;
    }
    System.arraycopy(z0, offset, z, 0, size);
    Blas.blas().dgemm(NO_TRANSPOSE, NO_TRANSPOSE, n, mb, n, -1.0, k, 0, n, span, offset, n, 1.0,
        z, 0, n);
  }

  /**
   * The step: {@code A += coef * F} with {@code F_ir = (bit set ? a_r : +0.0) * s_i}, bit
   * {@code firstBit + i + r n} of {@code mask}, the same factors the weights form multiplies
   * by X^T; A the n x mb columns of {@code span} from {@code offset}.
   *
   * @param work n x mb scratch, overwritten with F
   */
  public static void applyStep(int n, int mb, long[] mask, long firstBit, double[] a,
      double[] s, double coef, double[] span, int offset, double[] work) {
    int size = Checks.size("n", n, "mb", mb);
    Checks.length("a", a, mb);
    Checks.length("s", s, n);
    Checks.length("span", span, offset + size);
    Checks.length("work", work, size);
    if ((firstBit + (long) size + 63) / 64 > mask.length) {
      throw new IllegalArgumentException("mask has " + mask.length + " words, too few for bits "
          + firstBit + " + " + n + " x " + mb);
    }
    BlockKernels.maskedFactors(n, mb, mask, firstBit, a, s, work);
    for (int e = 0; e < size; e++) {
      span[offset + e] += coef * work[e];
    }
  }

  /**
   * Adds the movement of mb neurons from W(0): {@code q_r = ||w_r - w_r(0)||^2 =
   * a_r^T K a_r = sum_i A_ir (Z(0)_ir - Z_ir)} in row order (0 where rounding makes it
   * negative), then {@code moved[0] = max(moved[0], sqrt(q_r))}, {@code moved[1] += q_r}.
   *
   * @param z Z at A, n x mb from 0 ({@link #preActivations})
   */
  public static void addMovement(int n, int mb, double[] span, double[] z0, int offset,
      double[] z, double[] moved) {
    int size = Checks.size("n", n, "mb", mb);
    Checks.length("span", span, offset + size);
    Checks.length("z0", z0, offset + size);
    Checks.length("z", z, size);
    Checks.length("moved", moved, 2);
    double max = moved[0];
    double total = moved[1];
    for (int r = 0; r < mb; r++) {
      int o = offset + r * n;
      int p = r * n;
      double q = 0.0;
      for (int i = 0; i < n; i++) {
        q += span[o + i] * (z0[o + i] - z[p + i]);
      }
      q = Math.max(q, 0.0);
      max = Math.max(max, Math.sqrt(q));
      total += q;
    }
    moved[0] = max;
    moved[1] = total;
  }

  /**
   * The weights: {@code w := w0 - X^T A}, d x mb.
   *
   * @param w0 W(0), d x mb, read only unless it is {@code w}
   * @param span A, n x mb, read only
   * @param w overwritten; may be {@code w0}, which then becomes W
   */
  public static void weights(int n, int d, int mb, double[] x, double[] w0, double[] span,
      double[] w) {
    Checks.length("x", x, Checks.size("n", n, "d", d));
    int size = Checks.size("d", d, "mb", mb);
    Checks.length("w0", w0, size);
    Checks.length("span", span, Checks.size("n", n, "mb", mb));
    Checks.length("w", w, size);
    if (w != w0) {
      System.arraycopy(w0, 0, w, 0, size);
    }
    if (size == 0 || n == 0) {
      return;
    }
    Blas.blas().dgemm(TRANSPOSE, NO_TRANSPOSE, d, mb, n, -1.0, x, 0, n, span, 0, n, 1.0, w, 0,
        d);
  }
}
