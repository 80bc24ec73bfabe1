package org.widenet.deep;

import java.util.List;

/**
 * One row of a deep-last run's metrics.csv (NaN where a value does not apply).
 *
 * @param iteration t (row t describes f_t; its step is g_t)
 * @param loss 1/2 ||f_t - y||^2
 * @param residualNorm ||f_t - y||
 * @param contraction ||f_t - y|| / ||f_{t-1} - y|| (NaN at t = 0); the paper proves &lt;= 1/3
 * @param lambdaMin lambda_min of the exact Gram G_L at W_L(t)
 * @param lambdaMax lambda_max of the same Gram (NaN where lambdaMin is)
 * @param gramDrift ||G_L(t) - G_L(0)||_F where G_L is formed every iteration (exact, or with
 *     the exact check); NaN otherwise
 * @param rowMovement max_r ||W_{L,r}(t) - W_{L,r}(0)||
 * @param rowMovementBound R / sqrt(m) = n / (lambda_L sqrt(m)) (Lemma F.28 without its
 *     constants and log factors), with lambda_L = lambda_min(G_L(0)) / m since G_L ~ m K_L
 * @param sketchError ||G - G~||_F / ||G||_F when both were computed
 * @param activeFraction active (neuron, point) pairs of layer L over m n
 * @param cgIterations CG products taken for this step (0 for other methods)
 * @param seconds wall time of the iteration (forward pass and solve)
 */
public record DeepRecord(int iteration, double loss, double residualNorm, double contraction,
    double lambdaMin, double lambdaMax, double gramDrift, double rowMovement,
    double rowMovementBound, double sketchError, double activeFraction, int cgIterations,
    double seconds) {

  /**
   * deep-last's own metrics.csv columns, written after the nine contract columns of every
   * train run (iteration, loss, elapsed_ms, lambda_min, lambda_max, gram_drift, max_move,
   * fro_move, pattern_change; max_move is {@link #rowMovement}), in this order.
   */
  public static final List<String> EXTRAS = List.of("residual_norm", "contraction",
      "max_move_bound", "sketch_error", "active_fraction", "cg_iterations", "seconds");

  /** deep-last's metrics.csv header: the contract columns, then {@link #EXTRAS}. */
  public static final String HEADER = "iteration,loss,elapsed_ms,lambda_min,lambda_max,"
      + "gram_drift,max_move,fro_move,pattern_change," + String.join(",", EXTRAS);

  /** The value of the extra column {@code EXTRAS.get(i)} (NaN for an empty cell). */
  public double extra(int i) {
    switch (i) {
      case 0:
        return residualNorm;
      case 1:
        return contraction;
      case 2:
        return rowMovementBound;
      case 3:
        return sketchError;
      case 4:
        return activeFraction;
      case 5:
        return cgIterations;
      case 6:
        return seconds;
      default:
        throw new IndexOutOfBoundsException("no extra column " + i);
    }
  }
}
