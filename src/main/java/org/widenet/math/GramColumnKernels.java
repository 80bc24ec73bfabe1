package org.widenet.math;

/**
 * Columns of a block's share of the Jacobian Gram, H_b[:, S] = (X X_S^T) o (D_b D_b[S, :]^T)
 * with D_b = scale * a o phi'(Z) the n x mb matrix of {@link GramTimesKernel}
 * (H = J J^T summed over blocks): r columns cost one n x r x mb product, against r products
 * J J^T v of about 4 n d mb flops each, so a column-sampling Nystrom preconditioner of rank r
 * costs one pass instead of r. Conventions as {@link BlockKernels} (column-major, nothing
 * allocated, only the arrays named are written).
 */
public final class GramColumnKernels {
  /** Columns of X X_S^T formed at once by {@link #timesInputColumns}. */
  static final int PANEL = 64;

  private GramColumnKernels() {}

  /**
   * {@code g += D D[rows, :]^T} for the chunk's D = scale * a o phi'(Z) (n x mb).
   *
   * @param z the chunk's pre-activations Z, n x mb (for ReLU only their sign is read)
   * @param rows S, r row indices in [0, n)
   * @param g n x r, accumulated into
   * @param work n x mb, overwritten with D
   * @param workRows r x mb, overwritten with D[S, :]
   */
  public static void accumulateColumns(Activation act, int n, int mb, double[] z, double[] a,
      double scale, int[] rows, double[] g, double[] work, double[] workRows) {
    if (act == null) {
      throw new IllegalArgumentException("activation must not be null");
    }
    int r = rows.length;
    int zSize = Checks.size("n", n, "mb", mb);
    Checks.length("z", z, zSize);
    Checks.length("a", a, mb);
    Checks.length("g", g, Checks.size("n", n, "r", r));
    Checks.length("work", work, zSize);
    Checks.length("workRows", workRows, Checks.size("r", r, "mb", mb));
    requireRows(n, rows);
    if (n == 0 || mb == 0 || r == 0) {
      return;
    }
    BlockKernels.scaledDerivatives(act, n, mb, z, a, scale, null, work);
    for (int c = 0; c < mb; c++) {
      for (int k = 0; k < r; k++) {
        workRows[k + c * r] = work[rows[k] + c * n];
      }
    }
    Blas.blas().dgemm("N", "T", n, r, mb, 1.0, work, n, workRows, r, 1.0, g, n);
  }

  /**
   * {@code g := g o (X X[rows, :]^T)}, {@link #PANEL} columns at a time (so no n x r array is
   * allocated).
   *
   * @param x n x d inputs
   * @param g n x r, overwritten
   */
  public static void timesInputColumns(int n, int d, double[] x, int[] rows, double[] g) {
    int r = rows.length;
    Checks.length("x", x, Checks.size("n", n, "d", d));
    Checks.length("g", g, Checks.size("n", n, "r", r));
    requireRows(n, rows);
    if (n == 0 || r == 0) {
      return;
    }
    int panel = Math.min(PANEL, r);
    double[] xs = new double[panel * d];
    double[] p = new double[Checks.size("n", n, "panel", panel)];
    for (int k0 = 0; k0 < r; k0 += panel) {
      int c = Math.min(panel, r - k0);
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < c; k++) {
          xs[k + j * c] = x[rows[k0 + k] + j * n];
        }
      }
      if (d == 0) {
        java.util.Arrays.fill(p, 0.0);
      } else {
        Blas.blas().dgemm("N", "T", n, c, d, 1.0, x, n, xs, c, 0.0, p, n);
      }
      int offset = k0 * n;
      for (int i = 0; i < n * c; i++) {
        g[offset + i] *= p[i];
      }
    }
  }

  private static void requireRows(int n, int[] rows) {
    if (rows == null) {
      throw new IllegalArgumentException("rows must not be null");
    }
    for (int row : rows) {
      if (row < 0 || row >= n) {
        throw new IllegalArgumentException("row " + row + " is outside [0, " + n + ")");
      }
    }
  }
}
