package org.widenet.scaling;

/**
 * Follows the records of one scaling run, whatever the family: the loss and the Gram's spectrum
 * at t = 0, the last record's loss, movement and drift, and the first iteration whose loss is
 * at most {@code targetLoss} times the initial one (the reach). With {@code stop} the run ends
 * there: {@link #record} throws {@link TargetReached}, which the trial catches.
 */
final class RunTracker {
  private final double targetLoss;
  private final boolean stop;
  private final long start = System.nanoTime();
  private double initialLoss = Double.NaN;
  private double lambdaMin0 = Double.NaN;
  private double lambdaMax0 = Double.NaN;
  private double loss = Double.NaN;
  private double maxMove = Double.NaN;
  private double froMove = Double.NaN;
  private double drift = Double.NaN;
  private int reach = -1;

  /**
   * @param targetLoss the target as a fraction of the initial loss
   * @param stop whether the run ends at the reach iteration
   */
  RunTracker(double targetLoss, boolean stop) {
    this.targetLoss = targetLoss;
    this.stop = stop;
  }

  /**
   * One reported iteration.
   *
   * @throws TargetReached at the reach iteration, when the run stops there
   */
  void record(int iteration, double loss, double lambdaMin, double lambdaMax, double maxMove,
      double froMove, double drift) {
    if (iteration == 0) {
      initialLoss = loss;
      lambdaMin0 = lambdaMin;
      lambdaMax0 = lambdaMax;
    }
    this.loss = loss;
    this.maxMove = maxMove;
    this.froMove = froMove;
    this.drift = drift;
    if (reach < 0 && loss <= targetLoss * initialLoss) {
      reach = iteration;
      if (stop) {
        throw new TargetReached(iteration);
      }
    }
  }

  /** The run as it ended (at the reach iteration, or after its last iteration). */
  RunOutcome outcome(int n, long width, long seed) {
    return new RunOutcome(n, width, seed, initialLoss, loss, reach, lambdaMin0, lambdaMax0,
        maxMove, froMove, drift, seconds());
  }

  /** A run that diverged: it counts as not reaching the target, with no final values. */
  RunOutcome diverged(int n, long width, long seed) {
    return new RunOutcome(n, width, seed, initialLoss, Double.NaN, -1, lambdaMin0, lambdaMax0,
        Double.NaN, Double.NaN, Double.NaN, seconds());
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
