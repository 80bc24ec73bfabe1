package org.widenet.ml;

import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.deep.DeepSavedBlock;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.SparseColumns;
import org.widenet.spark.DeepPredictions;

/**
 * A fitted or loaded deep-last network as a model holds it: the trained last layer's row
 * blocks on the executors (W_L = W_L(0) + C V^T, {@link DeepSavedBlock}), the frozen layers'
 * outputs V on the training points and the training inputs (the model format saves them, so
 * that V can be recomputed from the seed). Outputs on new rows are computed where the blocks
 * live, by {@link DeepPredictions}, exactly as {@code widenet predict} computes them.
 */
final class DeepNetwork implements Serializable {
  private static final long serialVersionUID = 1L;
  final DeepSpec spec;
  final int numBlocks;
  /** The training points n. */
  final int n;
  /** Gauss-Newton steps taken. */
  final int iterations;
  final transient JavaRDD<DeepSavedBlock> blocks;
  /** V = h_{L-1} on the training points, m x n. */
  final transient SparseColumns v;
  /** The training inputs, n x d column-major. */
  final transient double[] x;

  DeepNetwork(DeepSpec spec, int numBlocks, int n, int iterations,
      JavaRDD<DeepSavedBlock> blocks, SparseColumns v, double[] x) {
    if (x.length != (long) n * spec.inputDim() || v.cols() != n) {
      throw new IllegalArgumentException("a deep-last network on " + n + " points of "
          + spec.inputDim() + " features needs n x d inputs and n columns of V, got "
          + x.length + " numbers and " + v.cols() + " columns");
    }
    this.spec = spec;
    this.numBlocks = numBlocks;
    this.n = n;
    this.iterations = iterations;
    this.blocks = blocks;
    this.v = v;
    this.x = x;
  }

  /** f on rows x d inputs (column-major), in the units the network was trained in. */
  double[] outputs(JavaSparkContext jsc, double[] rowsX, int rows) {
    return DeepPredictions.outputs(jsc, spec, numBlocks, blocks, v, rowsX, rows);
  }
}
