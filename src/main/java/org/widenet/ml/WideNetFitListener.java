package org.widenet.ml;

/**
 * Sees a fit move, for notebooks: called on the driver once per iteration (sgd: once per
 * epoch), in order from iteration 0, with the numbers the training summary records. Added
 * with {@code estimator.addListener(...)}; not a Param: it is neither saved with the
 * estimator nor with the model. An exception it throws stops the fit.
 */
@FunctionalInterface
public interface WideNetFitListener {
  /**
   * @param iteration t, the updates (sgd: steps) applied so far
   * @param loss the training loss 0.5 ||f - y||^2 at t, as in the summary's objectiveHistory
   * @param elapsedMs milliseconds since training started
   * @param validationLoss the same loss on the rows held out by validationIndicatorCol, NaN
   *     without them
   */
  void onIteration(int iteration, double loss, long elapsedMs, double validationLoss);
}
