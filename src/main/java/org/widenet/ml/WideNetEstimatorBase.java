package org.widenet.ml;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * What the regressor and the classifier share: the params and their fluent setters, the fit
 * (see {@link WideNetFit}), schema checks and saving the unfitted stage.
 *
 * @param <M> the model this estimator fits
 * @param <E> the concrete estimator type, returned by the setters
 */
public abstract class WideNetEstimatorBase<M extends WideNetModelBase<M>,
    E extends WideNetEstimatorBase<M, E>> extends Estimator<M>
    implements WideNetParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;

  WideNetEstimatorBase(String uid) {
    this.uid = uid;
    this.params = new WideNetParamSet(this);
    params.setDefaults(this);
  }

  /** Whether labels are binary classes (trained as +-1 targets). */
  abstract boolean classifier();

  /** A model of the concrete type around fitted state. */
  abstract M newModel(String uid, ModelCore core);

  @SuppressWarnings("unchecked")
  private E self() {
    return (E) this;
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
  public M fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    WideNetFit.Fitted fitted = WideNetFit.fit(dataset, this, classifier());
    M model = newModel(uid, new ModelCore(fitted, WideNetFit.fanIn(this,
        fitted.numBlocks())));
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, classifier(), true);
  }

  @Override
  @SuppressWarnings("unchecked")
  public E copy(ParamMap extra) {
    return (E) defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new EstimatorWriter(this);
  }

  public E setFeaturesCol(String value) {
    set(featuresCol(), value);
    return self();
  }

  public E setLabelCol(String value) {
    set(labelCol(), value);
    return self();
  }

  public E setPredictionCol(String value) {
    set(predictionCol(), value);
    return self();
  }

  public E setRawPredictionCol(String value) {
    set(rawPredictionCol(), value);
    return self();
  }

  public E setModel(String value) {
    set(model(), value);
    return self();
  }

  public E setWidth(long value) {
    set(width(), value);
    return self();
  }

  public E setOptimizer(String value) {
    set(optimizer(), value);
    return self();
  }

  public E setStepSize(double value) {
    set(stepSize(), value);
    return self();
  }

  public E setDamping(double value) {
    set(damping(), value);
    return self();
  }

  public E setMaxIter(int value) {
    set(maxIter(), value);
    return self();
  }

  public E setNumBlocks(int value) {
    set(numBlocks(), value);
    return self();
  }

  public E setSeed(long value) {
    set(seed(), value);
    return self();
  }

  public E setInitScale(double value) {
    set(initScale(), value);
    return self();
  }

  public E setSymmetricInit(boolean value) {
    set(symmetricInit(), value);
    return self();
  }

  public E setScaleLabels(boolean value) {
    set(scaleLabels(), value);
    return self();
  }

  public E setGramEvery(int value) {
    set(gramEvery(), value);
    return self();
  }

  /** exact, matrix-free or auto (the default); see the README's "Large n" section. */
  public E setGram(String value) {
    set(gram(), value);
    return self();
  }

  public E setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return self();
  }

  public E setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return self();
  }

  public E setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return self();
  }

  public E setBroadcastThreshold(long value) {
    set(broadcastThreshold(), value);
    return self();
  }
}
