package org.widenet.deep;

import org.widenet.model.Update;

/**
 * A deep-last Gauss-Newton step, broadcast to every row block: g (one entry per training
 * point), applied as C_b[:, i] -= g_i u_i on the block's rows (W_L -= sum_i g_i u_i v_i^T). A
 * plain class rather than a record, so that Kryo can broadcast a logged sequence of steps.
 */
public final class DeepStep implements Update {
  private static final long serialVersionUID = 1L;
  private final double[] g;

  /** @param g the step, length n (kept by reference, not modified) */
  public DeepStep(double[] g) {
    this.g = g;
  }

  /** g (not copied: do not modify). */
  public double[] g() {
    return g;
  }

  @Override
  public long bytes() {
    return 8L * g.length;
  }
}
