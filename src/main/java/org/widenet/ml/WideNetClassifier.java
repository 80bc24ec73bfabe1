package org.widenet.ml;

import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * A binary classifier trained as Arora et al. (2019) do: squared loss on +-1 targets
 * (labels 0/1 map to -1/+1; -1/+1 are used as they are). The model's rawPrediction is the
 * network output and its prediction the class of its sign, so Spark's
 * BinaryClassificationEvaluator works on it. Same Params as {@link WideNetRegressor}.
 */
public class WideNetClassifier
    extends WideNetEstimatorBase<WideNetClassificationModel, WideNetClassifier> {
  private static final long serialVersionUID = 1L;

  public WideNetClassifier() {
    this(Identifiable.randomUID("wideNetClassifier"));
  }

  public WideNetClassifier(String uid) {
    super(uid);
  }

  @Override
  boolean classifier() {
    return true;
  }

  @Override
  WideNetClassificationModel newModel(String uid, ModelCore core) {
    return new WideNetClassificationModel(uid, core);
  }

  public static MLReader<WideNetClassifier> read() {
    return new EstimatorReader<>(WideNetClassifier.class);
  }

  public static WideNetClassifier load(String path) {
    return read().load(path);
  }
}
