package org.widenet.softmax;

import java.util.List;
import org.widenet.model.Pass;
import org.widenet.train.BatchOrder;
import org.widenet.train.BlockEngine;
import org.widenet.train.IterationRecord;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainingDivergedException;
import org.widenet.train.TrainingListener;

/**
 * Mini-batch SGD for softmax2, in the conventions of {@link org.widenet.train.MiniBatchTrainer}
 * and the smooth2 sgd: epoch e visits {@link BatchOrder#batches} (seeded shuffle, the same
 * order for every block count), and each step is a gradient step of 0.5 ||F_B - Y_B||_F^2,
 * summed over the batch, so batch size n is exactly one gradient descent iteration.
 *
 * <p>Each step is one engine pass: the driver broadcasts the batch indices, the batch residual
 * F_B - Y_B and the batch rows' log-normalizers log alpha_i and averages &lt;a_l, S_i&gt;; every
 * block applies W_b -= eta J_{b,B}^T (F_B - Y_B) from the batch rows only and returns its
 * max-shifted sums on the next batch's rows (the state the next step needs). The last step of
 * an epoch returns the sums on every row, so the full-batch loss is known (and logged) after
 * every epoch: one record per epoch, iteration = steps so far. The Gram columns are empty (no
 * Gram diagnostics for sgd).
 */
public final class SoftmaxSgdTrainer {
  private final SoftmaxSpec spec;
  private final SoftmaxSgdConfig config;
  private final double[] y;
  private final int n;

  /**
   * @param x training inputs, n x d column-major (only checked here: the engine holds them)
   * @param y training labels, n x k column-major
   * @throws IllegalArgumentException on wrong lengths or a batch size larger than n
   */
  public SoftmaxSgdTrainer(SoftmaxSpec spec, SoftmaxSgdConfig config, double[] x, double[] y,
      int n, int d) {
    if (x.length != n * d || y.length != n * spec.outputs()) {
      throw new IllegalArgumentException("x must be n x d = " + n + " x " + d + " and y n x k = "
          + n + " x " + spec.outputs() + ", got lengths " + x.length + " and " + y.length);
    }
    config.requireFits(n);
    this.spec = spec;
    this.config = config;
    this.y = y;
    this.n = n;
  }

  /** Trains on the engine (at initialization), reporting epoch 0 and every epoch. */
  public SoftmaxSgdResult run(BlockEngine engine, TrainingListener listener) {
    SoftmaxFamily.requireSpec(engine, spec);
    TrainingListener out = listener == null ? r -> { } : listener;
    long start = System.nanoTime();
    int m = spec.width();
    double eta = config.learningRate();
    SoftmaxPartial p = (SoftmaxPartial) engine.advance(null, Pass.FORWARD, 0);
    Normalizers all = Normalizers.of(p, m);
    double[] losses = new double[config.epochs() + 1];
    losses[0] = SoftmaxTrainer.halfSquaredNorm(fullResidual(all.outputs()));
    checkFinite(losses[0], losses[0], 0);
    out.onIteration(record(0, losses[0], start, p));
    out.onLearningRate(eta, false);
    int steps = 0;
    for (int e = 1; e <= config.epochs(); e++) {
      List<int[]> batches = BatchOrder.batches(config.seed(), e, n, config.batchSize());
      Normalizers atBatch = gather(all, batches.get(0));
      for (int bi = 0; bi < batches.size(); bi++) {
        int[] batch = batches.get(bi);
        boolean last = bi == batches.size() - 1;
        double[] v = batchResidual(atBatch.outputs(), batch);
        steps++;
        p = (SoftmaxPartial) engine.advance(SoftmaxStep.batchStep(atBatch, batch, v, eta),
            Pass.onRows(last ? null : batches.get(bi + 1)), steps);
        if (last) {
          all = Normalizers.of(p, m);
        } else {
          atBatch = Normalizers.of(p, m);
        }
      }
      losses[e] = SoftmaxTrainer.halfSquaredNorm(fullResidual(all.outputs()));
      checkFinite(losses[e], losses[0], e);
      out.onIteration(record(steps, losses[e], start, p));
    }
    return new SoftmaxSgdResult(losses, steps, eta, all.outputs());
  }

  private static IterationRecord record(int steps, double loss, long start, SoftmaxPartial p) {
    return new IterationRecord(steps, loss, (System.nanoTime() - start) / 1_000_000L,
        Double.NaN, Double.NaN, Double.NaN, p.maxMove(), Math.sqrt(p.sumSquaredMove()),
        Double.NaN);
  }

  /** The batch rows' log alpha_i, &lt;a_l, S_i&gt; and F (in batch order) from all rows'. */
  static Normalizers gather(Normalizers all, int[] batch) {
    int b = batch.length;
    int k = all.aS().length / n(all);
    int rows = n(all);
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

  private static int n(Normalizers at) {
    return at.logNorm().length;
  }

  /** F_B - Y_B for the batch outputs fb (|B| x k, batch order). */
  private double[] batchResidual(double[] fb, int[] batch) {
    int b = batch.length;
    int k = spec.outputs();
    double[] r = new double[b * k];
    for (int l = 0; l < k; l++) {
      for (int t = 0; t < b; t++) {
        r[l * b + t] = fb[l * b + t] - y[l * n + batch[t]];
      }
    }
    return r;
  }

  private double[] fullResidual(double[] f) {
    double[] r = new double[f.length];
    for (int p = 0; p < f.length; p++) {
      r[p] = f[p] - y[p];
    }
    return r;
  }

  /**
   * Stops a run whose loss is not finite or has grown past {@link
   * TrainConfig#DEFAULT_DIVERGENCE_FACTOR} times its start, as relu2's runs stop.
   */
  private static void checkFinite(double loss, double initial, int epoch) {
    if (!Double.isFinite(loss)) {
      throw new TrainingDivergedException("the loss is " + loss + " at epoch " + epoch
          + "; lower --lr");
    }
    if (epoch > 0 && initial > 0 && loss > TrainConfig.DEFAULT_DIVERGENCE_FACTOR * initial) {
      throw new TrainingDivergedException(String.format(java.util.Locale.ROOT,
          "diverged: the loss grew to %.4g, %.3g times its start, at epoch %d; lower --lr",
          loss, loss / initial, epoch));
    }
  }
}
