package org.widenet.ml;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted wide network: {@code transform} appends the network output f(x) as the prediction
 * column (see {@link WideNetPrediction} for where the weights go); saves in the CLI's model
 * layout and loads models that {@code widenet train} saved.
 */
public class WideNetRegressionModel extends Model<WideNetRegressionModel>
    implements WideNetParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;
  private final ModelCore core;

  /**
   * An unfitted placeholder, for Spark Connect's service loader only: get real models from
   * {@code fit} or {@link #load(String)}.
   */
  public WideNetRegressionModel() {
    this(org.apache.spark.ml.util.Identifiable.randomUID("wideNetRegressionModel"), null);
  }

  WideNetRegressionModel(String uid, ModelCore core) {
    this.uid = uid;
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
    return uid;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    requireFitted();
    return core.transform(dataset, this, false);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, false, false);
  }

  @Override
  public WideNetRegressionModel copy(ParamMap extra) {
    WideNetRegressionModel copy = new WideNetRegressionModel(uid, core);
    copyValues(copy, extra);
    return parent() == null ? copy : copy.setParent(parent());
  }

  private void requireFitted() {
    if (core == null) {
      throw new IllegalStateException("this model holds no weights: get one from fit or load");
    }
  }

  /** Whether a training summary is available (only after a fit in this session). */
  public boolean hasSummary() {
    return core != null && core.summary != null;
  }

  /** The training summary; IllegalStateException for a loaded model. */
  public TrainingSummary summary() {
    if (!hasSummary()) {
      throw new IllegalStateException("no training summary: this model was loaded, not fit");
    }
    return core.summary;
  }

  /** The number of input features the model was trained on. */
  public int numFeatures() {
    return core.inputDim;
  }

  /** The network's outputs on the training rows at the end of the fit (for checks). */
  double[] trainingOutputs() {
    return core.trainingOutputs;
  }

  @Override
  public MLWriter write() {
    requireFitted();
    return new ModelReaders.Writer(this, core);
  }

  public static MLReader<WideNetRegressionModel> read() {
    return new ModelReaders.Reader<>("wideNetRegressionModel", WideNetRegressionModel::new);
  }

  public static WideNetRegressionModel load(String path) {
    return read().load(path);
  }
}
