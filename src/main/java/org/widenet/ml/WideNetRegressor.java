package org.widenet.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Trains a wide two-layer network (relu2, exp2, smooth2), or the last layer of a deep one
 * (deep-last), on a DataFrame of (features Vector, numeric label) with widenet's
 * neuron-partitioned engine; a Spark {@link Regressor}, so it works in Pipelines,
 * CrossValidator and with Spark's evaluators. Params and defaults are the CLI's (see
 * {@link WideNetParams}).
 *
 * <pre>{@code
 * WideNetRegressionModel model = new WideNetRegressor().setWidth(20000).setMaxIter(200)
 *     .fit(assembled);
 * }</pre>
 */
public class WideNetRegressor
    extends Regressor<Vector, WideNetRegressor, WideNetRegressionModel>
    implements WideNetEstimator<WideNetRegressor>, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;
  private transient java.util.List<WideNetFitListener> listeners;

  public WideNetRegressor() {
    this(Identifiable.randomUID("wideNetRegressor"));
  }

  public WideNetRegressor(String uid) {
    this(PendingUid.park(uid), 0);
  }

  private WideNetRegressor(String uid, int parked) {
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
  public WideNetRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    return super.fit(dataset);
  }

  @Override
  public WideNetRegressionModel train(Dataset<?> dataset) {
    ModelCore core = WideNetFit.train(dataset, this, false, fitListeners());
    WideNetRegressionModel model = new WideNetRegressionModel(uid, core);
    DeepLastFitting.recordResolved(this, model, core);
    return model;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, null, true);
  }

  @Override
  public WideNetRegressor copy(ParamMap extra) {
    WideNetRegressor copy = defaultCopy(extra);
    copy.fitListeners().addAll(fitListeners());
    return copy;
  }

  @Override
  public MLWriter write() {
    return new EstimatorWriter(this);
  }

  public static MLReader<WideNetRegressor> read() {
    return new EstimatorReader<>(WideNetRegressor.class);
  }

  public static WideNetRegressor load(String path) {
    return read().load(path);
  }
}
