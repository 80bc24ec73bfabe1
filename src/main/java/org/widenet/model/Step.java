package org.widenet.model;

/**
 * A pending update, broadcast from the driver to every block:
 * {@code W_b <- W_b - coef * X^T (phi'(Z_b) o (s a_b^T))}.
 *
 * <p>For gradient descent s is the residual f - y and coef = eta * c; for Gauss-Newton s is
 * (J J^T + mu I)^{-1} (f - y) and coef = eta_gn * c (c the model's output scale).
 *
 * @param s the step vector, one entry per training row
 * @param coef the scalar in front of the update
 */
public record Step(double[] s, double coef) implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
}
