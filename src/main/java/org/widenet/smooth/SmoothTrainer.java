package org.widenet.smooth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.Pass;
import org.widenet.train.BatchOrder;
import org.widenet.train.BlockEngine;
import org.widenet.train.TrainingDivergedException;

/**
 * The smooth2 driver loop: full-batch gradient descent or mini-batch SGD on both layers, the
 * Jacobian Gram diagnostics, Lemma 3's quantities at initialization and, alongside, the
 * linearized model of lazy training.
 *
 * <p>GD: iteration t is one engine pass that applies step t - 1 and evaluates every row.
 * SGD: epoch e visits {@link BatchOrder#batches}; each step is one engine pass that applies the
 * batch's update (batch indices and batch residual travel) and evaluates the next batch's rows,
 * the last step of an epoch evaluates every row, so full-batch metrics are logged every epoch
 * without an extra pass.
 */
public final class SmoothTrainer {
  private final SmoothSpec spec;
  private final SmoothSettings settings;
  private final double[] x;
  private final double[] y;
  private final int n;
  private final int k;
  private final double[] xxt;

  /**
   * @param x n x d0 column-major
   * @param y n x k column-major
   */
  public SmoothTrainer(SmoothSpec spec, SmoothSettings settings, double[] x, double[] y, int n) {
    this.spec = spec;
    this.settings = settings;
    this.x = x;
    this.y = y;
    this.n = n;
    this.k = spec.k();
    this.xxt = settings.gramEvery() > 0 ? PackedSymmetric.gramOfRows(n, spec.d0(), x) : null;
  }

  /** Trains on the engine (of a {@link SmoothSpec}, its blocks at initialization). */
  public SmoothTrainResult run(BlockEngine engine) {
    long start = System.nanoTime();
    boolean gramOn = settings.gramEvery() > 0;
    List<SmoothRecord> records = new ArrayList<>();
    SmoothPartial sum = advance(engine, null, null, gramOn, 0);
    double[] f = sum.outputs();
    double initialLoss = loss(f);
    if (!Double.isFinite(initialLoss)) {
      throw new TrainingDivergedException("the loss at initialization is " + initialLoss);
    }
    double[] h0 = null;
    double lambdaMin0 = Double.NaN;
    double lambdaMax0 = Double.NaN;
    SmoothGram.Lemma3 lemma3 = null;
    if (gramOn) {
      h0 = SmoothGram.assemble(n, k, xxt, sum);
      double[] extremes = SmoothGram.extremeEigenvalues(n * k, h0);
      lambdaMin0 = extremes[0];
      lambdaMax0 = extremes[1];
      lemma3 = SmoothGram.Lemma3.measure(spec, x, n, sum);
    }
    double eta = settings.learningRate();
    if (Double.isNaN(eta)) {
      if (!(lambdaMax0 > 0)) {
        throw new IllegalStateException("--lr auto needs lambda_max(J J^T) > 0 at "
            + "initialization, got " + lambdaMax0 + ": set --lr");
      }
      eta = 1.0 / lambdaMax0;
    }
    LinearizedModel lin = settings.lazy() ? new LinearizedModel(n, k, h0, f, y) : null;
    boolean sgd = settings.optimizer() == SmoothOptimizer.SGD;
    record(records, 0, sgd ? 0 : Double.NaN, initialLoss, start, sum, h0, h0, lin, f);
    int steps = 0;
    double lossNow = initialLoss;
    if (!sgd) {
      int total = settings.iterations();
      for (int t = 1; t <= total; t++) {
        SmoothStep step = new SmoothStep(null, residual(f), eta);
        if (lin != null) {
          lin.stepAll(eta);
        }
        boolean gram = gramOn && (t % settings.gramEvery() == 0 || t == total);
        sum = advance(engine, step, null, gram, t);
        f = sum.outputs();
        lossNow = checked(loss(f), initialLoss, t, eta, lambdaMax0);
        steps = t;
        record(records, t, Double.NaN, lossNow, start, sum,
            gram ? SmoothGram.assemble(n, k, xxt, sum) : null, h0, lin, f);
      }
    } else {
      double[] current = f;
      boolean currentIsAll = true;
      int epochs = settings.epochs();
      for (int e = 1; e <= epochs; e++) {
        List<int[]> batches = BatchOrder.batches(settings.seed(), e, n, settings.batchSize());
        for (int bi = 0; bi < batches.size(); bi++) {
          int[] batch = batches.get(bi);
          double[] fb = currentIsAll ? gather(current, n, batch) : current;
          SmoothStep step = new SmoothStep(batch, batchResidual(fb, batch), eta);
          if (lin != null) {
            lin.stepBatch(eta, batch);
          }
          boolean last = bi == batches.size() - 1;
          boolean gram = last && gramOn && (e % settings.gramEvery() == 0 || e == epochs);
          steps++;
          sum = advance(engine, step, last ? null : batches.get(bi + 1), gram, steps);
          current = sum.outputs();
          currentIsAll = last;
        }
        f = current;
        lossNow = checked(loss(f), initialLoss, steps, eta, lambdaMax0);
        record(records, steps, e, lossNow, start, sum, sum.jacobian() != null
            ? SmoothGram.assemble(n, k, xxt, sum) : null, h0, lin, f);
      }
    }
    return new SmoothTrainResult(initialLoss, lossNow, steps, eta, lambdaMin0, lambdaMax0,
        lemma3, records, f, lin == null ? null : lin.outputs());
  }

  /**
   * One engine pass: applies {@code step} (none when null), then returns the summed partials
   * of the forward pass on {@code evalRows} (all rows when null), with the Gram shares when
   * {@code withGram}.
   */
  private static SmoothPartial advance(BlockEngine engine, SmoothStep step, int[] evalRows,
      boolean withGram, int iteration) {
    return (SmoothPartial) engine.advance(step, Pass.of(withGram, evalRows, null), iteration);
  }

  private void record(List<SmoothRecord> records, int iteration, double epoch, double loss,
      long start, SmoothPartial sum, double[] h, double[] h0, LinearizedModel lin,
      double[] f) {
    double lambdaMin = Double.NaN;
    double lambdaMax = Double.NaN;
    double drift = Double.NaN;
    if (h != null) {
      double[] extremes = SmoothGram.extremeEigenvalues(n * k, h);
      lambdaMin = extremes[0];
      lambdaMax = extremes[1];
      drift = PackedSymmetric.frobeniusDistance(n * k, h, h0);
    }
    SmoothRecord r = new SmoothRecord(iteration, epoch, loss,
        (System.nanoTime() - start) / 1_000_000L, lambdaMin, lambdaMax, drift, sum.maxMove(),
        Math.sqrt(sum.sumSquaredMoveW() + sum.sumSquaredMoveV()),
        Math.sqrt(sum.sumSquaredMoveW()), Math.sqrt(sum.sumSquaredMoveV()),
        lin == null ? Double.NaN : lin.distanceTo(f));
    records.add(r);
    if (settings.listener() != null) {
      settings.listener().onRecord(r);
    }
  }

  private double checked(double loss, double initialLoss, int t, double eta, double lambdaMax0) {
    if (!Double.isFinite(loss) || (initialLoss > 0
        && loss > settings.divergenceFactor() * initialLoss)) {
      String bound = lambdaMax0 > 0 ? String.format(Locale.ROOT,
          "; the gd stable bound is 2 / lambda_max = %.4g", 2 / lambdaMax0) : "";
      throw new TrainingDivergedException("diverged: the loss is " + loss + " (it started at "
          + initialLoss + ") after " + t + " steps with step size eta = " + eta + bound
          + ": lower --lr");
    }
    return loss;
  }

  /** 0.5 ||F - Y||_F^2 (widenet's convention; the paper's loss (16) is twice this). */
  private double loss(double[] f) {
    double s = 0.0;
    for (int a = 0; a < f.length; a++) {
      double d = f[a] - y[a];
      s += d * d;
    }
    return 0.5 * s;
  }

  private double[] residual(double[] f) {
    double[] r = new double[f.length];
    for (int a = 0; a < f.length; a++) {
      r[a] = f[a] - y[a];
    }
    return r;
  }

  /** F_B - Y_B for batch outputs fb (|B| x k). */
  private double[] batchResidual(double[] fb, int[] batch) {
    int b = batch.length;
    double[] r = new double[b * k];
    for (int c = 0; c < k; c++) {
      for (int t = 0; t < b; t++) {
        r[c * b + t] = fb[c * b + t] - y[c * n + batch[t]];
      }
    }
    return r;
  }

  /** Rows {@code rows} of an n x k column-major matrix. */
  static double[] gather(double[] m, int n, int[] rows) {
    int k = m.length / n;
    double[] out = new double[rows.length * k];
    for (int c = 0; c < k; c++) {
      for (int t = 0; t < rows.length; t++) {
        out[c * rows.length + t] = m[c * n + rows[t]];
      }
    }
    return out;
  }
}
