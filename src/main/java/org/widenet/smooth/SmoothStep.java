package org.widenet.smooth;

import java.io.Serializable;

/**
 * A pending update, broadcast from the driver to every block: one gradient step of the
 * widenet loss 0.5 ||F_B - Y_B||^2 on the rows B,
 * {@code W_b -= eta (phi'(X_B W_b) o (E V_b)) ... , V_b -= eta E^T phi(X_B W_b)} with
 * E = F_B - Y_B, both at the weights before the step.
 *
 * @param rows the rows B of the batch, or null for all n rows (full-batch gradient descent)
 * @param residual E, |B| x k column-major (n x k when rows is null)
 * @param eta the step size
 */
public record SmoothStep(int[] rows, double[] residual, double eta) implements Serializable {
  private static final long serialVersionUID = 1L;
}
