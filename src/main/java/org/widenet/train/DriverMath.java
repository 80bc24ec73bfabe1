package org.widenet.train;

import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;

/**
 * The driver's side of a model family: what the one driver loop ({@link Trainer}) asks of it
 * between engine passes. The loop itself is family-free: it works on the n k residual
 * F - Y (output-major: output l of row i at l n + i), takes gradient-descent, Gauss-Newton
 * (exact or matrix-free) or mini-batch steps, estimates the spectrum, detects divergence and
 * reports. A family supplies, from the merged share of a forward pass:
 * <ul>
 *   <li>the outputs F ({@link #outputs}) and the movement statistics ({@link #movement});
 *   <li>the update that moves the weights by -eta J^T v ({@link #update});
 *   <li>the Jacobian Gram H = J J^T, formed ({@link #exactGram}) or only multiplied
 *       ({@link #gramTimes}).
 * </ul>
 */
public interface DriverMath {
  /** k, the outputs per row. */
  int outputs();

  /**
   * The pass that gives iteration t's forward share with (or without) what
   * {@link #exactGram} needs from it: for families whose Gram share comes out of the forward
   * pass, {@link Pass#WITH_GRAM}; for the others a plain forward pass (their exactGram runs a
   * job of its own).
   */
  Pass forwardPass(boolean withGram);

  /**
   * The pass of iteration t of the full-batch loop: {@link #forwardPass(boolean)} unless the
   * family's pass asks for something that depends on t (deep-last's sketch, seeded by t).
   */
  default Pass forwardPass(boolean withGram, int t) {
    return forwardPass(withGram);
  }

  /**
   * The family's own way to the Gram, or null (the default) for the one the configuration
   * names ({@link DriverGram#of}). deep-last's sketched Gauss-Newton is one.
   *
   * @param order n k
   * @param initialGram a resumed run's packed H(0), or null
   */
  default DriverGram gram(TrainConfig config, BlockEngine engine, int order,
      TrainingListener listener, double[] initialGram) {
    return null;
  }

  /**
   * Whether iteration t is reported (and checkpointed) after the step from its weights has
   * been solved, so that the record can describe that step (deep-last's rows: f_t and the
   * step g_t); false (the default): before, the step's solve reported with iteration t + 1.
   */
  default boolean reportsWithStep() {
    return false;
  }

  /**
   * The network's outputs on the rows the pass evaluated, rows x k output-major, as a new
   * array.
   */
  double[] outputs(Share sum);

  /** max_move, fro_move and pattern_change of a merged forward share (NaN where undefined). */
  Movement movement(Share sum);

  /**
   * The update that takes the weights whose forward share is {@code sum} one step of size
   * {@code eta} along -J^T v: v = F - Y for gradient descent, (J J^T + mu I)^{-1} (F - Y) for
   * Gauss-Newton.
   *
   * @param sum the forward share at the current weights, on {@code sumRows} (null: all rows)
   * @param v n k output-major, or |batch| k on the batch rows (in batch order) when batch is
   *     not null
   * @param batch the rows of a mini-batch step, or null for all rows
   */
  Update update(Share sum, int[] sumRows, double[] v, double eta, int[] batch);

  /**
   * The exact Jacobian Gram at the current weights, packed (order n k): from the forward
   * share's Gram share when {@link #forwardPass}(true) carries it, else by a job of its own on
   * the engine. Changes no weights.
   */
  double[] exactGram(BlockEngine engine, Share sum);

  /**
   * H v at the current weights without forming H: one pass over the blocks. Changes no
   * weights.
   *
   * @param sum the forward share at the current weights (all rows)
   * @param v length n k (not modified)
   */
  double[] gramTimes(BlockEngine engine, Share sum, double[] v);

  /**
   * H V for the {@code cols} columns of V (n k x cols, column-major) at the current weights,
   * as a new array: by default one {@link #gramTimes} pass per column; a family may take them
   * in one pass. Changes no weights.
   */
  default double[] gramTimesColumns(BlockEngine engine, Share sum, double[] v, int cols) {
    int order = v.length / cols;
    double[] out = new double[v.length];
    for (int c = 0; c < cols; c++) {
      double[] column = java.util.Arrays.copyOfRange(v, c * order, (c + 1) * order);
      System.arraycopy(gramTimes(engine, sum, column), 0, out, c * order, order);
    }
    return out;
  }

  /**
   * Whether {@link #gramColumns} forms columns of H directly (one pass for many columns), so
   * that a Nystrom preconditioner can sample columns instead of taking products.
   */
  default boolean formsGramColumns() {
    return false;
  }

  /**
   * Columns {@code rows} of H at the current weights, n k x r column-major, as a new array, by
   * as few passes over the blocks as the family allows; only when {@link #formsGramColumns}.
   * Changes no weights.
   */
  default double[] gramColumns(BlockEngine engine, Share sum, int[] rows) {
    throw new UnsupportedOperationException("this family forms no Gram columns");
  }

  /**
   * What a Gauss-Newton run that diverged should change, for the end of its message: by
   * default "raise --damping or lower --lr"; a family without --lr names its own settings.
   */
  default String gaussNewtonAdvice() {
    return "raise --damping or lower --lr";
  }

  /**
   * The automatic gradient-descent step (--lr auto) for lambda_max(J J^T) at initialization:
   * 1 / lambda_max unless the family's theory asks for another constant.
   */
  default double automaticStep(double lambdaMax) {
    return 1.0 / lambdaMax;
  }

  /**
   * Movement statistics of the trained weights since initialization.
   *
   * @param maxMove max over neurons of ||w_r(t) - w_r(0)||_2
   * @param froMove ||W(t) - W(0)||_F
   * @param patternChange the fraction of (row, neuron) activations that differ from t = 0
   *     (relu2 only; NaN elsewhere)
   */
  record Movement(double maxMove, double froMove, double patternChange) {
    /** Nothing known. */
    public static final Movement NONE = new Movement(Double.NaN, Double.NaN, Double.NaN);
  }
}
