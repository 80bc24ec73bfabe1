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
  private final boolean span;

  /**
   * A step a block takes on its weights (the weights form).
   *
   * @param s the step vector, one entry per training row (kept by reference, not modified)
   * @param coef the scalar in front of the update
   */
  public Step(double[] s, double coef) {
    this(s, coef, false);
  }

  /**
   * @param span whether a ReLU block that has taken no step yet takes this one, and every later
   *     one, in the span form ({@link SpanStepper}); a block that has taken steps keeps its form
   */
  public Step(double[] s, double coef, boolean span) {
    this.s = s;
    this.coef = coef;
    this.span = span;
  }

  /** The step vector (not copied: do not modify). */
  public double[] s() {
    return s;
  }

  public double coef() {
    return coef;
  }

  /** Whether a block at W(0) starts the span form with this step. */
  public boolean span() {
    return span;
  }

  @Override
  public long bytes() {
    return 8L * s.length;
  }
}
