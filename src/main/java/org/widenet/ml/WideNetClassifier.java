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
 * A binary classifier trained as Arora et al. (2019) do: squared loss on +-1 targets
 * (labels 0/1 map to -1/+1; -1/+1 are used as they are). The model's rawPrediction is the
 * network output and its prediction the class of its sign, so Spark's
 * BinaryClassificationEvaluator works on it. Same Params as {@link WideNetRegressor}.
 */
public class WideNetClassifier extends Estimator<WideNetClassificationModel>
    implements WideNetParams, MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final WideNetParamSet params;

  public WideNetClassifier() {
    this(Identifiable.randomUID("wideNetClassifier"));
  }

  public WideNetClassifier(String uid) {
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

  @Override
  public WideNetClassificationModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    WideNetFit.Fitted fitted = WideNetFit.fit(dataset, this, true);
    WideNetClassificationModel model = new WideNetClassificationModel(uid, new ModelCore(fitted,
        WideNetFit.fanIn(this, fitted.numBlocks())));
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ModelCore.outputSchema(schema, this, true, true);
  }

  @Override
  public WideNetClassifier copy(ParamMap extra) {
    return (WideNetClassifier) defaultCopy(extra);
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

  public WideNetClassifier setFeaturesCol(String value) {
    set(featuresCol(), value);
    return this;
  }

  public WideNetClassifier setLabelCol(String value) {
    set(labelCol(), value);
    return this;
  }

  public WideNetClassifier setPredictionCol(String value) {
    set(predictionCol(), value);
    return this;
  }

  public WideNetClassifier setRawPredictionCol(String value) {
    set(rawPredictionCol(), value);
    return this;
  }

  public WideNetClassifier setModel(String value) {
    set(model(), value);
    return this;
  }

  public WideNetClassifier setWidth(long value) {
    set(width(), value);
    return this;
  }

  public WideNetClassifier setOptimizer(String value) {
    set(optimizer(), value);
    return this;
  }

  public WideNetClassifier setStepSize(double value) {
    set(stepSize(), value);
    return this;
  }

  public WideNetClassifier setDamping(double value) {
    set(damping(), value);
    return this;
  }

  public WideNetClassifier setMaxIter(int value) {
    set(maxIter(), value);
    return this;
  }

  public WideNetClassifier setNumBlocks(int value) {
    set(numBlocks(), value);
    return this;
  }

  public WideNetClassifier setSeed(long value) {
    set(seed(), value);
    return this;
  }

  public WideNetClassifier setInitScale(double value) {
    set(initScale(), value);
    return this;
  }

  public WideNetClassifier setSymmetricInit(boolean value) {
    set(symmetricInit(), value);
    return this;
  }

  public WideNetClassifier setGramEvery(int value) {
    set(gramEvery(), value);
    return this;
  }

  public WideNetClassifier setBroadcastThreshold(long value) {
    set(broadcastThreshold(), value);
    return this;
  }
}
