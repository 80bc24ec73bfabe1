package org.widenet.smooth;

import java.io.Serializable;

/**
 * A smooth2 network's shape and initialization: Z = V phi(W X) with W (width x d0) and
 * V (k x width), both trained (Song et al. Section 5, eq. (15)).
 *
 * @param activation phi
 * @param d0 input dimension
 * @param width d1, the number of hidden neurons
 * @param k outputs (d2 in the paper)
 * @param omega1 standard deviation of the entries of W(0)
 * @param omega2 standard deviation of the entries of V(0)
 * @param seed the seed neuron r's initial weights are drawn from, with r
 */
public record SmoothSpec(SmoothActivation activation, int d0, long width, int k, double omega1,
    double omega2, long seed) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SmoothSpec {
    if (activation == null) {
      throw new IllegalArgumentException("an activation is required");
    }
    if (d0 < 1 || width < 1 || k < 1) {
      throw new IllegalArgumentException("d0, width and k must be >= 1, got " + d0 + ", "
          + width + ", " + k);
    }
    if (!(omega1 > 0) || !(omega2 > 0) || Double.isInfinite(omega1)
        || Double.isInfinite(omega2)) {
      throw new IllegalArgumentException("omega1 and omega2 must be positive, got " + omega1
          + ", " + omega2);
    }
  }
}
