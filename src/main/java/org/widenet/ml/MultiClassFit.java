package org.widenet.ml;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.widenet.model.DenseInputs;
import org.widenet.report.Provenance;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxSgdConfig;
import org.widenet.softmax.SoftmaxSgdTrainer;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.spark.SparkEngine;
import org.widenet.train.OptimizerKind;

/**
 * The native multi-class fit: a softmax2 network with one output per class, trained on
 * one-hot targets with squared loss on the Spark engine by the softmax family's own trainers
 * (gd, gn or sgd), as {@code widenet train --model softmax2} trains it.
 */
final class MultiClassFit {
  private MultiClassFit() {}

  static ModelCore train(Dataset<?> df, WideNetParams p, FrameData data,
      List<WideNetFitListener> listeners) {
    org.apache.spark.sql.types.StructField label = FrameData.field(df.schema(),
        p.getLabelCol(), "labelCol");
    int k = ClassLabels.numClasses(label, data);
    FrameData held = data.validation;
    double[] y = ClassLabels.oneHot(data.labels, k);
    long wide = p.getWidth();
    if (wide > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("width " + wide + " is too large for softmax2");
    }
    SoftmaxSpec spec;
    try {
      spec = new SoftmaxSpec((int) wide, k, p.getInitScale(), p.getSeed(), true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("--width", "width")
          .replace("--init-scale", "initScale"), e);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    int blocks = p.getNumBlocks() > 0 ? p.getNumBlocks()
        : (int) Math.max(1, Math.min(jsc.defaultParallelism(), spec.width() / 2));
    double eta;
    boolean sgd = p.getOptimizer().equals("sgd");
    // SoftmaxSgdTrainer reports once per epoch (iteration = steps so far).
    ProgressLog listener = new ProgressLog("WideNetClassifier softmax2 " + p.getOptimizer(),
        sgd ? (long) p.getEpochs() * ((data.n + p.getBatchSize() - 1) / p.getBatchSize())
        : p.getMaxIter(), p.getTol(), listeners);
    Map<String, Object> provenance = new LinkedHashMap<>();
    Provenance.describe(provenance);
    provenance.put("n", data.n);
    provenance.put("d", data.d);
    provenance.put("k", k);
    provenance.put("seed", spec.seed());
    provenance.put("started_at", Instant.now().toString());
    List<SoftmaxBlock> fitted;
    try (SparkEngine engine = new SparkEngine(jsc, new SoftmaxFamily(spec), blocks,
        new DenseInputs(data.x, data.n, data.d), SparkEngine.Options.defaults())) {
      if (held != null) {
        listener.validateWith(ValidationLoss.softmax(engine, spec.width(), held.x, held.n,
            ClassLabels.oneHot(held.labels, k)));
      }
      try {
        eta = run(engine, spec, p, data, y, listener, sgd);
      } catch (EarlyStop stop) {
        eta = sgd ? p.getStepSize() : listener.learningRate();
      }
      fitted = engine.<SoftmaxBlock>blocks().collect();
    }
    provenance.put("finished_at", Instant.now().toString());
    TrainingSummary summary = listener.summary(eta, provenance,
        sgd ? EarlyStop.EPOCHS : EarlyStop.MAX_ITER);
    return ModelCore.held(new HeldNetwork(spec, data.d, fitted), blocks,
        summary.iterations(), summary, provenance);
  }

  /** Trains on the engine; returns the step size used. */
  private static double run(SparkEngine engine, SoftmaxSpec spec, WideNetParams p,
      FrameData data, double[] y, ProgressLog listener, boolean sgd) {
    if (sgd) {
      SoftmaxSgdConfig config = new SoftmaxSgdConfig(requireStepSize(p), p.getEpochs(),
          p.getBatchSize(), spec.seed());
      config.requireFits(data.n);
      return new SoftmaxSgdTrainer(spec, config, data.x, y, data.n, data.d)
          .run(engine, listener).learningRate();
    }
    // The nk x nk Gram is formed only when asked for: gramEvery set, Gauss-Newton, or an
    // automatic step size (which needs lambda_max at t = 0).
    SoftmaxTrainConfig config = new SoftmaxTrainConfig(p.getMaxIter(), p.getStepSize(),
        p.getLrConstant(), OptimizerKind.parse(p.getOptimizer()),
        p.getDamping(), p.isSet(p.gramEvery()) ? p.getGramEvery() : 0);
    return new SoftmaxTrainer(spec, config, data.x, y, data.n, data.d)
        .run(engine, listener, null, 0).learningRate();
  }

  private static double requireStepSize(WideNetParams p) {
    if (!p.isDefined(p.stepSize())) {
      throw new IllegalArgumentException("optimizer sgd needs stepSize (the automatic step "
          + "size is gd's)");
    }
    return p.getStepSize();
  }
}
