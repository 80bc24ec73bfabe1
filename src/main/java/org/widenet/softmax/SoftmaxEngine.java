package org.widenet.softmax;

import java.util.List;

/**
 * The seam between the softmax2 driver loop and where the neuron blocks live (a local list or
 * a Spark RDD). Every method merges block results in block-id order, so two engines over the
 * same blocks agree bit for bit.
 */
public interface SoftmaxEngine extends AutoCloseable {
  int numBlocks();

  /**
   * One pass over every block: apply the state's step (if any), return the merged sums at the
   * new weights and, if asked, the summed Gram shares at the weights before the step.
   *
   * @param state the broadcast state, or null for a forward pass at the current weights
   */
  SoftmaxPartial advance(StepState state);

  /** The merged sums on other inputs (rows x d) at the current weights. */
  SoftmaxPartial evaluate(double[] xOther, int rows);

  /**
   * The summed shares C_te C^T of the cross Jacobian Gram at the current weights, (rows k) x
   * (n k) column-major, before the input factor.
   */
  double[] crossShare(StepState train, double[] xTest, int rows, StepState test);

  /** The current blocks, in block order, on the driver (for saving and for fitted models). */
  List<SoftmaxBlock> collectBlocks();

  @Override
  void close();
}
