package org.widenet.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

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
public class WideNetRegressor extends Estimator<WideNetRegressionModel>
    implements WideNetParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;

  public WideNetRegressor() {
    this(Identifiable.randomUID("wideNetRegressor"));
  }

  public WideNetRegressor(String uid) {
    this.uid = uid;
    this.params = new WideNetParamSet(this);
    params.setDefaults(this);
  }

  @Override
  public WideNetParamSet paramSet() {
    return params;
  }

  @Override
  public String uid() {
    return uid;
  }

  boolean isClassifier() {
    return false;
  }

  @Override
  public WideNetRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    WideNetFit.Fitted fitted = WideNetFit.fit(dataset, this, false);
    WideNetRegressionModel model = new WideNetRegressionModel(uid, new ModelCore(fitted,
        WideNetFit.fanIn(this, fitted.numBlocks())));
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, false, true);
  }

  @Override
  public WideNetRegressor copy(ParamMap extra) {
    return (WideNetRegressor) defaultCopy(extra);
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

  public WideNetRegressor setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  public WideNetRegressor setLabelCol(String value) {
    set(labelCol(), value);
    return this;
  }

  public WideNetRegressor setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  public WideNetRegressor setModel(String value) {
    set(model(), value);
    return this;
  }

  public WideNetRegressor setWidth(long value) {
    set(width(), value);
    return this;
  }

  public WideNetRegressor setOptimizer(String value) {
    set(optimizer(), value);
    return this;
  }

  public WideNetRegressor setStepSize(double value) {
    set(stepSize(), value);
    return this;
  }

  public WideNetRegressor setDamping(double value) {
    set(damping(), value);
    return this;
  }

  public WideNetRegressor setMaxIter(int value) {
    set(maxIter(), value);
    return this;
  }

  public WideNetRegressor setNumBlocks(int value) {
    set(numBlocks(), value);
    return this;
  }

  public WideNetRegressor setSeed(long value) {
    set(seed(), value);
    return this;
  }

  public WideNetRegressor setInitScale(double value) {
    set(initScale(), value);
    return this;
  }

  public WideNetRegressor setSymmetricInit(boolean value) {
    set(symmetricInit(), value);
    return this;
  }

  public WideNetRegressor setGramEvery(int value) {
    set(gramEvery(), value);
    return this;
  }

  public WideNetRegressor setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return this;
  }

  public WideNetRegressor setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return this;
  }

  public WideNetRegressor setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return this;
  }

  public WideNetRegressor setBroadcastThreshold(long value) {
    set(broadcastThreshold(), value);
    return this;
  }
}
