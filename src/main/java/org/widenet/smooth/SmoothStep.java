package org.widenet.smooth;

import org.widenet.model.Update;

/**
 * A pending update, broadcast from the driver to every block: one gradient step of the
 * widenet loss 0.5 ||F_B - Y_B||^2 on the rows B, with E = F_B - Y_B (|B| x k) and
 * Z = X_B W_b^T at the weights before the step:
 * {@code W_b^T -= eta X_B^T (phi'(Z) o (E V_b))} and {@code V_b -= eta E^T phi(Z)}.
 * A plain class rather than a record, so that Kryo can broadcast the engine's logged sequence
 * of steps (replayed to rebuild a lost block).
 */
public final class SmoothStep implements Update {
  private static final long serialVersionUID = 1L;
  private final int[] rows;
  private final double[] residual;
  private final double eta;

  /**
   * @param rows the rows B of the batch, or null for all n rows (full-batch gradient descent)
   *     (kept by reference, not modified)
   * @param residual E, |B| x k column-major (n x k when rows is null) (kept by reference)
   * @param eta the step size
   */
  public SmoothStep(int[] rows, double[] residual, double eta) {
    if (residual == null) {
      throw new IllegalArgumentException("a smooth2 step needs a residual");
    }
    this.rows = rows;
    this.residual = residual;
    this.eta = eta;
  }

  /** The rows B of the batch, or null for all rows (not copied: do not modify). */
  public int[] rows() {
    return rows;
  }

  /** E, |B| x k column-major (not copied: do not modify). */
  public double[] residual() {
    return residual;
  }

  public double eta() {
    return eta;
  }

  @Override
  public long bytes() {
    return 8L * residual.length + (rows == null ? 0L : 4L * rows.length) + 8L;
  }
}
