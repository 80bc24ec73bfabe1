package org.widenet.ml;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.SparkEngine;
import org.widenet.train.MiniBatchTrainer;
import org.widenet.train.OrderedSum;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;

/**
 * The fit shared by the regressor and the classifier: validate, collect the (small) training
 * set to the driver, train on the Spark engine, and hand the trained blocks to the model.
 */
final class WideNetFit {
  /** What a fit produces. */
  record Fitted(JavaRDD<NeuronBlock> blocks, NetworkSpec spec, int inputDim, int numBlocks,
      LabelEncoding encoding, double[] trainingOutputs, TrainingSummary summary,
      List<Broadcast<?>> broadcasts) {}

  private WideNetFit() {}

  static int fanIn(WideNetParams p, int blocks) {
    return (Integer) p.$(p.aggregationDepth()) == 1 ? Math.max(2, blocks)
        : OrderedSum.DEFAULT_FAN_IN;
  }

  /**
   * Fits and wraps the result as a model's state. A classifier whose model Param is not set
   * trains softmax2 when the label column holds more than two classes, relu2 otherwise.
   */
  static ModelCore train(Dataset<?> df, WideNetParams p, boolean classifier,
      List<WideNetFitListener> listeners) {
    FrameData data = collect(df, p);
    String model = family(df, p, classifier, data);
    if (model.equals("softmax2")) {
      if (!classifier) {
        throw new IllegalArgumentException("model softmax2 is the multi-class classifier's "
            + "model: use WideNetClassifier (a regressor trains relu2 or exp2)");
      }
      return MultiClassFit.train(df, p, data, listeners);
    }
    if (model.equals(DeepLastFitting.MODEL)) {
      return DeepLastFitting.train(df, p, data, classifier, listeners);
    }
    if (model.equals("smooth2")) {
      return SmoothFitting.train(df, p, data, classifier, listeners);
    }
    Fitted fitted = fit(df, p, classifier, data, listeners);
    return new ModelCore(fitted, fanIn(p, fitted.numBlocks()));
  }

  /** The family a fit trains: the model Param, or a classifier's default for its labels. */
  static String family(Dataset<?> df, WideNetParams p, boolean classifier, FrameData data) {
    if (!classifier || p.isSet(p.model())) {
      return p.getModel();
    }
    return ClassLabels.moreThanTwo(FrameData.field(df.schema(), p.getLabelCol(), "labelCol"),
        data.labels) ? "softmax2" : p.getModel();
  }

  private static FrameData collect(Dataset<?> df, WideNetParams p) {
    org.widenet.spark.SparkSessions.requireKryo(df.sparkSession().sparkContext().getConf());
    FrameData.requireVector(df.schema(), p.getFeaturesCol());
    FrameData.requireCollectable(df, p.getFeaturesCol(), p.getDriverCollectLimit());
    return FrameData.collect(df, p.getFeaturesCol(), p.getLabelCol(),
        p.getValidationIndicatorCol());
  }

  private static Fitted fit(Dataset<?> df, WideNetParams p, boolean classifier,
      FrameData data, List<WideNetFitListener> listeners) {
    boolean sgd = p.getOptimizer().equals("sgd");
    if (sgd && !p.isDefined(p.stepSize())) {
      throw new IllegalArgumentException("optimizer sgd needs stepSize (the automatic step "
          + "size is gd's)");
    }
    FitTargets targets = FitTargets.of(p, data, classifier);
    double[] y = targets.y();
    double labelScale = targets.labelScale();
    FrameData held = data.validation;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(df.sparkSession().sparkContext());
    NetworkSpec spec = p.networkSpec();
    int requested = (Integer) p.$(p.numBlocks());
    long limit = spec.symmetricInit() ? spec.width() / 2 : spec.width();
    int blocks = requested > 0 ? requested
        : (int) Math.max(1, Math.min(jsc.defaultParallelism(), limit));
    TrainConfig config = p.trainConfig(blocks, data.n);
    String checkpointDir = p.$(p.checkpointDir());
    SparkEngine.Options options = new SparkEngine.Options(checkpointDir.isEmpty() ? null
        : checkpointDir, (Integer) p.$(p.checkpointInterval()), fanIn(p, blocks));
    long total = sgd ? (long) p.getEpochs() * ((data.n + p.getBatchSize() - 1)
        / p.getBatchSize()) : p.getMaxIter();
    ProgressLog listener = new ProgressLog((classifier ? "WideNetClassifier "
        : "WideNetRegressor ") + p.getModel() + " " + p.getOptimizer(), total, p.getTol(),
        listeners);
    Map<String, Object> provenance = targets.provenance(data, spec.seed());
    SparkEngine engine = new SparkEngine(jsc, spec, blocks, data.x, data.n, data.d, options);
    if (held != null) {
      listener.validateWith(ValidationLoss.scalar(engine, held.x, held.n, targets.heldOut()));
    }
    try {
      double[] outputs;
      try {
        outputs = (sgd ? new MiniBatchTrainer(spec, p.getStepSize(), p.getEpochs(),
            p.getBatchSize(), spec.seed(), config.divergenceFactor(), y, data.n)
            .run(engine, listener)
            : new Trainer(config, data.x, y, data.n, data.d).run(engine, listener))
            .finalPredictions();
      } catch (EarlyStop stop) {
        // The engine holds the weights of the iteration that met tol.
        outputs = engine.predict(data.x, data.n);
      }
      provenance.put("finished_at", Instant.now().toString());
      for (int i = 0; i < outputs.length; i++) {
        outputs[i] *= labelScale;
      }
      JavaRDD<NeuronBlock> detached = engine.detachBlocks();
      return new Fitted(detached, spec, data.d, blocks, targets.encoding(), outputs,
          listener.summary(sgd ? p.getStepSize() : listener.learningRate(), provenance,
              sgd ? EarlyStop.EPOCHS : EarlyStop.MAX_ITER), engine.detachedBroadcasts());
    } finally {
      engine.close();
    }
  }
}
