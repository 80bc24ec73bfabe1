package org.widenet.deep;

/**
 * Settings of a deep-last training run.
 *
 * @param iterations Gauss-Newton steps T (the run records T + 1 forward passes)
 * @param method how the Gauss-Newton system is solved
 * @param sketchSize s for the sketched methods
 * @param damping mu added to the Gram's diagonal (0 for the paper's exact step)
 * @param tolerance stop when ||f - y|| &lt;= tolerance * ||y||
 * @param exactCheck with a sketch or CG, also form the exact Gram for lambda_min and the sketch
 *     error (O(n^2 m) more per iteration)
 * @param cgTolerance relative residual CG stops at
 * @param cgMaxIterations CG's iteration cap
 * @param sketchSeed seed of the sketches (iteration t uses a seed mixed from it and t)
 */
public record DeepConfig(int iterations, GnMethod method, int sketchSize, double damping,
    double tolerance, boolean exactCheck, double cgTolerance, int cgMaxIterations,
    long sketchSeed) {

  public DeepConfig {
    if (iterations < 0) {
      throw new IllegalArgumentException("--iterations must be >= 0, got " + iterations);
    }
    if (method.isSketch() && sketchSize < 1) {
      throw new IllegalArgumentException("--sketch-size must be >= 1, got " + sketchSize);
    }
    if (!(damping >= 0) || Double.isInfinite(damping)) {
      throw new IllegalArgumentException("--damping must be a finite number >= 0, got "
          + damping);
    }
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("--tolerance must be >= 0, got " + tolerance);
    }
  }

  /** Exact Gauss-Newton, no damping, stopping at 1e-12 relative residual. */
  public static DeepConfig exact(int iterations) {
    return new DeepConfig(iterations, GnMethod.EXACT, 0, 0, 1e-12, true, 1e-10, 500, 1);
  }

  /** The same settings with another method and sketch size. */
  public DeepConfig with(GnMethod m, int s) {
    return new DeepConfig(iterations, m, s, damping, tolerance, exactCheck, cgTolerance,
        cgMaxIterations, sketchSeed);
  }

  /** The same settings with or without the exact Gram check. */
  public DeepConfig withExactCheck(boolean check) {
    return new DeepConfig(iterations, method, sketchSize, damping, tolerance, check,
        cgTolerance, cgMaxIterations, sketchSeed);
  }
}
