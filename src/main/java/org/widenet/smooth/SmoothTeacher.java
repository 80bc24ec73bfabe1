package org.widenet.smooth;

/**
 * Multi-output synthetic targets: the outputs of a random smooth2 teacher (GeLU, width 64, He
 * initialization, seeded), scaled so that max |y| = 1. Used for k &gt; 1 until multi-column
 * label files can be loaded.
 */
public final class SmoothTeacher {
  /** The teacher's width. */
  public static final int WIDTH = 64;

  private SmoothTeacher() {}

  /**
   * @param x n x d0 column-major inputs
   * @return n x k column-major targets
   */
  public static double[] labels(double[] x, int n, int d0, int k, long seed) {
    double[] omegas = InitPreset.HE.omegas(d0, WIDTH, Double.NaN);
    SmoothSpec teacher = new SmoothSpec(SmoothActivation.GELU, d0, WIDTH, k, omegas[0],
        omegas[1], seed);
    double[] y = SmoothStepper.outputsOn(SmoothBlock.initial(teacher, 0, 0, WIDTH), teacher, x,
        n);
    double max = 0;
    for (double v : y) {
      max = Math.max(max, Math.abs(v));
    }
    if (max > 0) {
      for (int i = 0; i < y.length; i++) {
        y[i] /= max;
      }
    }
    return y;
  }
}
