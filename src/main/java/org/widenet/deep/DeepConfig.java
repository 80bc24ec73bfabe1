package org.widenet.deep;

import org.widenet.train.GramSettings;

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
 * @param preconditionerRank with CG, the rank of its Nystrom preconditioner (0: plain CG)
 * @param preconditionerEvery with a preconditioner, rebuild it every this many steps
 */
public record DeepConfig(int iterations, GnMethod method, int sketchSize, double damping,
    double tolerance, boolean exactCheck, double cgTolerance, int cgMaxIterations,
    long sketchSeed, int preconditionerRank, int preconditionerEvery) {

  /** Plain CG for {@link GnMethod#CG}: no preconditioner. */
  public DeepConfig(int iterations, GnMethod method, int sketchSize, double damping,
      double tolerance, boolean exactCheck, double cgTolerance, int cgMaxIterations,
      long sketchSeed) {
    this(iterations, method, sketchSize, damping, tolerance, exactCheck, cgTolerance,
        cgMaxIterations, sketchSeed, 0, GramSettings.DEFAULT_PRECONDITIONER_EVERY);
  }

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
    if (preconditionerRank < 0) {
      throw new IllegalArgumentException("--preconditioner-rank must be >= 0, got "
          + preconditionerRank);
    }
    if (preconditionerRank > 0 && method != GnMethod.CG) {
      throw new IllegalArgumentException("--preconditioner-rank applies to --gn cg only");
    }
    if (preconditionerEvery < 1) {
      throw new IllegalArgumentException("--preconditioner-every must be >= 1, got "
          + preconditionerEvery);
    }
  }

  /** Exact Gauss-Newton, no damping, stopping at 1e-12 relative residual. */
  public static DeepConfig exact(int iterations) {
    return new DeepConfig(iterations, GnMethod.EXACT, 0, 0, 1e-12, true, 1e-10, 500, 1);
  }

  /**
   * Whether the exact Gram G_L is formed at every iteration (the exact method, or the exact
   * check), so that gram_drift is reported and G_L(0) is kept for it.
   */
  public boolean formsGramEveryIteration() {
    return method == GnMethod.EXACT || exactCheck;
  }

  /** The same settings with another method and sketch size. */
  public DeepConfig with(GnMethod m, int s) {
    return new DeepConfig(iterations, m, s, damping, tolerance, exactCheck, cgTolerance,
        cgMaxIterations, sketchSeed, m == GnMethod.CG ? preconditionerRank : 0,
        preconditionerEvery);
  }

  /** The same settings with or without the exact Gram check. */
  public DeepConfig withExactCheck(boolean check) {
    return new DeepConfig(iterations, method, sketchSize, damping, tolerance, check,
        cgTolerance, cgMaxIterations, sketchSeed, preconditionerRank, preconditionerEvery);
  }

  /** The same settings with CG preconditioned by a Nystrom approximation of rank r (0: none). */
  public DeepConfig withPreconditioner(int rank, int every) {
    return new DeepConfig(iterations, method, sketchSize, damping, tolerance, exactCheck,
        cgTolerance, cgMaxIterations, sketchSeed, rank, every);
  }
}
