package org.widenet.deep;

/**
 * The seam between the deep-last driver loop and where the row blocks live: in memory
 * ({@link DeepLocalEngine}) or in a Spark RDD ({@link DeepSparkEngine}). Both run the frozen
 * layers at construction and sum block partials in block-id order, so they agree bit for bit.
 */
public interface DeepEngine extends AutoCloseable {
  int numBlocks();

  /** h_{L-1} (m x n) and the frozen layers' sparsity. */
  LayerPass.Result frozen();

  /** V^T V (n x n, column-major), v_i = h_{i,L-1}. */
  double[] kv();

  /**
   * Applies step g (null for none) to every block and runs the forward pass: the summed
   * partial, with U U^T packed when gram is set and the sketch's left part when asked.
   */
  DeepPartial advance(double[] step, boolean gram, SketchRequest sketch);

  /** G x at the current weights, G the exact last-layer Gram, summed over blocks. */
  double[] gramTimes(double[] x);

  @Override
  void close();
}
