package org.widenet.scaling;

/**
 * One training run of the scaling study: a network of one width on n points, from one seed.
 *
 * @param n training points
 * @param width m, hidden neurons
 * @param seed the network's initialization seed
 * @param initialLoss the loss at t = 0
 * @param finalLoss the loss after the last iteration
 * @param reachIteration the first iteration t with loss(t) &lt;= eps * loss(0), or -1 if none
 *     within the budget
 * @param lambdaMin lambda_min of the Jacobian Gram J J^T at initialization
 * @param lambdaMax lambda_max of J J^T at initialization
 * @param maxMove max_r ||w_r(T) - w_r(0)|| at the end of the run (all trained weights of
 *     neuron r, for families that train more than W)
 * @param froMove ||Theta(T) - Theta(0)||_F at the end of the run
 * @param gramDrift ||H(T) - H(0)||_F at the end of the run
 * @param seconds the run's wall-clock time
 * @param dataSeed the seed of the data set of n points the run trained on (the study's
 *     --data-seed .. --data-seed + K - 1); the search fills it in ({@link #withDataSeed})
 */
public record RunOutcome(int n, long width, long seed, double initialLoss, double finalLoss,
    int reachIteration, double lambdaMin, double lambdaMax, double maxMove, double froMove,
    double gramDrift, double seconds, long dataSeed) {

  /** An outcome on data seed 0 (trials report without it; the search sets it). */
  public RunOutcome(int n, long width, long seed, double initialLoss, double finalLoss,
      int reachIteration, double lambdaMin, double lambdaMax, double maxMove, double froMove,
      double gramDrift, double seconds) {
    this(n, width, seed, initialLoss, finalLoss, reachIteration, lambdaMin, lambdaMax, maxMove,
        froMove, gramDrift, seconds, 0);
  }

  /** The same outcome, recorded as a run on data seed {@code ds}. */
  public RunOutcome withDataSeed(long ds) {
    return new RunOutcome(n, width, seed, initialLoss, finalLoss, reachIteration, lambdaMin,
        lambdaMax, maxMove, froMove, gramDrift, seconds, ds);
  }

  /** Whether the run reached the target loss within its budget. */
  public boolean reached() {
    return reachIteration >= 0;
  }
}
