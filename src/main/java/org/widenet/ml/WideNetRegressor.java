package org.widenet.ml;

import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * Trains a wide two-layer network on a DataFrame of (features Vector, numeric label) with
 * widenet's neuron-partitioned engine; the Estimator for notebooks and Pipelines. Params and
 * defaults are the CLI's (see {@link WideNetParams}).
 *
 * <pre>{@code
 * WideNetRegressionModel model = new WideNetRegressor().setWidth(20000).setMaxIter(200)
 *     .fit(assembled);
 * }</pre>
 */
public class WideNetRegressor
    extends WideNetEstimatorBase<WideNetRegressionModel, WideNetRegressor> {
  private static final long serialVersionUID = 1L;

  public WideNetRegressor() {
    this(Identifiable.randomUID("wideNetRegressor"));
  }

  public WideNetRegressor(String uid) {
    super(uid);
  }

  @Override
  boolean classifier() {
    return false;
  }

  @Override
  WideNetRegressionModel newModel(String uid, ModelCore core) {
    return new WideNetRegressionModel(uid, core);
  }

  public static MLReader<WideNetRegressor> read() {
    return new EstimatorReader<>(WideNetRegressor.class);
  }

  public static WideNetRegressor load(String path) {
    return read().load(path);
  }
}
