package org.widenet.softmax;

/**
 * What the driver broadcasts to every block for one pass: the global log-normalizers
 * log alpha_i and softmax averages &lt;a_l, S_i&gt; at the blocks' current weights, and
 * optionally a step matrix v and step size eta (apply W_b -= eta J_b^T v) and whether to return
 * the block's Gram share at the current weights (before the step). A plain class rather than a
 * record so that Kryo can ship it in a broadcast.
 */
public final class StepState {
  private final double[] logNorm;
  private final double[] aS;
  private final double[] v;
  private final double eta;
  private final boolean withGram;

  /**
   * @param logNorm log alpha_i at the current weights, length n
   * @param aS &lt;a_l, S_i&gt; at the current weights, n x k
   * @param v the step matrix, n x k (the residual F - Y for gradient descent), or null
   * @param eta the step size
   * @param withGram whether blocks return their packed C C^T at the current weights
   */
  public StepState(double[] logNorm, double[] aS, double[] v, double eta, boolean withGram) {
    this.logNorm = logNorm;
    this.aS = aS;
    this.v = v;
    this.eta = eta;
    this.withGram = withGram;
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
}
