package org.widenet.smooth;

import org.widenet.math.Blas;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.WorkBuffers;

/**
 * The dense kernels of one smooth2 block on plain column-major arrays (BLAS inside). Shapes:
 * X is rows x d0 (one training row per row), W_b^T is d0 x m_b, V_b is k x m_b, so the
 * pre-activations are Z = X W_b^T (rows x m_b) and the block's outputs are phi(Z) V_b^T
 * (rows x k). Gradients are those of the widenet loss 0.5 ||F - Y||_F^2 (Song et al. eq. (39)
 * without the factor 2 of their loss (16)).
 */
public final class SmoothKernels {
  /**
   * Neurons per tile of a block pass ({@link #gradientStep}, {@link SmoothStepper}): work arrays
   * are rows x TILE, not rows x count. A constant, so a block gives the same bits on every
   * engine and in every replay.
   */
  public static final int TILE = 256;
  private static final String N = "N";
  private static final String T = "T";
  private static final String UPPER = "U";

  private SmoothKernels() {}

  /** Z = X W_b^T, a new rows x count array, computed tile by tile as the passes do. */
  public static double[] preactivations(double[] x, int rows, int d0, double[] w, int count) {
    double[] z = new double[rows * count];
    for (int j0 = 0; j0 < count; j0 += TILE) {
      preactivations(x, rows, d0, w, j0, Math.min(TILE, count - j0), z, j0 * rows);
    }
    return z;
  }

  /** Columns [j0, j0 + tc) of Z = X W_b^T into z (rows x tc, from index oz). */
  static void preactivations(double[] x, int rows, int d0, double[] w, int j0, int tc,
      double[] z, int oz) {
    if (rows > 0 && tc > 0) {
      Blas.blas().dgemm(N, N, rows, tc, d0, 1.0, x, 0, rows, w, j0 * d0, d0, 0.0, z, oz, rows);
    }
  }

  /** phi applied elementwise, as a new array. */
  public static double[] apply(SmoothActivation phi, double[] z) {
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = phi.value(z[i]);
    }
    return p;
  }

  /** phi' applied elementwise, as a new array. */
  public static double[] derivative(SmoothActivation phi, double[] z) {
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = phi.derivative(z[i]);
    }
    return p;
  }

  /** The block's outputs P V_b^T for P = phi(Z) (rows x count): a new rows x k array. */
  public static double[] outputs(double[] p, int rows, int count, double[] v, int k) {
    double[] out = new double[rows * k];
    if (rows > 0 && count > 0) {
      Blas.blas().dgemm(N, T, rows, k, count, 1.0, p, rows, v, k, 0.0, out, rows);
    }
    return out;
  }

  /** The rows {@code idx} of X (n x d0), as a new idx.length x d0 array. */
  public static double[] gatherRows(double[] x, int n, int d0, int[] idx) {
    int b = idx.length;
    double[] out = new double[b * d0];
    for (int c = 0; c < d0; c++) {
      int from = c * n;
      int to = c * b;
      for (int i = 0; i < b; i++) {
        out[to + i] = x[from + idx[i]];
      }
    }
    return out;
  }

  /**
   * One gradient step of 0.5 ||phi(X W^T) V^T - Y||^2 on both layers at once, gradients taken
   * at the weights before the step: with E the residual (rows x k),
   * grad_V = E^T phi(Z) and grad_W^T = X^T (phi'(Z) o (E V)).
   *
   * @param x the batch's inputs, rows x d0
   * @param w overwritten: W_b^T (d0 x count) after the step
   * @param v overwritten: V_b (k x count) after the step
   * @param residual E, rows x k (not modified)
   * @param z X W_b^T at the weights before the step (rows x count), or null to compute it
   */
  public static void gradientStep(SmoothActivation phi, double[] x, int rows, int d0, double[] w,
      double[] v, int count, int k, double[] residual, double eta, double[] z) {
    if (rows == 0 || count == 0) {
      return;
    }
    // Tile by tile: each tile's gradients need only its own weights before the step. The work
    // arrays are this thread's, reused across tiles, blocks and passes (each written first).
    int tile = Math.min(TILE, count);
    double[] zTile = z == null ? WorkBuffers.tile(WorkBuffers.TILE_Z, rows * tile) : null;
    double[] p = WorkBuffers.tile(WorkBuffers.TILE_P, rows * tile);
    double[] back = WorkBuffers.tile(WorkBuffers.TILE_BACK, rows * tile);
    for (int j0 = 0; j0 < count; j0 += tile) {
      int tc = Math.min(tile, count - j0);
      int len = rows * tc;
      double[] zt = z;
      int oz = j0 * rows;
      if (z == null) {
        preactivations(x, rows, d0, w, j0, tc, zTile, 0);
        zt = zTile;
        oz = 0;
      }
      for (int i = 0; i < len; i++) {
        p[i] = phi.value(zt[oz + i]);
      }
      Blas.blas().dgemm(N, N, rows, tc, k, 1.0, residual, 0, rows, v, j0 * k, k, 0.0, back, 0,
          rows);
      for (int i = 0; i < len; i++) {
        back[i] *= phi.derivative(zt[oz + i]);
      }
      // V -= eta E^T P (k x tc), from the old W (P) and E; then W^T -= eta X^T (D o E V).
      Blas.blas().dgemm(T, N, k, tc, rows, -eta, residual, 0, rows, p, 0, rows, 1.0, v, j0 * k,
          k);
      Blas.blas().dgemm(T, N, d0, tc, rows, -eta, x, 0, rows, back, 0, rows, 1.0, w, j0 * d0,
          d0);
    }
  }

  /**
   * The first layer's Gram share C C^T, packed nk x nk, with C[(i + n c), j] = V[c, j] D[i, j]
   * and D = phi'(Z) (n x count). The full first-layer share of J_W J_W^T is this matrix times
   * (X X^T) tiled over the k x k output pairs (Hadamard).
   */
  public static double[] jacobianShare(double[] dphi, int n, int count, double[] v, int k) {
    int nk = n * k;
    double[] c = new double[nk * count];
    for (int j = 0; j < count; j++) {
      for (int o = 0; o < k; o++) {
        double vo = v[o + k * j];
        int to = j * nk + o * n;
        int from = j * n;
        for (int i = 0; i < n; i++) {
          c[to + i] = vo * dphi[from + i];
        }
      }
    }
    return syrk(nk, count, c);
  }

  /** A A^T for A (rows x cols, column-major), packed. */
  public static double[] syrk(int rows, int cols, double[] a) {
    double[] full = new double[rows * rows];
    if (rows > 0 && cols > 0) {
      Blas.blas().dsyrk(UPPER, N, rows, cols, 1.0, a, rows, 0.0, full, rows);
    }
    return PackedSymmetric.pack(rows, full);
  }
}
