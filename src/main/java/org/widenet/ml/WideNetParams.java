package org.widenet.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.widenet.model.ModelFamily;
import org.widenet.model.NetworkSpec;
import org.widenet.train.GramMode;
import org.widenet.train.GramSettings;
import org.widenet.train.OptimizerKind;
import org.widenet.train.StepForm;
import org.widenet.train.TrainConfig;

/**
 * The Params every widenet stage shares, as default methods over one
 * {@link WideNetParamSet} per instance (Java's stand-in for Spark's shared-param traits).
 * Spark finds them by reflection, so they show in {@code explainParams()} and are saved.
 */
public interface WideNetParams extends DeepLastParams {

  /** The Param objects of this instance. */
  WideNetParamSet paramSet();

  default DoubleParam divergenceFactor() {
    return paramSet().divergenceFactor;
  }

  default DoubleParam cgTol() {
    return paramSet().cgTol;
  }

  default IntParam cgMaxIter() {
    return paramSet().cgMaxIter;
  }

  default IntParam lanczosSteps() {
    return paramSet().lanczosSteps;
  }

  default IntParam preconditionerRank() {
    return paramSet().preconditionerRank;
  }

  default IntParam preconditionerEvery() {
    return paramSet().preconditionerEvery;
  }

  default LongParam driverGramLimit() {
    return paramSet().driverGramLimit;
  }

  default DoubleParam lrConstant() {
    return paramSet().lrConstant;
  }

  default Param<String> init() {
    return paramSet().init;
  }

  default DoubleParam omegaRatio() {
    return paramSet().omegaRatio;
  }

  default BooleanParam lazy() {
    return paramSet().lazy;
  }

  default LongParam driverCollectLimit() {
    return paramSet().driverCollectLimit;
  }

  default DoubleParam tol() {
    return paramSet().tol;
  }

  default Param<String> validationIndicatorCol() {
    return paramSet().validationIndicatorCol;
  }

  /** Spark's features column Param (from the Predictor and PredictionModel bases). */
  Param<String> featuresCol();

  /** Spark's label column Param. */
  Param<String> labelCol();

  /** Spark's prediction column Param. */
  Param<String> predictionCol();

  default Param<String> model() {
    return paramSet().model;
  }

  default Param<String> activation() {
    return paramSet().activation;
  }

  default LongParam width() {
    return paramSet().width;
  }

  default Param<String> optimizer() {
    return paramSet().optimizer;
  }

  default IntParam epochs() {
    return paramSet().epochs;
  }

  default IntParam batchSize() {
    return paramSet().batchSize;
  }

  default DoubleParam stepSize() {
    return paramSet().stepSize;
  }

  default DoubleParam damping() {
    return paramSet().damping;
  }

  default IntParam maxIter() {
    return paramSet().maxIter;
  }

  default IntParam numBlocks() {
    return paramSet().numBlocks;
  }

  default LongParam seed() {
    return paramSet().seed;
  }

  default DoubleParam initScale() {
    return paramSet().initScale;
  }

  default BooleanParam symmetricInit() {
    return paramSet().symmetricInit;
  }

  default BooleanParam scaleLabels() {
    return paramSet().scaleLabels;
  }

  default IntParam gramEvery() {
    return paramSet().gramEvery;
  }

  default Param<String> gram() {
    return paramSet().gram;
  }

  default Param<String> stepForm() {
    return paramSet().stepForm;
  }

  default Param<String> checkpointDir() {
    return paramSet().checkpointDir;
  }

  default IntParam checkpointInterval() {
    return paramSet().checkpointInterval;
  }

  default IntParam aggregationDepth() {
    return paramSet().aggregationDepth;
  }

  default LongParam broadcastThreshold() {
    return paramSet().broadcastThreshold;
  }

  String getFeaturesCol();

  String getLabelCol();

  String getPredictionCol();

  default String getModel() {
    return $(model());
  }

  default long getWidth() {
    return (Long) $(width());
  }

  default String getActivation() {
    return $(activation());
  }

  default String getOptimizer() {
    return $(optimizer());
  }

  default int getEpochs() {
    return (Integer) $(epochs());
  }

  default int getBatchSize() {
    return (Integer) $(batchSize());
  }

  /** The step size; NaN when unset (automatic: see the stepSize Param). */
  default double getStepSize() {
    return isDefined(stepSize()) ? (Double) $(stepSize()) : Double.NaN;
  }

  default double getDamping() {
    return (Double) $(damping());
  }

  default int getMaxIter() {
    return (Integer) $(maxIter());
  }

  default int getNumBlocks() {
    return (Integer) $(numBlocks());
  }

  default long getSeed() {
    return (Long) $(seed());
  }

  default double getInitScale() {
    return (Double) $(initScale());
  }

  default boolean getSymmetricInit() {
    return (Boolean) $(symmetricInit());
  }

  default boolean getScaleLabels() {
    return (Boolean) $(scaleLabels());
  }

  default int getGramEvery() {
    return (Integer) $(gramEvery());
  }

  default String getGram() {
    return $(gram());
  }

  default String getStepForm() {
    return $(stepForm());
  }

  default String getCheckpointDir() {
    return $(checkpointDir());
  }

  default int getCheckpointInterval() {
    return (Integer) $(checkpointInterval());
  }

  default int getAggregationDepth() {
    return (Integer) $(aggregationDepth());
  }

  default long getBroadcastThreshold() {
    return (Long) $(broadcastThreshold());
  }

  default double getDivergenceFactor() {
    return (Double) $(divergenceFactor());
  }

  default double getCgTol() {
    return (Double) $(cgTol());
  }

  default int getCgMaxIter() {
    return (Integer) $(cgMaxIter());
  }

  default int getLanczosSteps() {
    return (Integer) $(lanczosSteps());
  }

  default int getPreconditionerRank() {
    return (Integer) $(preconditionerRank());
  }

  default int getPreconditionerEvery() {
    return (Integer) $(preconditionerEvery());
  }

  default long getDriverGramLimit() {
    return (Long) $(driverGramLimit());
  }

  default double getLrConstant() {
    return (Double) $(lrConstant());
  }

  default String getInit() {
    return $(init());
  }

  /** omegaRatio; NaN when unset (the init preset's). */
  default double getOmegaRatio() {
    return isDefined(omegaRatio()) ? (Double) $(omegaRatio()) : Double.NaN;
  }

  default boolean getLazy() {
    return (Boolean) $(lazy());
  }

  default long getDriverCollectLimit() {
    return (Long) $(driverCollectLimit());
  }

  default double getTol() {
    return (Double) $(tol());
  }

  default String getValidationIndicatorCol() {
    return $(validationIndicatorCol());
  }

  /** Copies every explicitly set param of {@code other} into this; returns this. */
  @SuppressWarnings("unchecked")
  default <T extends WideNetParams> T copyParamsFrom(WideNetParams other) {
    scala.collection.Iterator<org.apache.spark.ml.param.ParamPair<?>> it =
        other.paramMap().toSeq().iterator();
    while (it.hasNext()) {
      org.apache.spark.ml.param.ParamPair<?> pair = it.next();
      set(getParam(pair.param().name()), pair.value());
    }
    return (T) this;
  }

  /** The network these params describe (IllegalArgumentException naming the param). */
  default NetworkSpec networkSpec() {
    try {
      return new NetworkSpec(ModelFamily.parse($(model())), (Long) $(width()),
          (Double) $(initScale()), (Long) $(seed()), (Boolean) $(symmetricInit()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage().replace("--width", "width")
          .replace("--symmetric-init", "symmetricInit").replace("--init-scale", "initScale"));
    }
  }

  /** The trainer configuration for a block count, with the exact Gram. */
  default TrainConfig trainConfig(int blocks) {
    return trainConfig(blocks, GramSettings.EXACT);
  }

  /**
   * The trainer configuration for a block count and n training rows: the gram param resolved
   * (auto is exact when the driver's Gram path fits driverGramLimit, by default 60% of this
   * JVM's heap), the matrix-free settings from cgTol, cgMaxIter, lanczosSteps and the
   * preconditioner Params.
   */
  default TrainConfig trainConfig(int blocks, int n) {
    String mode = getGram();
    long limit = getDriverGramLimit() > 0 ? getDriverGramLimit()
        : (long) (0.6 * Runtime.getRuntime().maxMemory());
    boolean exact = mode.equals("exact") || (mode.equals("auto")
        && GramSettings.exactDriverBytes(n, Math.min(blocks, 16), false) <= limit);
    return trainConfig(blocks, exact ? GramSettings.EXACT
        : new GramSettings(GramMode.MATRIX_FREE, getCgTol(), getCgMaxIter(), getLanczosSteps())
            .withPreconditioner(getPreconditionerRank(), getPreconditionerEvery()));
  }

  private TrainConfig trainConfig(int blocks, GramSettings gramSettings) {
    // sgd runs MiniBatchTrainer, which reads only the network and divergence factor of this.
    OptimizerKind opt = getOptimizer().equals("sgd") ? OptimizerKind.GD
        : OptimizerKind.parse(getOptimizer());
    double eta = isDefined(stepSize()) ? (Double) $(stepSize())
        : opt == OptimizerKind.GD ? TrainConfig.AUTO : 1.0;
    return new TrainConfig(networkSpec(), opt, eta, (Double) $(damping()),
        (Integer) $(maxIter()), (Integer) $(gramEvery()), blocks, getDivergenceFactor(),
        gramSettings).withStepForm(StepForm.parse(getStepForm()));
  }
}
