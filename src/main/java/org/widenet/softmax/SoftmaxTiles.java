package org.widenet.softmax;

import org.widenet.math.Blas;
import org.widenet.math.BlockKernels;

/**
 * A softmax2 block pass in tiles of {@link #TILE} neurons, so that no work array is larger than
 * rows x TILE (or d x TILE): the gradient step written straight into the block's weights
 * ({@link #step}), the max-shifted sums of the forward pass ({@link #sums}) and the movement
 * from the initial weights ({@link #movement}). The tile size is a constant, so the same block
 * gives the same bits on every engine and in every replay.
 */
final class SoftmaxTiles {
  /**
   * Neurons per tile. Even, and blocks start on a pair boundary, so the two neurons of a
   * symmetric pair always share a tile (their scores are then bit for bit equal, see
   * {@link SoftmaxKernels#scores}).
   */
  static final int TILE = 256;
  private static final String N = "N";
  private static final String T = "T";

  private SoftmaxTiles() {}

  /** Columns [j0, j0 + tc) of the scores X W into {@code z} (rows x tc, from index oz). */
  static void scores(double[] x, int rows, int d, double[] w, int j0, int tc, double[] z,
      int oz) {
    if (rows > 0 && tc > 0) {
      Blas.blas().dgemm(N, N, rows, tc, d, 1.0, x, 0, rows, w, j0 * d, d, 0.0, z, oz, rows);
    }
    for (int j = 0; j + 1 < tc; j++) {
      if (sameColumn(w, d, j0 + j, j0 + j + 1)) {
        System.arraycopy(z, oz + j * rows, z, oz + (j + 1) * rows, rows);
      }
    }
  }

  /** All the scores X W of a block (rows x c, a new array), tile by tile like the passes. */
  static double[] scores(double[] x, int rows, int d, double[] w, int c) {
    double[] z = new double[rows * c];
    for (int j0 = 0; j0 < c; j0 += TILE) {
      scores(x, rows, d, w, j0, Math.min(TILE, c - j0), z, j0 * rows);
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
   * The gradient step w -= eta J^T v of Claim 3.4 on a block's weights (d x c), in place, tile
   * by tile: G = (sum_l v_il C[(l, i), r]) (rows x tile) from the scores, then one dgemm with
   * alpha = -eta and beta = 1 into the tile's columns of w. Each tile's scores are those of its
   * weights before the step.
   *
   * <p>C[(l, i), r] = (a_lr - aS_il) s_ir, so g_ir = s_ir ((V A)_ir - c_i) with
   * c_i = sum_l v_il aS_il: the k-term sums over outputs are one rows x tile x k dgemm per tile
   * (V A) and one n k sum per step (c), not k multiply-adds per (row, neuron) in Java. The step
   * has no exact cancellation to keep (the symmetric pairs cancel in the forward sums, which
   * stay ordered loops), and a dgemm's bits depend only on its shapes, which a tile fixes.
   *
   * @param x the step's inputs, rows x d
   * @param cached the scores X W at the weights before the step (rows x c), or null to compute
   *     them tile by tile
   */
  static void step(double[] x, int rows, int d, double[] w, double[] a, int c, int k,
      double[] cached, SoftmaxStep step, int width) {
    if (rows == 0 || c == 0) {
      return;
    }
    int tile = Math.min(TILE, c);
    double[] z = cached == null ? new double[rows * tile] : null;
    double[] g = new double[rows * tile];
    double[] logNorm = step.logNorm();
    double[] aS = step.aS();
    double[] v = step.v();
    double[] vaS = new double[rows];
    for (int l = 0; l < k; l++) {
      int ol = l * rows;
      for (int i = 0; i < rows; i++) {
        vaS[i] += v[ol + i] * aS[ol + i];
      }
    }
    for (int j0 = 0; j0 < c; j0 += tile) {
      int tc = Math.min(tile, c - j0);
      int oz = 0;
      double[] zt = cached;
      if (cached == null) {
        scores(x, rows, d, w, j0, tc, z, 0);
        zt = z;
      } else {
        oz = j0 * rows;
      }
      // V A for the tile's neurons: v is rows x k, a's columns j0.. are k x tc.
      Blas.blas().dgemm(N, N, rows, tc, k, 1.0, v, 0, rows, a, j0 * k, k, 0.0, g, 0, rows);
      for (int j = 0; j < tc; j++) {
        int og = j * rows;
        for (int i = 0; i < rows; i++) {
          double s = width * Math.exp(Math.min(0.0, zt[oz + og + i] - logNorm[i]));
          g[og + i] = s * (g[og + i] - vaS[i]);
        }
      }
      Blas.blas().dgemm(T, N, d, tc, rows, -step.eta(), x, 0, rows, g, 0, rows, 1.0, w, j0 * d,
          d);
    }
  }

  /**
   * The block's max-shifted sums (as {@link SoftmaxKernels#shiftedSums}), tile by tile: each
   * tile's sums, merged in tile order in log-sum-exp form.
   *
   * @param keep an array of rows x c to keep the scores in, or null to use a tile-sized one
   * @return {max (rows), sum (rows), num (rows x k)}, new arrays
   */
  static double[][] sums(double[] x, int rows, int d, double[] w, double[] a, int c, int k,
      double[] keep) {
    double[] max = new double[rows];
    java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    double[] sum = new double[rows];
    double[] num = new double[rows * k];
    int tile = Math.min(TILE, c);
    double[] z = keep == null ? new double[rows * tile] : null;
    double[] e = new double[rows];
    double[] tmax = new double[rows];
    double[] tsum = new double[rows];
    double[] tnum = new double[rows * k];
    for (int j0 = 0; j0 < c; j0 += tile) {
      int tc = Math.min(tile, c - j0);
      double[] zt = z;
      int oz = 0;
      if (keep != null) {
        // The kept scores are these tiles side by side (what step reads back).
        zt = keep;
        oz = j0 * rows;
      }
      scores(x, rows, d, w, j0, tc, zt, oz);
      java.util.Arrays.fill(tmax, Double.NEGATIVE_INFINITY);
      java.util.Arrays.fill(tsum, 0.0);
      java.util.Arrays.fill(tnum, 0.0);
      for (int j = 0; j < tc; j++) {
        int o = oz + j * rows;
        for (int i = 0; i < rows; i++) {
          tmax[i] = Math.max(tmax[i], zt[o + i]);
        }
      }
      for (int j = 0; j < tc; j++) {
        int o = oz + j * rows;
        for (int i = 0; i < rows; i++) {
          e[i] = Math.exp(zt[o + i] - tmax[i]);
          tsum[i] += e[i];
        }
        for (int l = 0; l < k; l++) {
          double sign = a[l + (j0 + j) * k];
          int ol = l * rows;
          for (int i = 0; i < rows; i++) {
            tnum[ol + i] += sign * e[i];
          }
        }
      }
      if (j0 == 0) {
        System.arraycopy(tmax, 0, max, 0, rows);
        System.arraycopy(tsum, 0, sum, 0, rows);
        System.arraycopy(tnum, 0, num, 0, rows * k);
      } else {
        SoftmaxKernels.mergeInto(max, sum, num, tmax, tsum, tnum, rows, k);
      }
    }
    return new double[][] {max, sum, num};
  }

  /**
   * {max_r ||w_r - w_r(0)||, sum_r ||w_r - w_r(0)||^2} over a block's neurons, with w(0)
   * read from {@code kept} when {@code drawn} is false, else drawn from the seed one tile at a
   * time: into {@code kept} (d x c) when it is not null, else into a tile-sized array.
   */
  static double[] movement(SoftmaxSpec spec, long first, int d, int k, double[] w, int c,
      double[] kept, boolean draw) {
    int tile = Math.max(1, Math.min(TILE, c));
    double[] w0 = kept != null ? kept : new double[d * tile];
    double[] a0 = new double[k * tile];
    double[] moved = new double[2];
    for (int j0 = 0; j0 < c; j0 += tile) {
      int tc = Math.min(tile, c - j0);
      int w0o = kept != null ? j0 * d : 0;
      if (draw) {
        SoftmaxInit.fill(spec, d, first + j0, tc, w0, w0o, a0);
      }
      BlockKernels.addMovement(d, tc, w, j0 * d, w0, w0o, moved);
    }
    return moved;
  }
}
