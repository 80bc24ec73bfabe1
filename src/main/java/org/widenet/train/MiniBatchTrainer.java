package org.widenet.train;

import java.util.List;
import java.util.Locale;
import org.widenet.math.Activation;
import org.widenet.model.BlockPartial;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Step;

/**
 * Mini-batch SGD for the relu2 and exp2 families (their input layer W trained, as
 * {@link Trainer} does for gd): epoch e visits {@link BatchOrder#batches}, and each step is a
 * gradient step of 0.5 ||f_B - y_B||^2 (summed over the batch, so batch size n is exactly
 * gradient descent). The step reuses the full-batch block kernels with the residual set to 0
 * outside the batch, which gives the batch gradient exactly; each step is therefore one engine
 * pass over all n rows (the cost of a gd iteration, not of B rows), and the full-batch loss is
 * known after every step. One metrics row per epoch (iteration = steps so far); the Gram
 * columns are empty.
 *
 * <p>{@link Trainer} and its gd are untouched by this class.
 */
public final class MiniBatchTrainer {
  private final NetworkSpec network;
  private final double eta;
  private final int epochs;
  private final int batchSize;
  private final long seed;
  private final double divergenceFactor;
  private final double[] y;
  private final int n;

  /**
   * @param eta the step size of the loss 0.5 ||f - y||^2 (as gd's --lr)
   * @param seed the seed of the batch shuffles
   * @param y targets, length n (kept by reference)
   */
  public MiniBatchTrainer(NetworkSpec network, double eta, int epochs, int batchSize, long seed,
      double divergenceFactor, double[] y, int n) {
    if (!(eta > 0) || Double.isInfinite(eta)) {
      throw new IllegalArgumentException("--lr must be a positive number for sgd, got " + eta);
    }
    if (epochs < 0 || batchSize < 1) {
      throw new IllegalArgumentException("--epochs must be >= 0 and --batch-size >= 1, got "
          + epochs + " and " + batchSize);
    }
    this.network = network;
    this.eta = eta;
    this.epochs = epochs;
    this.batchSize = batchSize;
    this.seed = seed;
    this.divergenceFactor = divergenceFactor;
    this.y = y;
    this.n = n;
  }

  /** Trains on the engine (at initialization), reporting epoch 0 and every epoch. */
  public TrainResult run(BlockEngine engine, TrainingListener listener) {
    long start = System.nanoTime();
    double scale = network.outputScale();
    double pairs = (double) n * network.width();
    boolean relu = network.family().activation() == Activation.RELU;
    BlockPartial sum = engine.advance(null, false, 0);
    double[] f = OrderedSum.scaledOutputs(sum, scale);
    double initialLoss = loss(f);
    report(listener, 0, initialLoss, start, sum, relu, pairs);
    double lossNow = initialLoss;
    int steps = 0;
    for (int e = 1; e <= epochs; e++) {
      for (int[] batch : BatchOrder.batches(seed, e, n, batchSize)) {
        double[] s = new double[n];
        for (int i : batch) {
          s[i] = f[i] - y[i];
        }
        steps++;
        sum = engine.advance(new Step(s, eta * scale), false, steps);
        f = OrderedSum.scaledOutputs(sum, scale);
      }
      lossNow = loss(f);
      if (!Double.isFinite(lossNow) || (initialLoss > 0
          && lossNow > divergenceFactor * initialLoss)) {
        throw new TrainingDivergedException(String.format(Locale.ROOT, "diverged: the loss "
            + "is %.4g (it started at %.4g) after epoch %d with step size eta = %s: lower --lr",
            lossNow, initialLoss, e, eta));
      }
      report(listener, steps, lossNow, start, sum, relu, pairs);
    }
    return new TrainResult(initialLoss, lossNow, steps, eta, Double.NaN, Double.NaN, f);
  }

  private static void report(TrainingListener listener, int steps, double loss, long start,
      BlockPartial sum, boolean relu, double pairs) {
    listener.onIteration(new IterationRecord(steps, loss, (System.nanoTime() - start)
        / 1_000_000L, Double.NaN, Double.NaN, Double.NaN, sum.maxMove(),
        Math.sqrt(sum.sumSquaredMove()), relu ? sum.patternChanges() / pairs : Double.NaN));
  }

  private double loss(double[] f) {
    double squares = 0.0;
    for (int i = 0; i < n; i++) {
      double r = f[i] - y[i];
      squares += r * r;
    }
    return 0.5 * squares;
  }

  /** The batches of every epoch, in order (what a run with these settings visits). */
  public List<int[]> batchesOfEpoch(int epoch) {
    return BatchOrder.batches(seed, epoch, n, batchSize);
  }
}
