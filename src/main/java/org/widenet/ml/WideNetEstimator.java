package org.widenet.ml;

/**
 * The fluent setters of widenet's Params, shared by {@link WideNetRegressor} and
 * {@link WideNetClassifier} (which extend different Spark bases, so they share these as an
 * interface). The column setters are Spark's, from the Predictor and Classifier bases.
 *
 * @param <S> the concrete estimator, returned by every setter
 */
public interface WideNetEstimator<S extends WideNetEstimator<S>> extends WideNetParams {

  @SuppressWarnings("unchecked")
  private S self() {
    return (S) this;
  }

  default S setModel(String value) {
    set(model(), value);
    return self();
  }

  default S setActivation(String value) {
    set(activation(), value);
    return self();
  }

  default S setWidth(long value) {
    set(width(), value);
    return self();
  }

  default S setOptimizer(String value) {
    set(optimizer(), value);
    return self();
  }

  default S setEpochs(int value) {
    set(epochs(), value);
    return self();
  }

  default S setBatchSize(int value) {
    set(batchSize(), value);
    return self();
  }

  default S setStepSize(double value) {
    set(stepSize(), value);
    return self();
  }

  default S setDamping(double value) {
    set(damping(), value);
    return self();
  }

  default S setMaxIter(int value) {
    set(maxIter(), value);
    return self();
  }

  default S setNumBlocks(int value) {
    set(numBlocks(), value);
    return self();
  }

  default S setSeed(long value) {
    set(seed(), value);
    return self();
  }

  default S setInitScale(double value) {
    set(initScale(), value);
    return self();
  }

  default S setSymmetricInit(boolean value) {
    set(symmetricInit(), value);
    return self();
  }

  default S setScaleLabels(boolean value) {
    set(scaleLabels(), value);
    return self();
  }

  default S setGramEvery(int value) {
    set(gramEvery(), value);
    return self();
  }

  /** exact, matrix-free or auto (the default); see the README's "Large n" section. */
  default S setGram(String value) {
    set(gram(), value);
    return self();
  }

  /** auto (the default), weights or span: how relu2 blocks step ({@code --step-form}). */
  default S setStepForm(String value) {
    set(stepForm(), value);
    return self();
  }

  default S setCheckpointDir(String value) {
    set(checkpointDir(), value);
    return self();
  }

  default S setCheckpointInterval(int value) {
    set(checkpointInterval(), value);
    return self();
  }

  default S setAggregationDepth(int value) {
    set(aggregationDepth(), value);
    return self();
  }

  default S setBroadcastThreshold(long value) {
    set(broadcastThreshold(), value);
    return self();
  }

  default S setDivergenceFactor(double value) {
    set(divergenceFactor(), value);
    return self();
  }

  default S setCgTol(double value) {
    set(cgTol(), value);
    return self();
  }

  default S setCgMaxIter(int value) {
    set(cgMaxIter(), value);
    return self();
  }

  default S setLanczosSteps(int value) {
    set(lanczosSteps(), value);
    return self();
  }

  default S setPreconditionerRank(int value) {
    set(preconditionerRank(), value);
    return self();
  }

  default S setPreconditionerEvery(int value) {
    set(preconditionerEvery(), value);
    return self();
  }

  default S setDriverGramLimit(long value) {
    set(driverGramLimit(), value);
    return self();
  }

  default S setLrConstant(double value) {
    set(lrConstant(), value);
    return self();
  }

  default S setInit(String value) {
    set(init(), value);
    return self();
  }

  default S setOmegaRatio(double value) {
    set(omegaRatio(), value);
    return self();
  }

  default S setLazy(boolean value) {
    set(lazy(), value);
    return self();
  }

  default S setDriverCollectLimit(long value) {
    set(driverCollectLimit(), value);
    return self();
  }

  /** Early stopping; see the tol Param. */
  default S setTol(double value) {
    set(tol(), value);
    return self();
  }

  /** A boolean column whose true rows are held out and scored every iteration. */
  default S setValidationIndicatorCol(String value) {
    set(validationIndicatorCol(), value);
    return self();
  }

  /** deep-last: the layers L. */
  default S setDepth(int value) {
    set(depth(), value);
    return self();
  }

  default S setAlpha(double value) {
    set(alpha(), value);
    return self();
  }

  default S setThreshold(double value) {
    set(threshold(), value);
    return self();
  }

  default S setGnMethod(String value) {
    set(gnMethod(), value);
    return self();
  }

  default S setSketchSize(int value) {
    set(sketchSize(), value);
    return self();
  }

  default S setSketchSeed(long value) {
    set(sketchSeed(), value);
    return self();
  }

  default S setExactCheck(boolean value) {
    set(exactCheck(), value);
    return self();
  }

  default S setResidualTol(double value) {
    set(residualTol(), value);
    return self();
  }

  /** The listeners this estimator's fits call (not a Param: neither copied to models nor saved). */
  java.util.List<WideNetFitListener> fitListeners();

  /**
   * Adds a listener that every later fit calls once per iteration on the driver (copies made
   * by CrossValidator and the like keep it). Not saved with the estimator.
   */
  default S addListener(WideNetFitListener listener) {
    fitListeners().add(java.util.Objects.requireNonNull(listener, "listener"));
    return self();
  }

  default S removeListener(WideNetFitListener listener) {
    fitListeners().remove(listener);
    return self();
  }
}
