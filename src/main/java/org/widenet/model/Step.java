package org.widenet.model;

/**
 * A pending update of the relu2 and exp2 families, broadcast from the driver to every block:
 * {@code W_b <- W_b - coef * X^T (phi'(Z_b) o (s a_b^T))}.
 *
 * <p>For gradient descent s is the residual f - y and coef = eta * c; for Gauss-Newton s is
 * (J J^T + mu I)^{-1} (f - y) and coef = eta_gn * c (c the model's output scale). A plain class
 * rather than a record, so that Kryo can broadcast a logged sequence of steps.
 */
public final class Step implements Update {
  private static final long serialVersionUID = 1L;
  private final double[] s;
  private final double coef;

  /**
   * @param s the step vector, one entry per training row (kept by reference, not modified)
   * @param coef the scalar in front of the update
   */
  public Step(double[] s, double coef) {
    this.s = s;
    this.coef = coef;
  }

  /** The step vector (not copied: do not modify). */
  public double[] s() {
    return s;
  }

  public double coef() {
    return coef;
  }

  @Override
  public long bytes() {
    return 8L * s.length;
  }
}
