package org.widenet.ml;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.widenet.deep.DeepActivation;
import org.widenet.deep.DeepBlock;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepRecord;
import org.widenet.deep.DeepSavedBlock;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.GnMethod;
import org.widenet.deep.LayerPass;
import org.widenet.deep.SparseColumns;
import org.widenet.spark.DeepPredictions;
import org.widenet.spark.SparkEngine;
import org.widenet.spark.SparkLayerJobs;
import org.widenet.train.CheckpointHook;
import org.widenet.train.IterationRecord;

/**
 * The deep-last fit (Song, Zhang, Zhang): the frozen layers run once as Spark jobs, giving V,
 * then the last layer is trained by Gauss-Newton ({@link DeepTrainer}) on the Spark engine, as
 * {@code widenet train --model deep-last} trains it; a regressor, or a binary classifier on
 * +-1 targets. The Params map onto the CLI's options with its defaults (maxIter unset is 10,
 * activation unset is shifted, optimizer unset is gn), and the fitted model records the values
 * used.
 */
final class DeepLastFitting {
  static final String MODEL = DeepFamily.NAME;
  /** Why a fit stopped when ||f - y|| <= residualTol ||y|| was met. */
  static final String RESIDUAL_TOL = "residualTol";

  private DeepLastFitting() {}

  static ModelCore train(Dataset<?> df, WideNetParams p, FrameData data, boolean classifier,
      List<WideNetFitListener> listeners) {
    DeepSpec spec = spec(p, data.d);
    DeepConfig config = config(p, data.n);
    FitTargets targets = FitTargets.of(p, data, classifier);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    int blocks = p.getNumBlocks() > 0 ? p.getNumBlocks()
        : Math.min(spec.width(), jsc.defaultParallelism());
    ProgressLog progress = new ProgressLog((classifier ? "WideNetClassifier "
        : "WideNetRegressor ") + MODEL + " gn " + config.method().cliName(),
        config.iterations(), p.getTol(), listeners);
    Map<String, Object> provenance = targets.provenance(data, spec.seed());
    SparseColumns v = SparkLayerJobs.run(jsc, spec, blocks,
        LayerPass.inputs(data.n, data.d, data.x)).v();
    DeepInputs inputs = new DeepInputs(v);
    String checkpointDir = p.getCheckpointDir();
    SparkEngine engine = new SparkEngine(jsc, new DeepFamily(spec), blocks, inputs,
        new SparkEngine.Options(checkpointDir.isEmpty() ? null : checkpointDir,
            p.getCheckpointInterval(), WideNetFit.fanIn(p, blocks)));
    HeldOut held = null;
    try {
      if (data.validation != null) {
        held = new HeldOut(jsc, spec, blocks, v, data.validation);
        progress.validateWith(held.loss(engine, targets.heldOut()));
      }
      double[] outputs = null;
      String ranOut = EarlyStop.MAX_ITER;
      try {
        // The log also tells of long CG solves and of preconditioner builds.
        DeepTrainer.Result result = DeepTrainer.train(engine, inputs, targets.y(), config,
            new Records(progress), CheckpointHook.NONE, null, progress);
        outputs = result.outputs();
        if (result.last().iteration() < config.iterations()) {
          ranOut = RESIDUAL_TOL;
        }
      } catch (EarlyStop stop) {
        // The engine holds the weights of the iteration that met tol.
      }
      JavaRDD<DeepSavedBlock> trained = engine.<DeepBlock>detachBlocks()
          .map(DeepSavedBlock::of);
      if (outputs == null) {
        outputs = DeepPredictions.outputs(jsc, spec, blocks, trained, v, data.x, data.n);
      }
      provenance.put("finished_at", Instant.now().toString());
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] *= targets.labelScale();
      }
      TrainingSummary summary = progress.summary(1.0, provenance, ranOut);
      DeepNetwork net = new DeepNetwork(spec, blocks, data.n, summary.iterations(), trained, v,
          data.x);
      return ModelCore.deep(net, targets.encoding(), summary, outputs, provenance,
          engine.detachedBroadcasts());
    } finally {
      engine.close();
      if (held != null) {
        held.destroy();
      }
    }
  }

  /** The network the Params describe on d features (errors name the Param). */
  static DeepSpec spec(WideNetParams p, int d) {
    if (p.isSet(p.optimizer())
        && !p.getOptimizer().equals(DeepLastParams.DEEP_LAST_OPTIMIZER)) {
      throw new IllegalArgumentException("optimizer " + p.getOptimizer() + ": deep-last "
          + "supports gn (Gauss-Newton) only; choose its solver with gnMethod "
          + "exact|tensorsrht|tensorsketch|cg");
    }
    if (p.isDefined(p.stepSize())) {
      throw new IllegalArgumentException("stepSize does not apply to deep-last: its "
          + "Gauss-Newton step is the full step (use damping to shorten it)");
    }
    long wide = p.getWidth();
    if (wide < 2 || wide > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("width must be in [2, 2^31 - 1] for deep-last, got "
          + wide);
    }
    if (p.getNumBlocks() > wide) {
      throw new IllegalArgumentException("numBlocks must be in [1, width] for deep-last (0 for "
          + "Spark's default parallelism), got " + p.getNumBlocks());
    }
    if (p.isSet(p.alpha()) && p.isDefined(p.threshold())) {
      throw new IllegalArgumentException("give alpha or threshold, not both");
    }
    DeepActivation activation = DeepActivation.parse(DeepLastParams.DEEP_LAST_ACTIVATION);
    if (p.isSet(p.activation())) {
      try {
        activation = DeepActivation.parse(p.getActivation());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("activation " + p.getActivation() + " is not a "
            + "deep-last activation: use shifted or threshold", e);
      }
    }
    int m = (int) wide;
    DeepSpec spec = p.isDefined(p.threshold())
        ? new DeepSpec(d, m, p.getDepth(), p.getThreshold(), p.getSeed())
        : DeepSpec.withAlpha(d, m, p.getDepth(), p.getAlpha(), p.getSeed());
    return spec.with(activation);
  }

  /** The trainer's settings for n training rows (errors name the Param). */
  static DeepConfig config(WideNetParams p, int n) {
    GnMethod method = GnMethod.parse(p.getGnMethod());
    int sketch = p.getSketchSize();
    if (method.isSketch() && sketch < n) {
      throw new IllegalArgumentException("sketchSize " + sketch + " is smaller than n = " + n
          + ": the sketched Gram would be singular");
    }
    if (method == GnMethod.TENSORSKETCH && Integer.bitCount(sketch) != 1) {
      throw new IllegalArgumentException("sketchSize must be a power of two for gnMethod "
          + "tensorsketch, got " + sketch);
    }
    if (!method.isSketch() && p.isSet(p.sketchSize())) {
      throw new IllegalArgumentException("sketchSize applies to gnMethod tensorsrht|"
          + "tensorsketch only");
    }
    if (method != GnMethod.CG && p.isSet(p.preconditionerRank())
        && p.getPreconditionerRank() > 0) {
      throw new IllegalArgumentException("preconditionerRank applies to gnMethod cg only");
    }
    return new DeepConfig(iterations(p), method, method.isSketch() ? sketch : 0,
        p.getDamping(), p.getResidualTol(), p.getExactCheck(), p.getCgTol(), p.getCgMaxIter(),
        p.getSketchSeed(), method == GnMethod.CG ? p.getPreconditionerRank() : 0,
        p.getPreconditionerEvery());
  }

  /** maxIter, or the CLI's deep-last default when unset. */
  static int iterations(WideNetParams p) {
    return p.isSet(p.maxIter()) ? p.getMaxIter() : DeepLastParams.DEEP_LAST_ITERATIONS;
  }

  /** Sets on a fitted model the deep-last values its unset Params stood for. */
  static void recordResolved(WideNetParams estimator, WideNetParams model, ModelCore core) {
    if (core.deep == null) {
      return;
    }
    if (!estimator.isSet(estimator.optimizer())) {
      model.set(model.optimizer(), DeepLastParams.DEEP_LAST_OPTIMIZER);
    }
    if (!estimator.isSet(estimator.maxIter())) {
      model.set(model.maxIter(), DeepLastParams.DEEP_LAST_ITERATIONS);
    }
    if (!estimator.isSet(estimator.activation())) {
      model.set(model.activation(), core.deep.spec.activation().cliName());
    }
  }

  /** The listener adapter: a {@link DeepRecord} as the summary's record (elapsed summed). */
  private static final class Records implements java.util.function.Consumer<DeepRecord> {
    private final ProgressLog progress;
    private double seconds;

    Records(ProgressLog progress) {
      this.progress = progress;
    }

    @Override
    public void accept(DeepRecord r) {
      if (!Double.isNaN(r.seconds())) {
        seconds += r.seconds();
      }
      progress.onIteration(new IterationRecord(r.iteration(), r.loss(),
          Math.round(seconds * 1e3), r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.rowMovement(),
          Double.NaN, Double.NaN));
    }
  }

  /**
   * The rows held out by validationIndicatorCol: their frozen-layer outputs V' and V^T V',
   * computed and broadcast once, so each iteration's loss on them is one job over the blocks.
   */
  private static final class HeldOut {
    private final DeepSpec spec;
    private final Broadcast<SparseColumns> vHeld;
    private final Broadcast<double[]> cross;

    HeldOut(JavaSparkContext jsc, DeepSpec spec, int blocks, SparseColumns v, FrameData rows) {
      this.spec = spec;
      SparseColumns h = SparkLayerJobs.run(jsc, spec, blocks,
          LayerPass.inputs(rows.n, rows.d, rows.x)).v();
      vHeld = jsc.broadcast(h);
      cross = jsc.broadcast(v.crossGram(h));
    }

    DoubleSupplier loss(SparkEngine engine, double[] y) {
      return () -> ValidationLoss.halfSquares(DeepPredictions.outputsOn(spec,
          engine.<DeepBlock>blocks().map(DeepSavedBlock::of), vHeld, cross), y);
    }

    void destroy() {
      vHeld.destroy();
      cross.destroy();
    }
  }
}
