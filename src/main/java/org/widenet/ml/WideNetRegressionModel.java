package org.widenet.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted wide network: {@code transform} appends the network output f(x) as the prediction
 * column and {@link #predict(Vector)} computes it for one row; saves in the CLI's model layout
 * and loads models that {@code widenet train} saved.
 */
public class WideNetRegressionModel
    extends RegressionModel<Vector, WideNetRegressionModel> implements WideNetModel {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;
  final ModelCore core;

  /**
   * An unfitted placeholder, for Spark Connect's service loader only: get real models from
   * {@code fit} or {@link #load(String)}.
   */
  public WideNetRegressionModel() {
    this(Identifiable.randomUID("wideNetRegressionModel"), null);
  }

  WideNetRegressionModel(String uid, ModelCore core) {
    this(PendingUid.park(uid), core, 0);
  }

  private WideNetRegressionModel(String uid, ModelCore core, int parked) {
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
  public Dataset<Row> transform(Dataset<?> dataset) {
    return ModelCore.require(core).transform(dataset, this, null);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, null, false);
  }

  /** f(x) for one row, in the labels' units (times the scaleLabels factor). */
  @Override
  public double predict(Vector features) {
    ModelCore c = ModelCore.require(core);
    double f = c.held != null ? c.held.outputs(features).apply(0)
        : c.output(features, getBroadcastThreshold());
    return f * c.labelScale;
  }

  @Override
  public int numFeatures() {
    return ModelCore.require(core).inputDim;
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

  /** The network's outputs on the training rows at the end of the fit (for checks). */
  double[] trainingOutputs() {
    return core.trainingOutputs;
  }

  @Override
  public WideNetRegressionModel copy(ParamMap extra) {
    WideNetRegressionModel copy = new WideNetRegressionModel(uid(), core);
    copyValues(copy, extra);
    return parent() == null ? copy : copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new ModelReaders.Writer(this, ModelCore.require(core));
  }

  public static MLReader<WideNetRegressionModel> read() {
    return new ModelReaders.Reader<>("wideNetRegressionModel", WideNetRegressionModel::new);
  }

  public static WideNetRegressionModel load(String path) {
    return read().load(path);
  }
}
