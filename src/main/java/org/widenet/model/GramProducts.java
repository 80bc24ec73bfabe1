package org.widenet.model;

import org.widenet.math.Activation;
import org.widenet.math.BlockKernels;

/**
 * A block's share of a Jacobian-Gram product, J_b J_b^T v, at the block's current weights: the
 * matrix-free counterpart of the packed Gram share {@link BlockStepper#advance} returns when
 * asked. The driver sums the shares over blocks to get H v with H = J J^T, exactly the matrix
 * it would otherwise form as (sum_b C_b C_b^T) o (X X^T), without any n x n array anywhere.
 *
 * <p>Neurons are processed in chunks, as in {@link BlockStepper}, so the work arrays stay n x
 * chunk whatever the block's width. Per chunk: phi'(Z), U = X^T (v o C), P = X U. For ReLU,
 * phi'(Z) comes from the activation mask the block's last forward pass kept, so a product
 * costs two products of 2 n d chunk flops; otherwise (exp2, or a block that lost its mask)
 * Z = X W is recomputed first, a third product. Both give the same bits.
 */
public final class GramProducts {
  /** Target n * chunk doubles per work array, as in {@link BlockStepper}. */
  private static final int WORK_DOUBLES = 1 << 15;
  /** Fewest neurons per chunk, so the products stay large enough for BLAS. */
  private static final int MIN_CHUNK = 64;

  private GramProducts() {}

  /**
   * Returns J_b J_b^T v for this block at its current weights. Changes nothing.
   *
   * @param x the training inputs, n x d column-major (read only)
   * @param v the vector multiplied, length n (read only)
   * @return a new array of length n, this block's additive share of (J J^T) v
   * @throws IllegalArgumentException when v does not have length n
   */
  public static double[] jacobianGramTimes(NeuronBlock block, NetworkSpec spec, double[] x,
      int n, double[] v) {
    if (v.length != n) {
      throw new IllegalArgumentException("the vector has length " + v.length + ", expected n = "
          + n);
    }
    int d = block.inputDim();
    int mb = block.count();
    Activation act = spec.family().activation();
    double scale = spec.outputScale();
    int chunk = Math.max(1, Math.min(mb, Math.max(MIN_CHUNK, WORK_DOUBLES / Math.max(n, 1))));
    double[] wChunk = new double[d * chunk];
    double[] aChunk = new double[chunk];
    double[] z = new double[n * chunk];
    double[] work = new double[n * chunk];
    double[] dWork = new double[d * chunk];
    double[] out = new double[n];
    long[] mask = act == Activation.RELU ? block.activeMask() : null;
    for (int j0 = 0; j0 < mb; j0 += chunk) {
      int c = Math.min(chunk, mb - j0);
      System.arraycopy(block.weights(), j0 * d, wChunk, 0, d * c);
      System.arraycopy(block.outputWeights(), j0, aChunk, 0, c);
      if (mask != null) {
        // 1 where the neuron is active, 0 elsewhere: ReLU's phi' reads only the sign of z.
        long bit = (long) j0 * n;
        for (int k = 0; k < n * c; k++, bit++) {
          z[k] = (mask[(int) (bit >>> 6)] & (1L << (bit & 63))) != 0 ? 1.0 : 0.0;
        }
      } else {
        BlockKernels.preActivations(n, d, c, x, wChunk, z);
      }
      BlockKernels.accumulateGramTimes(act, n, d, c, x, z, aChunk, scale, v, out, work, dWork);
    }
    return out;
  }
}
