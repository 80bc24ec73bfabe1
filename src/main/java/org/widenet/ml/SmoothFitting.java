package org.widenet.ml;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.widenet.data.LabelRange;
import org.widenet.model.ModelMetadata;
import org.widenet.report.Provenance;
import org.widenet.smooth.InitPreset;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothFit;
import org.widenet.smooth.SmoothOptimizer;
import org.widenet.smooth.SmoothRegression;
import org.widenet.smooth.SmoothSettings;
import org.widenet.train.IterationRecord;

/**
 * The smooth2 regressor's fit: Z = V phi(W X) with both layers trained (Song et al.) by
 * {@link SmoothRegression} on the Spark engine, gd or sgd, as
 * {@code widenet train --model smooth2} trains it; the fitted blocks are held on the driver.
 */
final class SmoothFitting {
  private SmoothFitting() {}

  static ModelCore train(Dataset<?> df, WideNetParams p, FrameData data,
      List<WideNetFitListener> listeners) {
    if (p.getTol() > 0 || data.validation != null) {
      throw new IllegalArgumentException("smooth2 does not support " + (p.getTol() > 0
          ? "tol" : "validationIndicatorCol") + " yet (relu2, exp2 and softmax2 do): leave it "
          + "unset for smooth2");
    }
    double[] y = data.labels;
    double labelScale = 1.0;
    if (p.getScaleLabels()) {
      labelScale = LabelRange.scaleFactor(y);
      y = LabelRange.divided(y, labelScale);
    } else {
      data.requireUnitLabels(p.getLabelCol());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    int blocks = (int) Math.min(p.getWidth(), p.getNumBlocks() > 0 ? p.getNumBlocks()
        : jsc.defaultParallelism());
    boolean sgd = p.getOptimizer().equals("sgd");
    if (p.getOptimizer().equals("gn")) {
      throw new IllegalArgumentException("optimizer gn is not a smooth2 optimizer: use gd or "
          + "sgd");
    }
    SmoothSettings settings;
    try {
      settings = SmoothSettings.defaults().withWidth(p.getWidth())
          .withActivation(SmoothActivation.parse(p.getActivation()))
          .withInit(InitPreset.parse(p.getInit())).withOmegaRatio(p.getOmegaRatio())
          .withOptimizer(sgd ? SmoothOptimizer.SGD : SmoothOptimizer.GD)
          .withLearningRate(p.getStepSize()).withIterations(p.getMaxIter())
          .withEpochs(p.getEpochs()).withBatchSize(p.getBatchSize()).withSeed(p.getSeed())
          .withGramEvery(p.getGramEvery()).withLazy(p.getLazy())
          .withDivergenceFactor(p.getDivergenceFactor()).withBlocks(blocks)
          .withSparkContext(jsc);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("--lr", "stepSize")
          .replace("--width", "width").replace("--batch-size", "batchSize"), e);
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    Provenance.describe(provenance);
    provenance.put("n", data.n);
    provenance.put("d", data.d);
    provenance.put("seed", p.getSeed());
    if (labelScale != 1.0) {
      provenance.put(ModelMetadata.LABEL_SCALE, labelScale);
    }
    provenance.put("started_at", Instant.now().toString());
    ProgressLog progress = new ProgressLog("WideNetRegressor smooth2 " + p.getOptimizer(),
        sgd ? (long) p.getEpochs() * ((data.n + p.getBatchSize() - 1) / p.getBatchSize())
        : p.getMaxIter(), 0.0, listeners);
    SmoothFit fit = SmoothRegression.fit(data.x, y, data.n, data.d, 1,
        settings.withListener(r -> progress.onIteration(new IterationRecord(r.iteration(),
            r.loss(), r.elapsedMs(), r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.maxMove(),
            r.froMove(), Double.NaN))));
    provenance.put("finished_at", Instant.now().toString());
    TrainingSummary summary = progress.summary(fit.learningRate(), provenance,
        sgd ? EarlyStop.EPOCHS : EarlyStop.MAX_ITER);
    return ModelCore.held(new HeldNetwork(fit.spec(), data.d, fit.blocks()), blocks,
        fit.result().steps(), summary, provenance);
  }
}
