package org.widenet.softmax;

import java.util.List;
import org.widenet.train.OrderedSum;

/**
 * A fitted softmax2 network held on the driver: its weights, block by block, and the training
 * curve. {@link #predict} evaluates F(W, x) for new inputs.
 */
public final class SoftmaxFit {
  private final SoftmaxSpec spec;
  private final int d;
  private final List<SoftmaxBlock> blocks;
  private final SoftmaxResult result;

  public SoftmaxFit(SoftmaxSpec spec, int d, List<SoftmaxBlock> blocks, SoftmaxResult result) {
    this.spec = spec;
    this.d = d;
    this.blocks = List.copyOf(blocks);
    this.result = result;
  }

  /**
   * The network's outputs on new inputs.
   *
   * @param x rows x d, column-major
   * @return rows x k, column-major (output l of row i at l * rows + i)
   */
  public double[] predict(double[] x, int rows) {
    if (x.length != rows * d) {
      throw new IllegalArgumentException("x must be rows x d = " + rows + " x " + d
          + ", got length " + x.length);
    }
    return predict(spec, blocks, x, rows);
  }

  /** F(W, x) of given blocks (in block order), merged as the engines merge. */
  static double[] predict(SoftmaxSpec spec, List<SoftmaxBlock> blocks, double[] x, int rows) {
    List<SoftmaxPartial> partials = new java.util.ArrayList<>();
    for (SoftmaxBlock block : blocks) {
      partials.add(BlockSteps.evaluate(block, x, rows));
    }
    return Normalizers.of(OrderedSum.grouped(partials, OrderedSum.DEFAULT_FAN_IN),
        spec.width()).outputs();
  }

  /** 0.5 ||F(t) - Y||_F^2 for t = 0..T (a copy). */
  public double[] losses() {
    return result.losses().clone();
  }

  /** The step size used. */
  public double learningRate() {
    return result.learningRate();
  }

  public SoftmaxResult result() {
    return result;
  }

  public SoftmaxSpec spec() {
    return spec;
  }

  public int inputDim() {
    return d;
  }

  public List<SoftmaxBlock> blocks() {
    return blocks;
  }
}
