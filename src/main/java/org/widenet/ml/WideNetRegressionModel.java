package org.widenet.ml;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * A fitted wide network: {@code transform} appends the network output f(x) as the prediction
 * column; saves in the CLI's model layout and loads models that {@code widenet train} saved.
 */
public class WideNetRegressionModel extends WideNetModelBase<WideNetRegressionModel> {
  private static final long serialVersionUID = 1L;

  /**
   * An unfitted placeholder, for Spark Connect's service loader only: get real models from
   * {@code fit} or {@link #load(String)}.
   */
  public WideNetRegressionModel() {
    this(Identifiable.randomUID("wideNetRegressionModel"), null);
  }

  WideNetRegressionModel(String uid, ModelCore core) {
    super(uid, core);
  }

  @Override
  boolean classifier() {
    return false;
  }

  @Override
  public WideNetRegressionModel copy(ParamMap extra) {
    WideNetRegressionModel copy = new WideNetRegressionModel(uid(), core);
    copyValues(copy, extra);
    return parent() == null ? copy : copy.setParent(parent());
  }

  public static MLReader<WideNetRegressionModel> read() {
    return new ModelReaders.Reader<>("wideNetRegressionModel", WideNetRegressionModel::new);
  }

  public static WideNetRegressionModel load(String path) {
    return read().load(path);
  }
}
