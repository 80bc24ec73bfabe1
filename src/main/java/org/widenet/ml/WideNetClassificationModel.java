package org.widenet.ml;

import org.apache.spark.ml.classification.ClassificationModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted wide binary classifier: {@code transform} appends rawPrediction, the Vector
 * [-f(x), f(x)] of the network output f, and prediction, the class of f's sign (in the label
 * encoding it was trained with: 0/1 or -1/+1). A Spark {@link ClassificationModel}, so
 * OneVsRest and Spark's evaluators take it. Saves and loads like
 * {@link WideNetRegressionModel}.
 */
public class WideNetClassificationModel
    extends ClassificationModel<Vector, WideNetClassificationModel> implements WideNetModel {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;
  final ModelCore core;

  /**
   * An unfitted placeholder, for Spark Connect's service loader only: get real models from
   * {@code fit} or {@link #load(String)}.
   */
  public WideNetClassificationModel() {
    this(Identifiable.randomUID("wideNetClassificationModel"), null);
  }

  WideNetClassificationModel(String uid, ModelCore core) {
    this(PendingUid.park(uid), core, 0);
  }

  private WideNetClassificationModel(String uid, ModelCore core, int parked) {
    this.uid = uid;
    PendingUid.clear();
    this.params = new WideNetParamSet(this);
    params.setDefaults(this);
    this.core = core;
  }

  @Override
  public WideNetParamSet paramSet() {
    return params;
  }

  @Override
  public String uid() {
    return PendingUid.of(uid);
  }

  @Override
  public int numClasses() {
    return core == null ? 2 : core.numClasses();
  }

  @Override
  public int numFeatures() {
    return ModelCore.require(core).inputDim;
  }

  /**
   * softmax2: the k outputs; relu2/exp2: [-f(x), f(x)], whose argmax is the class of f's
   * sign.
   */
  @Override
  public Vector predictRaw(Vector features) {
    ModelCore c = ModelCore.require(core);
    if (c.held != null) {
      return c.held.outputs(features);
    }
    double f = c.output(features, getBroadcastThreshold());
    return Vectors.dense(-f, f);
  }

  /**
   * softmax2: the largest output's class; relu2/exp2: the class of the sign, in the labels'
   * encoding (0/1 or -1/+1).
   */
  @Override
  public double raw2prediction(Vector rawPrediction) {
    ModelCore c = ModelCore.require(core);
    return c.held != null ? HeldNetwork.argmax(rawPrediction)
        : c.encoding.label(rawPrediction.apply(1));
  }

  @Override
  public double predict(Vector features) {
    return raw2prediction(predictRaw(features));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    return ModelCore.require(core).transform(dataset, this, getRawPredictionCol());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, getRawPredictionCol(), false);
  }

  @Override
  public void unpersist() {
    if (core != null) {
      core.unpersist();
    }
  }

  @Override
  public boolean hasSummary() {
    return core != null && core.summary != null;
  }

  @Override
  public TrainingSummary summary() {
    return ModelCore.summary(core);
  }

  @Override
  public WideNetClassificationModel copy(ParamMap extra) {
    WideNetClassificationModel copy = new WideNetClassificationModel(uid(), core);
    copyValues(copy, extra);
    return parent() == null ? copy : copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelReaders.Writer(this, ModelCore.require(core));
  }

  public static MLReader<WideNetClassificationModel> read() {
    return new ModelReaders.Reader<>("wideNetClassificationModel",
        WideNetClassificationModel::new);
  }

  public static WideNetClassificationModel load(String path) {
    return read().load(path);
  }
}
