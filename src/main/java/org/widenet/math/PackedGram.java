package org.widenet.math;

/**
 * The Gram matrix U^T U of the columns of a k x n matrix U, written straight into packed upper
 * storage by column panels: each panel is one native dgemm into a small work array, so no
 * n x n temporary exists (dsyrk would need one, n^2 doubles of garbage per call, which at
 * n = 1000 is an 8 MB array the collector must treat as humongous). About k n^2 flops, as
 * dsyrk.
 */
public final class PackedGram {
  /** Columns per panel: the work array is n x PANEL. */
  public static final int PANEL = 64;

  private PackedGram() {}

  /** The work array length {@link #upperOfColumns} needs for order n. */
  public static int workLength(int n) {
    return Checks.size("n", n, "panel", Math.max(1, Math.min(PANEL, n)));
  }

  /**
   * packed[i + j (j + 1) / 2] = u_i . u_j for i &lt;= j, u_i column i of U.
   *
   * @param n columns of U (the order of the result)
   * @param k rows of U
   * @param u U, k x n column-major, read only
   * @param packed the result, length n (n + 1) / 2, overwritten
   * @param work at least {@link #workLength}(n) doubles, overwritten
   */
  public static void upperOfColumns(int n, int k, double[] u, double[] packed, double[] work) {
    Checks.length("u", u, Checks.size("k", k, "n", n));
    Checks.exactLength("packed", packed, PackedSymmetric.packedLength(n));
    Checks.length("work", work, workLength(n));
    for (int j0 = 0; j0 < n; j0 += PANEL) {
      int w = Math.min(PANEL, n - j0);
      int rows = j0 + w;
      if (k > 0) {
        // work (rows x w) = U[:, 0:rows]^T U[:, j0:j0+w]
        Blas.blas().dgemm("T", "N", rows, w, k, 1.0, u, 0, k, u, j0 * k, k, 0.0, work, 0,
            rows);
      } else {
        java.util.Arrays.fill(work, 0, rows * w, 0.0);
      }
      for (int jj = 0; jj < w; jj++) {
        int j = j0 + jj;
        System.arraycopy(work, jj * rows, packed, PackedSymmetric.index(0, j), j + 1);
      }
    }
  }
}
