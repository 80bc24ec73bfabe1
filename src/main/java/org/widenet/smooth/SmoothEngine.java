package org.widenet.smooth;

import java.util.List;

/**
 * The seam between the smooth2 driver loop and its neuron blocks, like
 * {@link org.widenet.train.BlockEngine}: one call of {@link #advance} is one pass over all
 * blocks (one Spark job on the Spark engine), returning their partials summed in block-id order.
 */
public interface SmoothEngine extends AutoCloseable {

  int numBlocks();

  /**
   * Applies {@code step} (none when null) to every block, then returns the summed partials of
   * the forward pass on {@code evalRows} (all rows when null), with the Gram shares when
   * {@code withGram}.
   *
   * @param iteration the step count after this pass, for naming and lineage cuts
   */
  SmoothPartial advance(SmoothStep step, int[] evalRows, boolean withGram, int iteration);

  /** Outputs at the current weights on other inputs (rows x d0): rows x k column-major. */
  double[] predict(double[] x, int rows);

  /** The current blocks collected in id order (for saving a model or a fit). */
  List<SmoothBlock> collectBlocks();

  @Override
  void close();

  /** First neuron of block b when width neurons are split into numBlocks contiguous ranges. */
  static long blockStart(long width, int numBlocks, int b) {
    long base = width / numBlocks;
    long extra = width % numBlocks;
    return b * base + Math.min(b, extra);
  }

  /** Neurons in block b (the first width % numBlocks blocks hold one more). */
  static int blockCount(long width, int numBlocks, int b) {
    return (int) (width / numBlocks + (b < width % numBlocks ? 1 : 0));
  }
}
