package org.widenet.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * A fitted wide binary classifier: {@code transform} appends the network output f(x) as
 * rawPrediction and the class of its sign as prediction (in the label encoding it was
 * trained with: 0/1 or -1/+1). Saves and loads like {@link WideNetRegressionModel}.
 */
public class WideNetClassificationModel extends WideNetModelBase<WideNetClassificationModel> {
  private static final long serialVersionUID = 1L;

  /**
   * An unfitted placeholder, for Spark Connect's service loader only: get real models from
   * {@code fit} or {@link #load(String)}.
   */
  public WideNetClassificationModel() {
    this(Identifiable.randomUID("wideNetClassificationModel"), null);
  }

  WideNetClassificationModel(String uid, ModelCore core) {
    super(uid, core);
  }

  @Override
  boolean classifier() {
    return true;
  }

  @Override
  public WideNetClassificationModel copy(ParamMap extra) {
    WideNetClassificationModel copy = new WideNetClassificationModel(uid(), core);
    copyValues(copy, extra);
    return parent() == null ? copy : copy.setParent(parent());
  }

  public static MLReader<WideNetClassificationModel> read() {
    return new ModelReaders.Reader<>("wideNetClassificationModel",
        WideNetClassificationModel::new);
  }

  public static WideNetClassificationModel load(String path) {
    return read().load(path);
  }
}
