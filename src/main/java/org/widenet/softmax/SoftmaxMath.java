package org.widenet.softmax;

import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;
import org.widenet.train.DriverMath;

/**
 * The driver's side of softmax2 for the one driver loop ({@link org.widenet.train.Trainer}):
 * outputs F = m &lt;a_l, S_i&gt; from the merged log-sum-exp sums, steps {@link SoftmaxStep} built
 * with the normalizers of the weights they start from, and the Jacobian Gram by its own
 * read-only job ({@link SoftmaxGram#jacobianGram}), or only its products ({@link
 * SoftmaxJobs#gramTimes}). The automatic step is c / lambda_max(J J^T)
 * with c the configured constant (0.5 by default, as Gu et al.'s runs).
 *
 * <p>Keeps the normalizers of the last forward share it was given and the first Gram it formed
 * (H(0)), for Theorem F.2's coupling error, which the caller computes between iterations.
 */
public final class SoftmaxMath implements DriverMath {
  private final SoftmaxSpec spec;
  private final double[] x;
  private final int n;
  private final int d;
  private final double rateConstant;
  private Share lastSum;
  private Normalizers last;
  private double[] initialGram;

  /**
   * @param x the training inputs, n x d column-major (kept by reference, not modified)
   * @param rateConstant c of the automatic step c / lambda_max
   */
  public SoftmaxMath(SoftmaxSpec spec, double[] x, int n, int d, double rateConstant) {
    this.spec = spec;
    this.x = x;
    this.n = n;
    this.d = d;
    this.rateConstant = rateConstant;
  }

  @Override
  public int outputs() {
    return spec.outputs();
  }

  /** The Gram share is a job of its own ({@link #exactGram}): every pass is a forward pass. */
  @Override
  public Pass forwardPass(boolean withGram) {
    return Pass.FORWARD;
  }

  @Override
  public double[] outputs(Share sum) {
    return normalizers(sum).outputs().clone();
  }

  @Override
  public Movement movement(Share sum) {
    SoftmaxPartial p = (SoftmaxPartial) sum;
    return new Movement(p.maxMove(), Math.sqrt(p.sumSquaredMove()), Double.NaN);
  }

  @Override
  public Update update(Share sum, int[] sumRows, double[] v, double eta, int[] batch) {
    if (batch == null) {
      return SoftmaxStep.step(normalizers(sum), v, eta);
    }
    // The batch rows' log alpha_i, <a_l, S_i> and F: the share was on the batch's rows, or on
    // every row (the first step of an epoch).
    Normalizers at = normalizers(sum);
    return SoftmaxStep.batchStep(sumRows == null ? gather(at, batch) : at, batch, v, eta);
  }

  @Override
  public double[] exactGram(BlockEngine engine, Share sum) {
    double[] gram = SoftmaxGram.jacobianGram(engine, normalizers(sum), x, n, d, spec.outputs());
    if (initialGram == null) {
      initialGram = gram;
    }
    return gram;
  }

  /** J J^T v by one read-only pass over the blocks ({@link SoftmaxJobs#gramTimes}). */
  @Override
  public double[] gramTimes(BlockEngine engine, Share sum, double[] v) {
    return SoftmaxJobs.gramTimes(engine, normalizers(sum), v);
  }

  @Override
  public double automaticStep(double lambdaMax) {
    return rateConstant / lambdaMax;
  }

  /** The normalizers of the last forward share seen, or null before the first. */
  public Normalizers lastNormalizers() {
    return last;
  }

  /**
   * J J^T at the weights of the last forward share, when that share is the run's first: the
   * Gram the loop formed then, or one formed now (a schedule without a Gram at t = 0).
   */
  public double[] initialGram(BlockEngine engine) {
    return initialGram != null ? initialGram : exactGram(engine, lastSum);
  }

  private Normalizers normalizers(Share sum) {
    if (sum != lastSum) {
      last = Normalizers.of((SoftmaxPartial) sum, spec.width());
      lastSum = sum;
    }
    return last;
  }

  /** The rows {@code batch} of every row's log alpha_i, &lt;a_l, S_i&gt; and F, in batch order. */
  static Normalizers gather(Normalizers all, int[] batch) {
    int b = batch.length;
    int rows = all.logNorm().length;
    int k = all.aS().length / rows;
    double[] logNorm = new double[b];
    double[] aS = new double[b * k];
    double[] f = new double[b * k];
    for (int t = 0; t < b; t++) {
      logNorm[t] = all.logNorm()[batch[t]];
      for (int l = 0; l < k; l++) {
        aS[l * b + t] = all.aS()[l * rows + batch[t]];
        f[l * b + t] = all.outputs()[l * rows + batch[t]];
      }
    }
    return new Normalizers(logNorm, aS, f);
  }
}
