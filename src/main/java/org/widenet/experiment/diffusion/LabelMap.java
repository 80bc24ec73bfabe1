package org.widenet.experiment.diffusion;

/**
 * The map from labels x(0) to network targets of norm at most 1 (Assumption 6.1):
 * {@code y = x(0) / scale} with scale the largest ||x(0)_i|| of the training set; its inverse
 * {@code x(0) = scale * y} turns the network's output back into a denoised point.
 *
 * @param scale the divisor, positive
 */
public record LabelMap(double scale) {
  /** @throws IllegalArgumentException unless scale is positive and finite */
  public LabelMap {
    if (!(scale > 0 && Double.isFinite(scale))) {
      throw new IllegalArgumentException("label scale must be positive, got " + scale);
    }
  }

  /** The map fitted to training labels (column-major n x d): scale = max_i ||x(0)_i||. */
  public static LabelMap fit(double[] x0, int n, int d) {
    return new LabelMap(Math.max(InputMap.maxRowNorm(x0, n, d), Double.MIN_NORMAL));
  }

  /** x(0) / scale, elementwise (a new array). */
  public double[] apply(double[] x0) {
    double[] y = new double[x0.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = x0[i] / scale;
    }
    return y;
  }

  /** scale * y, elementwise (a new array). */
  public double[] invert(double[] y) {
    double[] x0 = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      x0[i] = scale * y[i];
    }
    return x0;
  }
}
