package org.widenet.train;

import org.widenet.model.BlockPartial;
import org.widenet.model.Step;

/**
 * The seam between the driver loop and the neuron blocks. One call is one pass over all
 * blocks (one Spark job on the Spark engine): apply the pending step, run the forward pass,
 * and return the partials summed in block-id order.
 */
public interface BlockEngine extends AutoCloseable {

  /** Number of neuron blocks. */
  int numBlocks();

  /**
   * Applies {@code step} to every block (none when null, as at t = 0), then computes every
   * block's forward partial at the new weights, with the Gram share when {@code withGram}.
   *
   * @param iteration the iteration these weights belong to (after the step), for naming and
   *     checkpoint scheduling
   * @return the sum of all block partials, in block-id order
   */
  BlockPartial advance(Step step, boolean withGram, int iteration);

  /**
   * The Jacobian-Gram product H v = J J^T v at the current weights (those of the last
   * {@link #advance}), without forming H: every block computes J_b (J_b^T v) where it lives
   * and the n-vectors are summed in block-id order, in the same grouping as
   * {@link #advance}'s partials. One pass over the blocks (one Spark job). H is the matrix
   * the driver forms as (sum_b C_b C_b^T) o (X X^T). Changes no weights.
   *
   * @param v length n (not modified)
   * @return a new array of length n
   */
  double[] gramTimes(double[] v);

  /**
   * The network's outputs f(x) = c * sum_b u_b(x) at the current weights on other inputs (a
   * test set, say), summed in block-id order. Changes no weights.
   *
   * @param x rows x d column-major inputs
   */
  double[] predict(double[] x, int rows);

  /** Releases cached blocks and any other resources; the engine cannot be used afterwards. */
  @Override
  void close();
}
