package org.widenet.smooth;

import org.widenet.math.PackedSymmetric;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;
import org.widenet.train.DriverMath;

/**
 * The driver's side of smooth2 for the one driver loop ({@link org.widenet.train.Trainer}) and
 * the one mini-batch loop ({@link org.widenet.train.MiniBatchTrainer}): outputs F from the
 * merged forward share, steps {@link SmoothStep} on both layers (all rows, or a batch's), and
 * the Jacobian Gram assembled from the blocks' shares and X X^T ({@link SmoothGram#assemble}),
 * or only multiplied ({@link SmoothGramProducts}). Keeps the last forward share it was given,
 * whose split of the movement into W and V and whose Lemma 3 quantities the caller reports.
 */
public final class SmoothMath implements DriverMath {
  private final SmoothSpec spec;
  private final double[] x;
  private final int n;
  private double[] xxt;
  private SmoothPartial last;
  private double[] initialGram;

  /** @param x the training inputs, n x d0 column-major (kept by reference, not modified) */
  public SmoothMath(SmoothSpec spec, double[] x, int n) {
    this.spec = spec;
    this.x = x;
    this.n = n;
  }

  @Override
  public int outputs() {
    return spec.k();
  }

  @Override
  public Pass forwardPass(boolean withGram) {
    return Pass.of(withGram);
  }

  @Override
  public double[] outputs(Share sum) {
    last = (SmoothPartial) sum;
    return last.outputs().clone();
  }

  @Override
  public Movement movement(Share sum) {
    SmoothPartial p = (SmoothPartial) sum;
    return new Movement(p.maxMove(), Math.sqrt(p.sumSquaredMoveW() + p.sumSquaredMoveV()),
        Double.NaN);
  }

  @Override
  public Update update(Share sum, int[] sumRows, double[] v, double eta, int[] batch) {
    // A batch step carries the batch's rows; v is the residual on them (batch order).
    return new SmoothStep(batch, v, eta);
  }

  @Override
  public double[] exactGram(BlockEngine engine, Share sum) {
    if (xxt == null) {
      xxt = PackedSymmetric.gramOfRows(n, spec.d0(), x);
    }
    double[] gram = SmoothGram.assemble(n, spec.k(), xxt, (SmoothPartial) sum);
    if (initialGram == null) {
      initialGram = gram;
    }
    return gram;
  }

  /** The first Gram formed (J J^T(0) in a run from initialization), or null. */
  public double[] initialGram() {
    return initialGram;
  }

  /** H v by one read-only pass over the blocks ({@link SmoothGramProducts}). */
  @Override
  public double[] gramTimes(BlockEngine engine, Share sum, double[] v) {
    return SmoothGramProducts.times(engine, v);
  }

  /** The last forward share whose outputs were read, or null before the first. */
  public SmoothPartial lastShare() {
    return last;
  }
}
