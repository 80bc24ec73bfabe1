package org.widenet.ml;

import org.apache.spark.ml.classification.Classifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A classifier. Binary with relu2, exp2 or deep-last, trained as Arora et al. (2019) do:
 * squared loss on +-1 targets (labels 0/1 map to -1/+1; -1/+1 are used as they are); the
 * model's rawPrediction is the Vector [-f(x), f(x)] of the network output f and its prediction
 * the class of f's sign. Multi-class with softmax2 (k outputs on one-hot targets), which is the
 * default when the model Param is not set and the label column holds more than two classes
 * (relu2 stays the default for two), or with smooth2 (k outputs on one-vs-all +-1 targets);
 * either predicts the argmax. A Spark {@link Classifier}, so OneVsRest, CrossValidator and Spark's evaluators
 * take it. Same Params as {@link WideNetRegressor}.
 */
public class WideNetClassifier
    extends Classifier<Vector, WideNetClassifier, WideNetClassificationModel>
    implements WideNetEstimator<WideNetClassifier>, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;
  private transient java.util.List<WideNetFitListener> listeners;

  public WideNetClassifier() {
    this(Identifiable.randomUID("wideNetClassifier"));
  }

  public WideNetClassifier(String uid) {
    this(PendingUid.park(uid), 0);
  }

  private WideNetClassifier(String uid, int parked) {
    this.uid = uid;
    PendingUid.clear();
    this.params = new WideNetParamSet(this);
    params.setDefaults(this);
  }

  @Override
  public WideNetParamSet paramSet() {
    return params;
  }

  @Override
  public java.util.List<WideNetFitListener> fitListeners() {
    if (listeners == null) {
      listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    }
    return listeners;
  }

  @Override
  public String uid() {
    return PendingUid.of(uid);
  }

  /** Checks the columns with widenet's messages first, then fits as every Predictor does. */
  @Override
  public WideNetClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return super.fit(dataset);
  }

  /** The model Param unset, k > 2 classes train softmax2, and the model records it. */
  @Override
  public WideNetClassificationModel train(Dataset<?> dataset) {
    ModelCore core = WideNetFit.train(dataset, this, true, fitListeners());
    WideNetClassificationModel model = new WideNetClassificationModel(uid, core);
    if (core.held != null && !isSet(model())) {
      model.set(model.model(), core.held.family());
    }
    DeepLastFitting.recordResolved(this, model, core);
    return model;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, getRawPredictionCol(), true);
  }

  @Override
  public WideNetClassifier copy(ParamMap extra) {
    WideNetClassifier copy = defaultCopy(extra);
    copy.fitListeners().addAll(fitListeners());
    return copy;
  }

  @Override
  public MLWriter write() {
    return new EstimatorWriter(this);
  }

  public static MLReader<WideNetClassifier> read() {
    return new EstimatorReader<>(WideNetClassifier.class);
  }

  public static WideNetClassifier load(String path) {
    return read().load(path);
  }
}
