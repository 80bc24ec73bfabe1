package org.widenet.testutil;

/** Named tolerances for numeric tests, so a test says what kind of agreement it expects. */
public final class Tolerance {
  /** Same computation, different but exact arithmetic paths (BLAS vs loops): relative 1e-12. */
  public static final double EXACT = 1e-12;
  /** Same sums in a different order (e.g. another block count). */
  public static final double REORDERED = 1e-10;
  /** Central finite differences against an analytic derivative. */
  public static final double FINITE_DIFFERENCE = 1e-6;

  private Tolerance() {}

  /** |a - b| / max(1, |a|, |b|): relative where values are large, absolute near zero. */
  public static double relativeError(double a, double b) {
    return Math.abs(a - b) / Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  /** Largest elementwise {@link #relativeError} of two equally long arrays, scaled by the largest entry. */
  public static double maxRelativeError(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new AssertionError("length " + a.length + " != " + b.length);
    }
    double scale = 1.0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(b[i])));
    }
    double worst = 0.0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
    }
    return worst;
  }
}
