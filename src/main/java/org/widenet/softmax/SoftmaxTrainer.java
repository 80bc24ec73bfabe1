package org.widenet.softmax;

import org.widenet.train.BlockEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.ResumePoint;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * softmax2's full-batch training (Gu et al. Definition 3.5) on the one driver loop: {@link
 * Trainer} with {@link SoftmaxMath}. Each iteration broadcasts the residual (or the
 * Gauss-Newton vector) with the log-normalizers and softmax averages at the current weights,
 * every block applies its own share of the update and returns its max-shifted sums at the new
 * weights, the driver merges them in log-sum-exp form, forms F and the loss. Gram diagnostics
 * (lambda_min, lambda_max and drift of J J^T) cost one extra pass where due. Adds Theorem F.2's
 * coupling error on held-out rows when asked.
 */
public final class SoftmaxTrainer {
  private final SoftmaxSpec spec;
  private final SoftmaxTrainConfig config;
  private final double[] x;
  private final double[] y;
  private final int n;
  private final int d;
  private java.util.function.ObjDoubleConsumer<Integer> couplingSink = (t, e) -> { };
  private GramSettings gram = GramSettings.EXACT;

  /**
   * @param x training inputs, n x d column-major
   * @param y training labels, n x k column-major (output l of row i at l n + i)
   */
  public SoftmaxTrainer(SoftmaxSpec spec, SoftmaxTrainConfig config, double[] x, double[] y,
      int n, int d) {
    if (x.length != n * d || y.length != n * spec.outputs()) {
      throw new IllegalArgumentException("x must be n x d = " + n + " x " + d + " and y n x k = "
          + n + " x " + spec.outputs() + ", got lengths " + x.length + " and " + y.length);
    }
    this.spec = spec;
    this.config = config;
    this.x = x;
    this.y = y;
    this.n = n;
    this.d = d;
  }

  /**
   * Receives Theorem F.2's coupling error of iteration t before the listener gets the
   * iteration's record (so a metrics column can show it).
   */
  public SoftmaxTrainer onCouplingError(java.util.function.ObjDoubleConsumer<Integer> sink) {
    this.couplingSink = sink;
    return this;
  }

  /**
   * How the Gram is had: formed on the driver (the default) or matrix-free (its products by
   * passes over the blocks: CG for gn, Lanczos for the spectrum; no nk x nk array).
   */
  public SoftmaxTrainer withGram(GramSettings settings) {
    this.gram = settings;
    return this;
  }

  /**
   * Trains on the engine (at initialization) for the configured iterations.
   *
   * @param listener receives one record per iteration, or null
   * @param xCoupling held-out inputs (rows x d) for Theorem F.2's coupling error, or null
   */
  public SoftmaxResult run(BlockEngine engine, TrainingListener listener, double[] xCoupling,
      int couplingRows) {
    return run(engine, listener, xCoupling, couplingRows, CheckpointHook.NONE, null);
  }

  /**
   * Trains on the one driver loop ({@link Trainer} with {@link SoftmaxMath}), from
   * initialization or from a resume point, calling {@code hook} after every checked iteration.
   *
   * @param listener receives one record per iteration, or null
   * @param xCoupling held-out inputs (rows x d) for Theorem F.2's coupling error, or null (a
   *     resumed run takes none)
   * @param resume where to start, or null
   * @return the losses (NaN for iterations before a resume point), the step, the spectrum at
   *     initialization and the final outputs
   */
  public SoftmaxResult run(BlockEngine engine, TrainingListener listener, double[] xCoupling,
      int couplingRows, CheckpointHook hook, ResumePoint resume) {
    SoftmaxFamily.requireSpec(engine, spec);
    if (xCoupling != null && resume != null) {
      throw new IllegalArgumentException("the coupling error needs a run from initialization");
    }
    SoftmaxMath math = new SoftmaxMath(spec, x, n, d, config.lrConstant());
    TrainConfig loop = loopConfig(engine.numBlocks());
    double[] losses = new double[config.iterations() + 1];
    java.util.Arrays.fill(losses, Double.NaN);
    Coupling coupling = xCoupling == null ? null
        : new Coupling(engine, math, xCoupling, couplingRows);
    TrainingListener recorder = new TrainingListener() {
      private double eta = Double.NaN;

      @Override
      public void onIteration(IterationRecord record) {
        losses[record.iteration()] = record.loss();
        if (coupling != null) {
          couplingSink.accept(record.iteration(), coupling.at(record.iteration(), eta));
        }
      }

      @Override
      public void onLearningRate(double rate, boolean automatic) {
        eta = rate;
      }
    };
    TrainResult r = new Trainer(loop, math, y, n).run(engine,
        listener == null ? recorder : TrainingListener.both(recorder, listener), hook, resume);
    if (resume != null) {
      losses[0] = r.initialLoss();
      losses[config.iterations()] = r.finalLoss();
    }
    return new SoftmaxResult(losses, r.learningRate(), r.initialLambdaMin(),
        r.initialLambdaMax(), r.finalPredictions(), coupling == null ? null : coupling.errors);
  }

  /** The driver loop's settings: gn's automatic step is 1. */
  private TrainConfig loopConfig(int blocks) {
    boolean gn = config.optimizer() == OptimizerKind.GN;
    double lr = config.autoRate() ? (gn ? 1.0 : TrainConfig.AUTO) : config.learningRate();
    return new TrainConfig(null, config.optimizer(), lr, config.damping(), config.iterations(),
        config.gramEvery(), blocks, TrainConfig.DEFAULT_DIVERGENCE_FACTOR, gram);
  }

  /**
   * Theorem F.2's coupling error max_l |F_ntk - F_nn| on held-out rows, one engine job per
   * iteration: the NTK model is set up from J J^T(0) and the normalizers at initialization
   * when iteration 0 is reported, and stepped with the run's step size after.
   */
  private final class Coupling {
    private final BlockEngine engine;
    private final SoftmaxMath math;
    private final double[] xCoupling;
    private final int rows;
    private final double[] errors = new double[config.iterations() + 1];
    private NtkCoupling model;

    Coupling(BlockEngine engine, SoftmaxMath math, double[] xCoupling, int rows) {
      this.engine = engine;
      this.math = math;
      this.xCoupling = xCoupling;
      this.rows = rows;
    }

    double at(int t, double eta) {
      int k = spec.outputs();
      if (t == 0) {
        double[] cross = NtkCoupling.crossKernel(engine, spec, math.lastNormalizers(), x, n, d,
            xCoupling, rows);
        model = new NtkCoupling(math.initialGram(engine), cross, y, n * k, rows * k);
      } else {
        model.step(eta);
      }
      errors[t] = model.error(Normalizers.of(SoftmaxJobs.outputsOn(engine, xCoupling, rows),
          spec.width()).outputs());
      return errors[t];
    }
  }


  static double halfSquaredNorm(double[] r) {
    double s = 0.0;
    for (double v : r) {
      s += v * v;
    }
    return 0.5 * s;
  }


}
