package org.widenet.deep;

import org.widenet.model.Block;
import org.widenet.model.BlockLayout;
import org.widenet.model.Family;

/**
 * A family that trains the last layer of a {@link DeepSpec} network on {@link DeepInputs}:
 * the C V^T form ({@link DeepFamily}) or the dense baseline ({@link DenseLastLayer}). Its
 * blocks hold rows of W_L, advance with {@link DeepStep}s and return {@link DeepPartial}s, so
 * {@link DeepTrainer} ({@link DeepMath} on the one driver loop) drives either on any engine.
 */
public interface LastLayerFamily extends Family {
  /** The network. */
  DeepSpec spec();

  @Override
  default long width() {
    return spec().width();
  }

  /**
   * Block b of P owns rows [floor(b m / P), floor((b + 1) m / P)) of W_L; the frozen layers
   * use the same split ({@link LayerPass#local}, {@code spark.SparkLayerJobs}).
   */
  @Override
  default BlockLayout layout(int numBlocks) {
    return new BlockLayout(spec().width(), numBlocks, false);
  }

  /** A block of a last-layer family: rows of W_L that can multiply by their Gram share. */
  interface Rows extends Block {
    /**
     * The block's share of G x, G = (U U^T) o (V^T V) the exact last-layer Gram at the
     * current weights.
     *
     * @param kv V^T V, n x n column-major
     * @param x length n
     */
    double[] gramTimes(DeepSpec spec, double[] kv, double[] x);
  }
}
