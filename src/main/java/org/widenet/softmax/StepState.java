package org.widenet.softmax;

/**
 * What the driver broadcasts to every block for one pass: the global log-normalizers
 * log alpha_i and softmax averages &lt;a_l, S_i&gt; at the blocks' current weights, and
 * optionally a step matrix v and step size eta (apply W_b -= eta J_b^T v) and whether to return
 * the block's Gram share at the current weights (before the step). For mini-batch SGD the
 * arrays cover the batch rows only, and the pass returns the sums on chosen rows only. A plain
 * class rather than a record so that Kryo can ship it in a broadcast.
 */
public final class StepState {
  private final double[] logNorm;
  private final double[] aS;
  private final double[] v;
  private final double eta;
  private final boolean withGram;
  private final int[] batch;
  private final int[] evalRows;

  /**
   * @param logNorm log alpha_i at the current weights, length n
   * @param aS &lt;a_l, S_i&gt; at the current weights, n x k
   * @param v the step matrix, n x k (the residual F - Y for gradient descent), or null
   * @param eta the step size
   * @param withGram whether blocks return their packed C C^T at the current weights
   */
  public StepState(double[] logNorm, double[] aS, double[] v, double eta, boolean withGram) {
    this(logNorm, aS, v, eta, withGram, null, null);
  }

  private StepState(double[] logNorm, double[] aS, double[] v, double eta, boolean withGram,
      int[] batch, int[] evalRows) {
    this.logNorm = logNorm;
    this.aS = aS;
    this.v = v;
    this.eta = eta;
    this.withGram = withGram;
    this.batch = batch;
    this.evalRows = evalRows;
  }

  /**
   * A mini-batch SGD step: W -= eta J_B^T v_B on the batch rows only, then the sums on
   * {@code evalRows} at the new weights.
   *
   * @param atBatch log alpha_i and &lt;a_l, S_i&gt; of the batch rows (|B| and |B| x k, in
   *     batch order) at the current weights
   * @param batch the training rows of the batch (0-based), in the order of the arrays
   * @param v the batch residual F_B - Y_B, |B| x k output-major
   * @param evalRows the rows whose sums the pass returns (the next batch), or null for all
   */
  public static StepState batchStep(Normalizers atBatch, int[] batch, double[] v, double eta,
      int[] evalRows) {
    return new StepState(atBatch.logNorm(), atBatch.aS(), v, eta, false, batch, evalRows);
  }

  /** A pass that changes nothing and returns the sums on {@code rows} (null: all rows). */
  public static StepState forwardOn(int[] rows) {
    return new StepState(null, null, null, 0.0, false, null, rows);
  }

  /** A pass that returns Gram shares at the current weights and changes nothing. */
  public static StepState gramOnly(Normalizers at) {
    return new StepState(at.logNorm(), at.aS(), null, 0.0, true);
  }

  /** A pass that applies W -= eta J^T v and returns the sums at the new weights. */
  public static StepState step(Normalizers at, double[] v, double eta) {
    return new StepState(at.logNorm(), at.aS(), v, eta, false);
  }

  public double[] logNorm() {
    return logNorm;
  }

  public double[] aS() {
    return aS;
  }

  /** The step matrix, or null for a pass without an update. */
  public double[] v() {
    return v;
  }

  public double eta() {
    return eta;
  }

  public boolean withGram() {
    return withGram;
  }

  /** The rows of a mini-batch step (logNorm, aS and v are over them), or null for all rows. */
  public int[] batch() {
    return batch;
  }

  /** The rows whose sums the pass returns, or null for all rows. */
  public int[] evalRows() {
    return evalRows;
  }
}
