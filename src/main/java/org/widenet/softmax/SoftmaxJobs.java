package org.widenet.softmax;

import org.widenet.model.DenseInputs;
import org.widenet.train.BlockEngine;

/**
 * The read-only softmax2 passes, run as {@link org.widenet.model.BlockJob}s on any engine at
 * its current weights: sums on other inputs, the Jacobian Gram's coefficient share and the
 * cross-Gram share between other inputs and the training inputs. The big data (other inputs,
 * normalizers) travels as the job's payload, broadcast once.
 */
public final class SoftmaxJobs {
  private SoftmaxJobs() {}

  /** The merged max-shifted sums on other inputs (rows x d, column-major). */
  public static SoftmaxPartial outputsOn(BlockEngine engine, double[] xOther, int rows) {
    if (rows < 1 || xOther.length % rows != 0) {
      throw new IllegalArgumentException("inputs of " + xOther.length + " numbers are not "
          + rows + " rows");
    }
    return (SoftmaxPartial) engine.reduce((block, inputs, payload) -> {
      DenseInputs other = (DenseInputs) payload;
      return BlockSteps.evaluate((SoftmaxBlock) block, other.x(), other.rows());
    }, new DenseInputs(xOther, rows, xOther.length / rows));
  }

  /**
   * The summed shares C C^T of the Jacobian Gram at the current weights (packed, order nk,
   * before the input factor), whose normalizers are {@code at}.
   */
  public static double[] gramShare(BlockEngine engine, Normalizers at) {
    SoftmaxSpec spec = SoftmaxFamily.specOf(engine);
    return ((SoftmaxPartial) engine.reduce((block, inputs, payload) -> {
      DenseInputs in = (DenseInputs) inputs;
      return SoftmaxPartial.share(block.blockId(), BlockSteps.gramShare((SoftmaxBlock) block,
          spec, in.x(), in.rows(), (SoftmaxStep) payload));
    }, SoftmaxStep.at(at))).gram();
  }

  /**
   * J J^T v at the current weights, whose normalizers are {@code at}, without forming the Gram:
   * one read-only pass ({@link BlockSteps#gramTimes}), summed in block order.
   *
   * @param v n x k output-major (not modified)
   */
  public static double[] gramTimes(BlockEngine engine, Normalizers at, double[] v) {
    SoftmaxSpec spec = SoftmaxFamily.specOf(engine);
    return ((SoftmaxPartial) engine.reduce((block, inputs, payload) -> {
      DenseInputs in = (DenseInputs) inputs;
      return SoftmaxPartial.share(block.blockId(), BlockSteps.gramTimes((SoftmaxBlock) block,
          spec, in.x(), in.rows(), (SoftmaxStep) payload));
    }, SoftmaxStep.step(at, v, 1.0))).gram();
  }

  /**
   * The summed shares C_te C^T of the cross Jacobian Gram at the current weights, (rows k) x
   * (n k) column-major, before the input factor.
   *
   * @param train the normalizers on the training inputs at the current weights
   * @param test those on xTest (rows x d)
   */
  public static double[] crossShare(BlockEngine engine, Normalizers train, double[] xTest,
      int rows, Normalizers test) {
    SoftmaxSpec spec = SoftmaxFamily.specOf(engine);
    Object[] payload = {SoftmaxStep.at(train), new DenseInputs(xTest, rows, xTest.length / rows),
        SoftmaxStep.at(test)};
    return ((SoftmaxPartial) engine.reduce((block, inputs, p) -> {
      DenseInputs in = (DenseInputs) inputs;
      Object[] args = (Object[]) p;
      DenseInputs te = (DenseInputs) args[1];
      return SoftmaxPartial.share(block.blockId(), BlockSteps.crossShare((SoftmaxBlock) block,
          spec, in.x(), in.rows(), (SoftmaxStep) args[0], te.x(), te.rows(),
          (SoftmaxStep) args[2]));
    }, payload)).gram();
  }
}
