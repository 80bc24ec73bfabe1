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
