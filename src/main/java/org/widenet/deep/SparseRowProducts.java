package org.widenet.deep;

/**
 * Rows of W_l(0), regenerated from the seed, times sparse columns: the product of every frozen
 * layer and of every deep-last block's g0 = W_L(0)_b V ({@link LayerPass#preActivations}).
 *
 * <p>Entry (j, i) is s = 0, then s += w_j[k] v_k over column i's nonzeros in ascending k: one
 * running sum, bound by the latency of its adds. Here {@value #ROWS} rows go together: their
 * weights are interleaved (entry k of the rows side by side) and each nonzero of a column is
 * read once for {@value #ROWS} independent running sums, each the very sum, in the very order,
 * of its row alone. So the bits are those of the one-row loop (kept for the rows left over
 * and as the reference twin in the tests), about three times faster on this machine.
 */
final class SparseRowProducts {
  /** Rows per group: independent sums enough to hide the add latency, few enough for registers. */
  static final int ROWS = SparseColumns.GRAM_GROUP;

  private SparseRowProducts() {}

  /**
   * z = rows [first, first + count) of W_layer(0) times {@code input}: count x n column-major.
   */
  static double[] times(DeepSpec spec, int layer, long first, int count, SparseColumns input) {
    int n = input.cols();
    int fanIn = spec.fanIn(layer);
    double[] z = new double[Math.multiplyExact(count, n)];
    double[] w = new double[fanIn];
    int grouped = count - count % ROWS;
    double[] wt = grouped > 0 ? new double[Math.multiplyExact(fanIn, ROWS)] : null;
    for (int j0 = 0; j0 < grouped; j0 += ROWS) {
      for (int j = 0; j < ROWS; j++) {
        DeepWeights.row(spec, layer, first + j0 + j, w);
        for (int k = 0; k < fanIn; k++) {
          wt[k * ROWS + j] = w[k];
        }
      }
      eightRows(wt, input, z, j0, count);
    }
    for (int j = grouped; j < count; j++) {
      DeepWeights.row(spec, layer, first + j, w);
      oneRow(w, input, z, j, count);
    }
    return z;
  }

  /** Rows j0..j0+7 of z (leading dimension count) from their interleaved weights wt. */
  private static void eightRows(double[] wt, SparseColumns input, double[] z, int j0,
      int count) {
    for (int i = 0; i < input.cols(); i++) {
      input.groupSums(wt, i, z, j0 + i * count);
    }
  }

  /** Row j of z (leading dimension count) from its weights w: the one-row loop. */
  static void oneRow(double[] w, SparseColumns input, double[] z, int j, int count) {
    int[] index = input.index();
    double[] value = input.value();
    for (int i = 0; i < input.cols(); i++) {
      double s = 0;
      for (int k = input.start(i), end = input.start(i + 1); k < end; k++) {
        s += w[index[k]] * value[k];
      }
      z[j + i * count] = s;
    }
  }
}
