package org.widenet.softmax;

import org.widenet.train.BlockEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.IterationRecord;
import org.widenet.train.MiniBatchTrainer;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.TrainingListener;

/**
 * Mini-batch SGD for softmax2: {@link MiniBatchTrainer}, the one mini-batch loop, with
 * {@link SoftmaxMath} as the family's side. Epoch e visits {@link
 * org.widenet.train.BatchOrder#batches} (seeded shuffle, the same order for every block
 * count), and each step is a gradient step of 0.5 ||F_B - Y_B||_F^2, summed over the batch, so
 * batch size n is exactly one gradient descent iteration.
 *
 * <p>Each step is one engine pass: the driver broadcasts the batch indices, the batch residual
 * F_B - Y_B and the batch rows' log-normalizers log alpha_i and averages &lt;a_l, S_i&gt;; every
 * block applies W_b -= eta J_{b,B}^T (F_B - Y_B) from the batch rows only and returns its
 * max-shifted sums on the next batch's rows (the state the next step needs). The last step of
 * an epoch returns the sums on every row, so the full-batch loss is known (and logged) after
 * every epoch: one record per epoch, iteration = steps so far. The Gram columns are empty (no
 * Gram diagnostics for sgd). A loss that is not finite, or grows past {@link
 * TrainConfig#DEFAULT_DIVERGENCE_FACTOR} times its start, stops the run.
 */
public final class SoftmaxSgdTrainer {
  private final SoftmaxSpec spec;
  private final SoftmaxSgdConfig config;
  private final double[] x;
  private final double[] y;
  private final int n;
  private final int d;

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
    this.x = x;
    this.y = y;
    this.n = n;
    this.d = d;
  }

  /** Trains on the engine (at initialization), reporting epoch 0 and every epoch. */
  public SoftmaxSgdResult run(BlockEngine engine, TrainingListener listener) {
    return run(engine, listener, CheckpointHook.NONE, null);
  }

  /**
   * Trains from initialization or from a checkpoint at an epoch's end, calling {@code hook}
   * after every epoch ({@link MiniBatchTrainer#run(BlockEngine, TrainingListener,
   * CheckpointHook, ResumePoint)}). A resumed run's losses hold NaN for the epochs before
   * the checkpoint's but the first (the initial loss, from the checkpoint).
   */
  public SoftmaxSgdResult run(BlockEngine engine, TrainingListener listener, CheckpointHook hook,
      ResumePoint resume) {
    SoftmaxFamily.requireSpec(engine, spec);
    TrainingListener out = listener == null ? r -> { } : listener;
    MiniBatchTrainer trainer = new MiniBatchTrainer(new SoftmaxMath(spec, x, n, d, 1.0),
        config.learningRate(), config.epochs(), config.batchSize(), config.seed(),
        TrainConfig.DEFAULT_DIVERGENCE_FACTOR, y, n);
    double[] losses = new double[config.epochs() + 1];
    java.util.Arrays.fill(losses, Double.NaN);
    int[] epoch = {0};
    if (resume != null) {
      losses[0] = resume.state().initialLoss();
      epoch[0] = resume.state().iteration() / trainer.stepsPerEpoch() + 1;
    }
    TrainingListener collect = new TrainingListener() {
      @Override
      public void onIteration(IterationRecord r) {
        losses[epoch[0]++] = r.loss();
        out.onIteration(r);
      }

      @Override
      public void onLearningRate(double eta, boolean automatic) {
        out.onLearningRate(eta, automatic);
      }
    };
    TrainResult r = trainer.run(engine, collect, hook, resume);
    return new SoftmaxSgdResult(losses, r.iterations(), r.learningRate(), r.finalPredictions());
  }
}
