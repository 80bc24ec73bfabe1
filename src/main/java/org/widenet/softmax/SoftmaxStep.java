package org.widenet.softmax;

import org.widenet.model.Update;

/**
 * A pending softmax2 update the driver broadcasts to every block: W_b -= eta J_b^T v, with the
 * global log-normalizers log alpha_i and softmax averages &lt;a_l, S_i&gt; at the blocks'
 * current weights (the Jacobian's coefficients need them). For mini-batch SGD the arrays cover
 * the batch rows only ({@link #batch}). Which rows the pass after the step returns is the
 * engine's {@link org.widenet.model.Pass}, not part of the update, so a logged update replays
 * the same under any pass. The normalizers alone ({@link #at}, no step) are the payload of the
 * read-only Gram and cross-product jobs. A plain class rather than a record so that Kryo can
 * ship it in a broadcast.
 */
public final class SoftmaxStep implements Update {
  private static final long serialVersionUID = 1L;
  private final double[] logNorm;
  private final double[] aS;
  private final double[] v;
  private final double eta;
  private final int[] batch;

  private SoftmaxStep(double[] logNorm, double[] aS, double[] v, double eta, int[] batch) {
    this.logNorm = logNorm;
    this.aS = aS;
    this.v = v;
    this.eta = eta;
    this.batch = batch;
  }

  /** W -= eta J^T v over all rows, at the normalizers {@code at} of the current weights. */
  public static SoftmaxStep step(Normalizers at, double[] v, double eta) {
    return new SoftmaxStep(at.logNorm(), at.aS(), v, eta, null);
  }

  /**
   * A mini-batch SGD step: W -= eta J_B^T v_B on the batch rows only.
   *
   * @param atBatch log alpha_i and &lt;a_l, S_i&gt; of the batch rows (|B| and |B| x k, in
   *     batch order) at the current weights
   * @param batch the training rows of the batch (0-based), in the order of the arrays
   * @param v the batch residual F_B - Y_B, |B| x k output-major
   */
  public static SoftmaxStep batchStep(Normalizers atBatch, int[] batch, double[] v,
      double eta) {
    return new SoftmaxStep(atBatch.logNorm(), atBatch.aS(), v, eta, batch);
  }

  /** The normalizers at the current weights and no step: a read-only job's payload. */
  public static SoftmaxStep at(Normalizers at) {
    return new SoftmaxStep(at.logNorm(), at.aS(), null, 0.0, null);
  }

  public double[] logNorm() {
    return logNorm;
  }

  public double[] aS() {
    return aS;
  }

  /** The step matrix, or null for the normalizers alone. */
  public double[] v() {
    return v;
  }

  public double eta() {
    return eta;
  }

  /** The rows of a mini-batch step (logNorm, aS and v are over them), or null for all rows. */
  public int[] batch() {
    return batch;
  }

  @Override
  public long bytes() {
    return 8L * (logNorm.length + aS.length + (v == null ? 0 : v.length))
        + (batch == null ? 0 : 4L * batch.length);
  }
}
