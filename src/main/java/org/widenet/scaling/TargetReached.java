package org.widenet.scaling;

/**
 * Thrown from a run's listener at the first iteration whose loss is at most EPS times the
 * initial loss, to end the run there: the iterations after it cannot change whether the run
 * reached, so they are not trained. The trial catches it and reports the run as reached at
 * that iteration. No stack trace (it is control flow, not an error).
 */
final class TargetReached extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int iteration;

  TargetReached(int iteration) {
    super("reached the target at iteration " + iteration, null, false, false);
    this.iteration = iteration;
  }
}
