package org.widenet.smooth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.widenet.math.PackedSymmetric;
import org.widenet.model.Pass;
import org.widenet.train.BatchOrder;
import org.widenet.train.BlockEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingDivergedException;
import org.widenet.train.TrainingListener;

/**
 * smooth2's training: full-batch gradient descent (on the one driver loop, {@link Trainer}
 * with {@link SmoothMath}) or mini-batch SGD on both layers, the Jacobian Gram diagnostics,
 * Lemma 3's quantities at initialization and, alongside, the linearized model of lazy training.
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
  private double[] xxt;
  private GramSettings gram = GramSettings.EXACT;

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
  }

  /**
   * How gradient descent's Gram diagnostics are had: formed on the driver (the default) or
   * matrix-free (Lanczos on products, no n k x n k array; no linearized model, no Lemma 3).
   */
  public SmoothTrainer withGram(GramSettings settings) {
    this.gram = settings;
    return this;
  }

  /** Trains on the engine (of a {@link SmoothSpec}, its blocks at initialization). */
  public SmoothTrainResult run(BlockEngine engine) {
    return run(engine, CheckpointHook.NONE, null);
  }

  /**
   * Trains on the engine, from initialization or (gd) from a resume point, calling {@code hook}
   * after every checked gd iteration. Gradient descent runs on the one driver loop ({@link
   * Trainer} with {@link SmoothMath}); sgd on its epoch loop here.
   *
   * @throws IllegalArgumentException for a resume point or a hook with sgd, or a resume point
   *     with the linearized model (its state is not checkpointed)
   */
  public SmoothTrainResult run(BlockEngine engine, CheckpointHook hook, ResumePoint resume) {
    if (settings.optimizer() == SmoothOptimizer.SGD && gram.isMatrixFree()) {
      throw new IllegalArgumentException("smooth2's sgd forms its Gram (--gram exact)");
    }
    if (settings.optimizer() == SmoothOptimizer.SGD) {
      if (resume != null || hook != CheckpointHook.NONE) {
        throw new IllegalArgumentException("smooth2's sgd runs are not checkpointed");
      }
      return runSgd(engine);
    }
    if (settings.lazy() && gram.isMatrixFree()) {
      throw new IllegalArgumentException("the linearized model (lazy) needs the formed Gram: "
          + "use --no-lazy with --gram matrix-free");
    }
    if (resume != null && settings.lazy()) {
      throw new IllegalArgumentException("a run with the linearized model (lazy) cannot be "
          + "resumed: its state is not checkpointed; use --no-lazy");
    }
    return runGd(engine, hook, resume);
  }

  private SmoothTrainResult runGd(BlockEngine engine, CheckpointHook hook, ResumePoint resume) {
    SmoothMath math = new SmoothMath(spec, x, n);
    TrainConfig loop = new TrainConfig(null, OptimizerKind.GD, settings.learningRate(), 0.0,
        settings.iterations(), settings.gramEvery(), engine.numBlocks(),
        settings.divergenceFactor(), gram);
    List<SmoothRecord> records = new ArrayList<>();
    GdExtras extras = new GdExtras(math, records, resume == null ? 0
        : resume.state().iteration());
    TrainResult r = new Trainer(loop, math, y, n).run(engine, extras, hook, resume);
    return new SmoothTrainResult(r.initialLoss(), r.finalLoss(), settings.iterations(),
        r.learningRate(), r.initialLambdaMin(), r.initialLambdaMax(), extras.lemma3, records,
        r.finalPredictions(), extras.lin == null ? null : extras.lin.outputs());
  }

  /**
   * smooth2's columns beyond the common ones, from the forward share of each iteration: the
   * movement of W and V apart, Lemma 3 at initialization and the linearized model's distance.
   */
  private final class GdExtras implements TrainingListener {
    private final SmoothMath math;
    private final List<SmoothRecord> records;
    private final int first;
    private double eta = Double.NaN;
    private SmoothGram.Lemma3 lemma3;
    private LinearizedModel lin;

    GdExtras(SmoothMath math, List<SmoothRecord> records, int first) {
      this.math = math;
      this.records = records;
      this.first = first;
    }

    @Override
    public void onLearningRate(double rate, boolean automatic) {
      eta = rate;
    }

    @Override
    public void onIteration(IterationRecord r) {
      SmoothPartial sum = math.lastShare();
      double[] f = sum.outputs();
      if (r.iteration() == 0) {
        if (settings.gramEvery() > 0 && !gram.isMatrixFree()) {
          lemma3 = SmoothGram.Lemma3.measure(spec, x, n, sum);
        }
        if (settings.lazy()) {
          if (math.initialGram() == null) {
            throw new IllegalStateException("the linearized model needs the Gram at "
                + "initialization: set --gram-every > 0, or --no-lazy");
          }
          lin = new LinearizedModel(n, k, math.initialGram(), f, y);
        }
      } else if (lin != null && r.iteration() > first) {
        lin.stepAll(eta);
      }
      SmoothRecord record = new SmoothRecord(r.iteration(), Double.NaN, r.loss(),
          r.elapsedMs(), r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.maxMove(), r.froMove(),
          Math.sqrt(sum.sumSquaredMoveW()), Math.sqrt(sum.sumSquaredMoveV()),
          lin == null ? Double.NaN : lin.distanceTo(f));
      records.add(record);
      if (settings.listener() != null) {
        settings.listener().onRecord(record);
      }
    }
  }

  /** Mini-batch SGD by epochs: each step one engine pass (see the class comment). */
  private SmoothTrainResult runSgd(BlockEngine engine) {
    long start = System.nanoTime();
    boolean gramOn = settings.gramEvery() > 0;
    if (gramOn) {
      xxt = PackedSymmetric.gramOfRows(n, spec.d0(), x);
    }
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
    record(records, 0, 0, initialLoss, start, sum, h0, h0, lin, f);
    int steps = 0;
    double lossNow = initialLoss;
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
