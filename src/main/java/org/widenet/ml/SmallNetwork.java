package org.widenet.ml;

import java.io.Serializable;
import java.util.List;
import org.widenet.math.Activation;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;

/**
 * All weights of a model small enough to broadcast to the rows (see broadcastThreshold):
 * f(x) = c * sum_r a_r phi(w_r . x), evaluated one row at a time.
 */
final class SmallNetwork implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Activation activation;
  private final double scale;
  private final int d;
  private final double[] w;
  private final double[] a;

  /**
   * @param packed the weights as {@link #pack} lays them out: w (m x d) then a (m), so the
   *     broadcast is a plain double[]
   */
  SmallNetwork(Activation activation, double scale, int d, double[] packed) {
    this.activation = activation;
    this.scale = scale;
    this.d = d;
    int m = packed.length / (d + 1);
    this.w = java.util.Arrays.copyOfRange(packed, 0, m * d);
    this.a = java.util.Arrays.copyOfRange(packed, m * d, packed.length);
  }

  /** All weights of the blocks in order as one array: w (m x d) followed by a (m). */
  static double[] pack(NetworkSpec spec, int d, List<NeuronBlock> blocksInOrder) {
    int m = (int) spec.width();
    double[] packed = new double[m * (d + 1)];
    int offset = 0;
    for (NeuronBlock block : blocksInOrder) {
      System.arraycopy(block.weights(), 0, packed, offset * d, block.count() * d);
      System.arraycopy(block.outputWeights(), 0, packed, m * d + offset, block.count());
      offset += block.count();
    }
    if (offset != m) {
      throw new IllegalStateException("the model's blocks hold " + offset + " neurons, its "
          + "width is " + m);
    }
    return packed;
  }

  double output(double[] x) {
    if (x.length != d) {
      throw new IllegalArgumentException("features has " + x.length + " entries, the model "
          + "was trained on " + d);
    }
    double sum = 0;
    for (int r = 0; r < a.length; r++) {
      double z = 0;
      int offset = r * d;
      for (int k = 0; k < d; k++) {
        z += w[offset + k] * x[k];
      }
      sum += a[r] * activation.value(z);
    }
    return scale * sum;
  }
}
