package org.widenet.deep;

/**
 * One row of a deep-last run's metrics.csv (NaN where a value does not apply).
 *
 * @param iteration t (row t describes f_t; its step is g_t)
 * @param loss 1/2 ||f_t - y||^2
 * @param residualNorm ||f_t - y||
 * @param contraction ||f_t - y|| / ||f_{t-1} - y|| (NaN at t = 0); the paper proves &lt;= 1/3
 * @param lambdaMin lambda_min of the exact Gram G_L at W_L(t)
 * @param rowMovement max_r ||W_{L,r}(t) - W_{L,r}(0)||
 * @param rowMovementBound R / sqrt(m) = n / (lambda_L sqrt(m)) (Lemma F.28 without its
 *     constants and log factors), with lambda_L = lambda_min(G_L(0)) / m since G_L ~ m K_L
 * @param sketchError ||G - G~||_F / ||G||_F when both were computed
 * @param activeFraction active (neuron, point) pairs of layer L over m n
 * @param cgIterations CG products taken for this step (0 for other methods)
 * @param seconds wall time of the iteration (forward pass and solve)
 */
public record DeepRecord(int iteration, double loss, double residualNorm, double contraction,
    double lambdaMin, double rowMovement, double rowMovementBound, double sketchError,
    double activeFraction, int cgIterations, double seconds) {

  /** The metrics.csv header, in the order of {@link #csv()}. */
  public static final String HEADER = "iteration,loss,residual_norm,contraction,lambda_min,"
      + "row_movement,row_movement_bound,sketch_error,active_fraction,cg_iterations,seconds";

  /** The record as a CSV line (empty cells for NaN). */
  public String csv() {
    return iteration + "," + cell(loss) + "," + cell(residualNorm) + "," + cell(contraction)
        + "," + cell(lambdaMin) + "," + cell(rowMovement) + "," + cell(rowMovementBound) + ","
        + cell(sketchError) + "," + cell(activeFraction) + "," + cgIterations + ","
        + cell(seconds);
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }
}
