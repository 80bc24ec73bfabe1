package org.widenet.model;

import org.widenet.math.Activation;
import org.widenet.math.BlockKernels;
import org.widenet.math.GramColumnKernels;

/**
 * A block's share of r columns of the Jacobian Gram, J_b J_b^T[:, S] = (X X_S^T) o (D_b D_b[S,
 * :]^T), at the block's current weights: what a column-sampling Nystrom preconditioner needs,
 * in one pass over the blocks instead of r products ({@link GramProducts}). Neurons are taken in
 * chunks, so the work arrays stay n x chunk besides the n x r result; phi'(Z) comes from the
 * kept ReLU mask or from Z recomputed, as in {@link GramProducts}, with the same bits.
 */
public final class GramColumns {
  /** Target n * chunk doubles per work array (the n x r result is larger anyway). */
  private static final int WORK_DOUBLES = 1 << 21;
  /** Fewest neurons per chunk, so the n x r x chunk products stay BLAS-sized. */
  private static final int MIN_CHUNK = 64;

  private GramColumns() {}

  /**
   * Returns columns {@code rows} of J_b J_b^T for this block at its current weights, n x r
   * column-major. Changes nothing.
   *
   * @param x the training inputs, n x d column-major (read only)
   * @param rows S, r indices in [0, n) (read only)
   * @throws IllegalArgumentException when a row index is outside [0, n)
   */
  public static double[] jacobianGramColumns(NeuronBlock block, NetworkSpec spec, double[] x,
      int n, int[] rows) {
    int chunk = Math.max(MIN_CHUNK, WORK_DOUBLES / Math.max(n, 1));
    return jacobianGramColumns(block, spec, x, n, rows, chunk);
  }

  /** As {@link #jacobianGramColumns(NeuronBlock, NetworkSpec, double[], int, int[])}, with
   * neurons taken {@code chunk} at a time (tests use small chunks to span several). */
  static double[] jacobianGramColumns(NeuronBlock block, NetworkSpec spec, double[] x, int n,
      int[] rows, int chunkNeurons) {
    int r = rows.length;
    int d = block.inputDim();
    int mb = block.count();
    Activation act = spec.family().activation();
    int chunk = Math.max(1, Math.min(mb, chunkNeurons));
    double[] wChunk = new double[d * chunk];
    double[] aChunk = new double[chunk];
    double[] z = new double[n * chunk];
    double[] work = new double[n * chunk];
    double[] workRows = new double[r * chunk];
    double[] out = new double[Math.multiplyExact(n, r)];
    long[] mask = act == Activation.RELU ? block.activeMask() : null;
    for (int j0 = 0; j0 < mb; j0 += chunk) {
      int c = Math.min(chunk, mb - j0);
      System.arraycopy(block.weights(), j0 * d, wChunk, 0, d * c);
      System.arraycopy(block.outputWeights(), j0, aChunk, 0, c);
      if (mask != null) {
        long bit = (long) j0 * n;
        for (int k = 0; k < n * c; k++, bit++) {
          z[k] = (mask[(int) (bit >>> 6)] & (1L << (bit & 63))) != 0 ? 1.0 : 0.0;
        }
      } else {
        BlockKernels.preActivations(n, d, c, x, wChunk, z);
      }
      GramColumnKernels.accumulateColumns(act, n, c, z, aChunk, spec.outputScale(), rows, out,
          work, workRows);
    }
    GramColumnKernels.timesInputColumns(n, d, x, rows, out);
    return out;
  }
}
