package org.widenet.ml;

import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What the regression and classification models share: the params, the fitted state, the
 * transform (see {@link WideNetPrediction} for where the weights go) and persistence.
 *
 * @param <M> the concrete model type
 */
public abstract class WideNetModelBase<M extends WideNetModelBase<M>> extends Model<M>
    implements WideNetParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;
  final ModelCore core;

  WideNetModelBase(String uid, ModelCore core) {
    this.uid = uid;
    this.params = new WideNetParamSet(this);
    params.setDefaults(this);
    this.core = core;
  }

  /** Whether transform adds rawPrediction and maps the output to a class. */
  abstract boolean classifier();

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
    return core.transform(dataset, this, classifier());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, classifier(), false);
  }

  void requireFitted() {
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
    requireFitted();
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
}
