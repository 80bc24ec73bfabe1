package org.widenet.ml;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.widenet.model.DenseInputs;
import org.widenet.smooth.InitPreset;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothBlock;
import org.widenet.smooth.SmoothListener;
import org.widenet.smooth.SmoothOptimizer;
import org.widenet.smooth.SmoothOutputs;
import org.widenet.smooth.SmoothRecord;
import org.widenet.smooth.SmoothRegression;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.spark.SparkEngine;
import org.widenet.train.IterationRecord;

/**
 * The smooth2 fit: Z = V phi(W X) with both layers trained (Song et al.) by
 * {@link SmoothTrainer} on the Spark engine, gd or sgd, as {@code widenet train --model smooth2}
 * trains it (the engine is the fit's own, as {@link SmoothRegression#fit} would make it, so
 * that held-out rows can be scored on it every iteration and tol can stop it with the weights
 * of the iteration that met it); the fitted blocks are held on the driver. A regressor has one
 * output; a classifier has one output per class, trained on one-vs-all +-1 targets, and
 * predicts the class of the largest output.
 */
final class SmoothFitting {
  private SmoothFitting() {}

  static ModelCore train(Dataset<?> df, WideNetParams p, FrameData data, boolean classifier,
      List<WideNetFitListener> listeners) {
    FitTargets targets = classifier ? FitTargets.oneVsAll(FrameData.field(df.schema(),
        p.getLabelCol(), "labelCol"), data) : FitTargets.of(p, data, false);
    int k = targets.outputs(data.n);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    int blocks = (int) Math.min(p.getWidth(), p.getNumBlocks() > 0 ? p.getNumBlocks()
        : jsc.defaultParallelism());
    boolean sgd = p.getOptimizer().equals("sgd");
    if (p.getOptimizer().equals("gn")) {
      throw new IllegalArgumentException("optimizer gn is not a smooth2 optimizer: use gd or "
          + "sgd");
    }
    ProgressLog progress = new ProgressLog((classifier ? "WideNetClassifier smooth2 "
        : "WideNetRegressor smooth2 ") + p.getOptimizer(),
        sgd ? (long) p.getEpochs() * ((data.n + p.getBatchSize() - 1) / p.getBatchSize())
        : p.getMaxIter(), p.getTol(), listeners);
    SmoothSettings settings = settings(p, sgd, blocks).withListener(new Progress(progress));
    SmoothRegression.validate(data.x, targets.y(), data.n, data.d, k);
    SmoothSpec spec = settings.spec(data.d, k);
    Map<String, Object> provenance = targets.provenance(data, p.getSeed());
    List<SmoothBlock> fitted;
    try (SparkEngine engine = new SparkEngine(jsc, spec, blocks, new DenseInputs(data.x,
        data.n, data.d), SparkEngine.Options.defaults())) {
      FrameData held = data.validation;
      if (held != null) {
        progress.validateWith(() -> ValidationLoss.halfSquares(SmoothOutputs.predict(engine,
            held.x, held.n), targets.heldOut()));
      }
      try {
        new SmoothTrainer(spec, settings, data.x, targets.y(), data.n).run(engine);
      } catch (EarlyStop stop) {
        // The engine holds the weights of the iteration that met tol.
      }
      fitted = SmoothRegression.collectBlocks(engine);
    }
    provenance.put("finished_at", Instant.now().toString());
    TrainingSummary summary = progress.summary(progress.learningRate(), provenance,
        sgd ? EarlyStop.EPOCHS : EarlyStop.MAX_ITER);
    return ModelCore.held(new HeldNetwork(spec, data.d, fitted), blocks, summary.iterations(),
        summary, provenance);
  }

  /** The CLI's smooth2 settings from the Params (errors name the Param). */
  private static SmoothSettings settings(WideNetParams p, boolean sgd, int blocks) {
    try {
      return SmoothSettings.defaults().withWidth(p.getWidth())
          .withActivation(SmoothActivation.parse(p.getActivation()))
          .withInit(InitPreset.parse(p.getInit())).withOmegaRatio(p.getOmegaRatio())
          .withOptimizer(sgd ? SmoothOptimizer.SGD : SmoothOptimizer.GD)
          .withLearningRate(p.getStepSize()).withIterations(p.getMaxIter())
          .withEpochs(p.getEpochs()).withBatchSize(p.getBatchSize()).withSeed(p.getSeed())
          .withGramEvery(p.getGramEvery()).withLazy(p.getLazy())
          .withDivergenceFactor(p.getDivergenceFactor()).withBlocks(blocks);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("--lr", "stepSize")
          .replace("--width", "width").replace("--batch-size", "batchSize"), e);
    }
  }

  /** smooth2's rows as the summary's records, and its step size, into the fit's log. */
  private record Progress(ProgressLog log) implements SmoothListener {
    @Override
    public void onRecord(SmoothRecord r) {
      log.onIteration(new IterationRecord(r.iteration(), r.loss(), r.elapsedMs(),
          r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.maxMove(), r.froMove(), Double.NaN));
    }

    @Override
    public void onLearningRate(double eta, boolean automatic) {
      log.onLearningRate(eta, automatic);
    }
  }
}
