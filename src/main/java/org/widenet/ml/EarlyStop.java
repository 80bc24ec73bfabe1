package org.widenet.ml;

/**
 * The tol rule, and how a fit's listener stops the trainer when it is met: the listener throws
 * this from {@code onIteration(t)}, before the trainer takes its next step, so the engine still
 * holds the weights of iteration t; the fit catches it and keeps those weights.
 */
final class EarlyStop extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Why a fit stopped, as the summary records it. */
  static final String MAX_ITER = "maxIter";
  static final String EPOCHS = "epochs";
  static final String TOL = "tol";

  final int iteration;

  EarlyStop(int iteration) {
    super("tol met at iteration " + iteration, null, false, false);
    this.iteration = iteration;
  }

  /**
   * Whether tol is met at a loss after the one before it: tol > 0 and the relative decrease
   * (previous - loss) / previous is at most tol (an increase counts), or the loss is 0.
   */
  static boolean met(double previous, double loss, double tol) {
    return tol > 0 && (loss == 0 || previous - loss <= tol * previous);
  }
}
