package org.widenet.train;

import java.util.List;
import java.util.Locale;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Pass;
import org.widenet.model.Share;

/**
 * Mini-batch SGD for any family ({@link DriverMath} is the family's side): epoch e visits
 * {@link BatchOrder#batches}, and each step is a gradient step of 0.5 ||F_B - Y_B||^2 (summed
 * over the batch, so batch size n is exactly gradient descent). Each step is one engine pass:
 * the driver broadcasts the batch's update (its rows and residual, for relu2/exp2 the residual
 * with 0 outside the batch), every block applies it and returns its outputs on the next
 * batch's rows, which is what the next step needs; the last step of an epoch returns every
 * row, so the full-batch loss is known (and reported) after every epoch. One record per epoch
 * (iteration = steps so far). With {@link #withGram} the Gram columns are filled at epoch 0,
 * every gramEvery epochs and the last (the epoch's last pass then carries the Gram shares),
 * and {@code eta} NaN means the automatic step from lambda_max(J J^T(0)); without, they are
 * empty and eta must be given. A run checkpoints at epoch ends and resumes from one
 * ({@link #run(BlockEngine, TrainingListener, CheckpointHook, ResumePoint)}).
 */
public final class MiniBatchTrainer {
  private final DriverMath math;
  private final double eta;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final double divergenceFactor;
  private final double[] y;
  private final int n;
  private int gramEvery;
  private GramSettings gram = GramSettings.EXACT;

  /**
   * relu2/exp2 ({@link ScalarMath}) without the training inputs, so without {@link #withGram};
   * y has length n.
   */
  public MiniBatchTrainer(NetworkSpec network, double eta, int epochs, int batchSize, long seed,
      double divergenceFactor, double[] y, int n) {
    this(new ScalarMath(network, null, n, 0), eta, epochs, batchSize, seed, divergenceFactor,
        y, n);
  }

  /**
   * @param eta the step size of the loss 0.5 ||F - Y||^2 (as gd's --lr)
   * @param seed the seed of the batch shuffles
   * @param y targets, n k output-major (kept by reference)
   */
  public MiniBatchTrainer(DriverMath math, double eta, int epochs, int batchSize, long seed,
      double divergenceFactor, double[] y, int n) {
    if (!Double.isNaN(eta) && (!(eta > 0) || Double.isInfinite(eta))) {
      throw new IllegalArgumentException("--lr must be a positive number for sgd, got " + eta);
    }
    if (epochs < 0 || batchSize < 1) {
      throw new IllegalArgumentException("--epochs must be >= 0 and --batch-size >= 1, got "
          + epochs + " and " + batchSize);
    }
    if (y.length != (long) n * math.outputs()) {
      throw new IllegalArgumentException("targets must hold n x k = " + n + " x "
          + math.outputs() + " numbers, got " + y.length);
    }
    this.math = math;
    this.eta = eta;
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.seed = seed;
    this.divergenceFactor = divergenceFactor;
    this.y = y;
    this.n = n;
  }

  /**
   * Reports lambda_min, lambda_max and the drift of J J^T at epoch 0, every {@code every}
   * epochs and the last (0: only at epoch 0, and only for the automatic step), reached as
   * {@code settings} say.
   */
  public MiniBatchTrainer withGram(int every, GramSettings settings) {
    if (every < 0) {
      throw new IllegalArgumentException("--gram-every must be >= 0, got " + every);
    }
    this.gramEvery = every;
    this.gram = settings;
    return this;
  }

  /** Trains on the engine (at initialization), reporting epoch 0 and every epoch. */
  public TrainResult run(BlockEngine engine, TrainingListener listener) {
    return run(engine, listener, CheckpointHook.NONE, null);
  }

  /** The steps of one epoch ({@link BatchOrder#stepsPerEpoch}). */
  public int stepsPerEpoch() {
    return BatchOrder.stepsPerEpoch(n, batchSize);
  }

  /**
   * Trains from initialization or from a resume point, calling {@code hook} after every epoch
   * that passed the divergence test (its state's iteration is the steps so far, a whole number
   * of epochs). A resumed run recomputes the outputs at the checkpoint's weights (its epoch is
   * not reported again) and takes the next epoch's batches exactly as the uninterrupted run did:
   * the batches depend on (seed, epoch) only, and a step on the weights and the batch.
   *
   * @param resume where to start (the engine holds the weights at the end of an epoch), or null
   * @throws IllegalArgumentException when the checkpoint is not at an epoch's end, or is past
   *     --epochs
   */
  public TrainResult run(BlockEngine engine, TrainingListener listener, CheckpointHook hook,
      ResumePoint resume) {
    long start = System.nanoTime();
    // The Gram schedule, in epochs: TrainConfig's rule with epochs for iterations.
    TrainConfig schedule = new TrainConfig(null, OptimizerKind.GD, eta, 0.0, epochs, gramEvery,
        1, divergenceFactor, gram);
    int order = n * math.outputs();
    DriverGram grams = gram.isMatrixFree()
        ? new MatrixFreeGram(schedule, math, engine, order, listener)
        : new ExactGram(schedule, math, engine, order,
            resume == null ? null : resume.initialGram());
    Share sum;
    double[] f;
    double initialLoss;
    DriverGram.Spectrum spectrum0;
    double step;
    int steps;
    int firstEpoch;
    long elapsedBefore = 0;
    if (resume == null) {
      sum = engine.advance(null, math.forwardPass(grams.needsShares(0, false)), 0);
      f = math.outputs(sum);
      initialLoss = loss(f);
      if (!Double.isFinite(initialLoss)) {
        throw new TrainingDivergedException("the loss is " + initialLoss
            + " at initialization");
      }
      spectrum0 = grams.observe(sum, 0, false);
      step = eta;
      if (Double.isNaN(step)) {
        if (!(spectrum0.lambdaMax() > 0)) {
          throw new IllegalStateException("--lr auto needs lambda_max(J J^T) > 0 at "
              + "initialization, got " + spectrum0.lambdaMax() + ": set --lr explicitly");
        }
        step = math.automaticStep(spectrum0.lambdaMax());
      }
      report(listener, 0, initialLoss, start, 0, sum, spectrum0);
      listener.onLearningRate(step, Double.isNaN(eta));
      steps = 0;
      firstEpoch = 1;
    } else {
      TrainerState s = resume.state();
      int perEpoch = stepsPerEpoch();
      if (s.iteration() % perEpoch != 0) {
        throw new IllegalArgumentException("the checkpoint holds step " + s.iteration()
            + ", not the end of an epoch of " + perEpoch + " steps: it was written with "
            + "another --batch-size or data");
      }
      int done = s.iteration() / perEpoch;
      if (done > epochs) {
        throw new IllegalArgumentException("the checkpoint holds epoch " + done + ", past "
            + "--epochs " + epochs + ": raise --epochs to continue");
      }
      steps = s.iteration();
      firstEpoch = done + 1;
      step = s.learningRate();
      initialLoss = s.initialLoss();
      spectrum0 = new DriverGram.Spectrum(s.initialLambdaMin(), s.initialLambdaMax(),
          Double.NaN);
      elapsedBefore = s.elapsedMs();
      // The outputs at the checkpoint's weights: what the epoch's last pass returned.
      sum = engine.advance(null, math.forwardPass(false), steps);
      f = math.outputs(sum);
      listener.onResumed(steps, loss(f));
      listener.onLearningRate(step, s.automaticRate());
    }
    double lossNow = loss(f);
    for (int e = firstEpoch; e <= epochs; e++) {
      List<int[]> batches = BatchOrder.batches(seed, e, n, batchSize);
      Share current = sum;
      int[] currentRows = null;
      for (int bi = 0; bi < batches.size(); bi++) {
        int[] batch = batches.get(bi);
        double[] fb = currentRows == null ? gather(math.outputs(current), n, batch)
            : math.outputs(current);
        double[] v = batchResidual(fb, batch);
        int[] next = bi == batches.size() - 1 ? null : batches.get(bi + 1);
        steps++;
        listener.onBatchStep(batch, step);
        Pass pass = next != null ? Pass.onRows(next)
            : math.forwardPass(grams.needsShares(e, false));
        current = engine.advance(math.update(current, currentRows, v, step, batch), pass,
            steps);
        currentRows = next;
      }
      sum = current;
      f = math.outputs(sum);
      lossNow = loss(f);
      if (!Double.isFinite(lossNow) || (initialLoss > 0
          && lossNow > divergenceFactor * initialLoss)) {
        String bound = spectrum0.lambdaMax() > 0 ? String.format(Locale.ROOT, " (the gd "
            + "stable bound is 2 / lambda_max = %.4g)", 2 / spectrum0.lambdaMax()) : "";
        throw new TrainingDivergedException(String.format(Locale.ROOT, "diverged: the loss "
            + "is %.4g (it started at %.4g) after epoch %d with step size eta = %s%s: lower "
            + "--lr", lossNow, initialLoss, e, step, bound));
      }
      long elapsedMs = report(listener, steps, lossNow, start, elapsedBefore, sum,
          grams.observe(sum, e, false));
      hook.afterIteration(new TrainerState(steps, step, Double.isNaN(eta), initialLoss,
          spectrum0.lambdaMin(), spectrum0.lambdaMax(), elapsedMs));
    }
    return new TrainResult(initialLoss, lossNow, steps, step, spectrum0.lambdaMin(),
        spectrum0.lambdaMax(), f);
  }

  /** Reports one epoch's row; returns its elapsed_ms. */
  private long report(TrainingListener listener, int steps, double loss, long start,
      long elapsedBefore, Share sum, DriverGram.Spectrum spectrum) {
    DriverMath.Movement move = math.movement(sum);
    long elapsedMs = elapsedBefore + (System.nanoTime() - start) / 1_000_000L;
    listener.onIteration(new IterationRecord(steps, loss, elapsedMs, spectrum.lambdaMin(),
        spectrum.lambdaMax(), spectrum.drift(), move.maxMove(), move.froMove(),
        move.patternChange()));
    return elapsedMs;
  }

  private double loss(double[] f) {
    double squares = 0.0;
    for (int p = 0; p < f.length; p++) {
      double r = f[p] - y[p];
      squares += r * r;
    }
    return 0.5 * squares;
  }

  /** F_B - Y_B for batch outputs fb (|B| x k, batch order). */
  private double[] batchResidual(double[] fb, int[] batch) {
    int b = batch.length;
    int k = math.outputs();
    double[] r = new double[b * k];
    for (int l = 0; l < k; l++) {
      for (int t = 0; t < b; t++) {
        r[l * b + t] = fb[l * b + t] - y[l * n + batch[t]];
      }
    }
    return r;
  }

  /** Rows {@code rows} of an n x k output-major matrix, in their order. */
  static double[] gather(double[] m, int n, int[] rows) {
    int k = m.length / n;
    double[] out = new double[rows.length * k];
    for (int l = 0; l < k; l++) {
      for (int t = 0; t < rows.length; t++) {
        out[l * rows.length + t] = m[l * n + rows[t]];
      }
    }
    return out;
  }

  /** The batches of every epoch, in order (what a run with these settings visits). */
  public List<int[]> batchesOfEpoch(int epoch) {
    return BatchOrder.batches(seed, epoch, n, batchSize);
  }
}
