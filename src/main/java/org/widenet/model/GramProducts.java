package org.widenet.model;

import org.widenet.math.Activation;
import org.widenet.math.GramTimesKernel;

/**
 * A block's share of a Jacobian-Gram product, J_b J_b^T v, at the block's current weights: the
 * matrix-free counterpart of the packed Gram share {@link BlockStepper#advance} returns when
 * asked. The driver sums the shares over blocks to get H v with H = J J^T, exactly the matrix
 * it would otherwise form as (sum_b C_b C_b^T) o (X X^T), without any n x n array anywhere.
 *
 * <p>The product is {@link GramTimesKernel}'s: G = D^T (X o v), then D G, with D the block's
 * n x mb matrix scale a_r phi'(z_ir), so it costs two products of 2 n d mb flops. For ReLU,
 * phi'(Z) comes from the activation mask the block's last forward pass kept; otherwise (exp2, or
 * a block that lost its mask) Z = X W is formed tile by tile first, a third product. Both give
 * the same bits.
 */
public final class GramProducts {
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
    long[] mask = act == Activation.RELU ? block.activeMask() : null;
    double[] out = new double[n];
    GramTimesKernel.accumulate(act, n, d, mb, x, block.weights(), block.outputWeights(),
        spec.outputScale(), mask, v, out);
    return out;
  }
}
