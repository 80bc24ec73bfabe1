package org.widenet.smooth;

import java.util.ArrayList;
import java.util.List;
import org.widenet.train.BlockEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.MiniBatchTrainer;
import org.widenet.train.OptimizerKind;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * smooth2's training: full-batch gradient descent (on the one driver loop, {@link Trainer}
 * with {@link SmoothMath}) or mini-batch SGD on both layers, the Jacobian Gram diagnostics,
 * Lemma 3's quantities at initialization and, alongside, the linearized model of lazy training.
 *
 * <p>GD: iteration t is one engine pass that applies step t - 1 and evaluates every row.
 * SGD ({@link org.widenet.train.MiniBatchTrainer}): epoch e visits the seeded batches; each
 * step is one engine pass that applies the batch's update (batch indices and batch residual
 * travel) and evaluates the next batch's rows, the last step of an epoch evaluates every row,
 * so full-batch metrics are logged every epoch without an extra pass.
 */
public final class SmoothTrainer {
  private final SmoothSpec spec;
  private final SmoothSettings settings;
  private final double[] x;
  private final double[] y;
  private final int n;
  private final int k;
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
   * Trains on the engine, from initialization or from a resume point, calling {@code hook}
   * after every checked gd iteration or sgd epoch. Gradient descent runs on the one driver loop
   * ({@link Trainer} with {@link SmoothMath}); sgd on the one mini-batch loop ({@link
   * MiniBatchTrainer}), checkpointed at epoch ends.
   *
   * @throws IllegalArgumentException for a resume point with the linearized model (its state
   *     is not checkpointed)
   */
  public SmoothTrainResult run(BlockEngine engine, CheckpointHook hook, ResumePoint resume) {
    if (settings.optimizer() == SmoothOptimizer.SGD && gram.isMatrixFree()) {
      throw new IllegalArgumentException("smooth2's sgd forms its Gram (--gram exact)");
    }
    if (resume != null && settings.lazy()) {
      throw new IllegalArgumentException("a run with the linearized model (lazy) cannot be "
          + "resumed: its state is not checkpointed; use --no-lazy");
    }
    if (settings.optimizer() == SmoothOptimizer.SGD) {
      return runSgd(engine, hook, resume);
    }
    if (settings.lazy() && gram.isMatrixFree()) {
      throw new IllegalArgumentException("the linearized model (lazy) needs the formed Gram: "
          + "use --no-lazy with --gram matrix-free");
    }
    return runGd(engine, hook, resume);
  }

  private SmoothTrainResult runGd(BlockEngine engine, CheckpointHook hook, ResumePoint resume) {
    SmoothMath math = new SmoothMath(spec, x, n);
    TrainConfig loop = new TrainConfig(null, OptimizerKind.GD, settings.learningRate(), 0.0,
        settings.iterations(), settings.gramEvery(), engine.numBlocks(),
        settings.divergenceFactor(), gram);
    List<SmoothRecord> records = new ArrayList<>();
    Extras extras = new Extras(math, records, resume == null ? 0
        : resume.state().iteration(), false, 0);
    TrainResult r = new Trainer(loop, math, y, n).run(engine, extras, hook, resume);
    return new SmoothTrainResult(r.initialLoss(), r.finalLoss(), settings.iterations(),
        r.learningRate(), r.initialLambdaMin(), r.initialLambdaMax(), extras.lemma3, records,
        r.finalPredictions(), extras.lin == null ? null : extras.lin.outputs());
  }

  /**
   * smooth2's columns beyond the common ones, from the forward share of each iteration: the
   * movement of W and V apart, Lemma 3 at initialization and the linearized model's distance.
   */
  private final class Extras implements TrainingListener {
    private final SmoothMath math;
    private final List<SmoothRecord> records;
    private final int first;
    private final boolean sgd;
    private final int firstEpoch;
    private double eta = Double.NaN;
    private SmoothGram.Lemma3 lemma3;
    private LinearizedModel lin;

    /** @param sgd whether the records are epochs of mini-batch steps ({@link #onBatchStep}) */
    /**
     * @param first the iteration a resumed run starts from (0 for a new run)
     * @param firstEpoch the epoch of sgd's first record (0, or a resumed run's next epoch)
     */
    Extras(SmoothMath math, List<SmoothRecord> records, int first, boolean sgd,
        int firstEpoch) {
      this.firstEpoch = firstEpoch;
      this.math = math;
      this.records = records;
      this.first = first;
      this.sgd = sgd;
    }

    @Override
    public void onBatchStep(int[] batch, double rate) {
      if (lin != null) {
        lin.stepBatch(rate, batch);
      }
    }

    @Override
    public void onLearningRate(double rate, boolean automatic) {
      eta = rate;
      if (settings.listener() != null) {
        settings.listener().onLearningRate(rate, automatic);
      }
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
      } else if (lin != null && !sgd && r.iteration() > first) {
        lin.stepAll(eta);
      }
      SmoothRecord record = new SmoothRecord(r.iteration(),
          sgd ? firstEpoch + records.size() : Double.NaN,
          r.loss(),
          r.elapsedMs(), r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.maxMove(), r.froMove(),
          Math.sqrt(sum.sumSquaredMoveW()), Math.sqrt(sum.sumSquaredMoveV()),
          lin == null ? Double.NaN : lin.distanceTo(f));
      records.add(record);
      if (settings.listener() != null) {
        settings.listener().onRecord(record);
      }
    }
  }

  /** Mini-batch SGD by epochs on {@link MiniBatchTrainer} (see the class comment). */
  private SmoothTrainResult runSgd(BlockEngine engine, CheckpointHook hook,
      ResumePoint resume) {
    SmoothMath math = new SmoothMath(spec, x, n);
    List<SmoothRecord> records = new ArrayList<>();
    MiniBatchTrainer trainer = new MiniBatchTrainer(math, settings.learningRate(),
        settings.epochs(), settings.batchSize(), settings.seed(), settings.divergenceFactor(),
        y, n).withGram(settings.gramEvery(), gram);
    int first = resume == null ? 0 : resume.state().iteration();
    Extras extras = new Extras(math, records, first, true,
        resume == null ? 0 : first / trainer.stepsPerEpoch() + 1);
    TrainResult r = trainer.run(engine, extras, hook, resume);
    return new SmoothTrainResult(r.initialLoss(), r.finalLoss(), r.iterations(),
        r.learningRate(), r.initialLambdaMin(), r.initialLambdaMax(), extras.lemma3, records,
        r.finalPredictions(), extras.lin == null ? null : extras.lin.outputs());
  }
}
