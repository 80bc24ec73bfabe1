package org.widenet.train;

/**
 * How the driver loop reaches H = J J^T, and the iterative solvers' settings when it only
 * multiplies by H.
 *
 * @param mode exact (form H) or matrix-free (products with H only)
 * @param cgTolerance matrix-free Gauss-Newton: stop conjugate gradients when
 *     ||e - (H + mu I) s|| &lt;= cgTolerance ||e||
 * @param cgMaxIterations matrix-free Gauss-Newton: the most CG iterations (engine passes) per
 *     step; the iterate reached is used when the cap comes first
 * @param lanczosSteps matrix-free spectrum: the most Lanczos steps (engine passes) per
 *     lambda_min / lambda_max estimate
 * @param preconditionerRank matrix-free Gauss-Newton: the rank r of the Nystrom preconditioner
 *     of CG (r sampled columns of H where the family forms them, in one pass per batch; else r
 *     products with H), 0 for plain CG
 * @param preconditionerEvery rebuild the preconditioner every this many Gauss-Newton steps
 *     (the Gram drifts as the weights move)
 */
public record GramSettings(GramMode mode, double cgTolerance, int cgMaxIterations,
    int lanczosSteps, int preconditionerRank, int preconditionerEvery) {
  /** Default relative residual of the CG solve (--cg-tol). */
  public static final double DEFAULT_CG_TOLERANCE = 1e-10;
  /** Default CG iteration cap (--cg-max-iter). */
  public static final int DEFAULT_CG_MAX_ITERATIONS = 500;
  /** Default Lanczos steps per spectrum estimate (--lanczos-steps). */
  public static final int DEFAULT_LANCZOS_STEPS = 60;
  /** Default rebuild interval of the preconditioner, in Gauss-Newton steps. */
  public static final int DEFAULT_PRECONDITIONER_EVERY = 10;

  /** Plain (unpreconditioned) CG. */
  public GramSettings(GramMode mode, double cgTolerance, int cgMaxIterations,
      int lanczosSteps) {
    this(mode, cgTolerance, cgMaxIterations, lanczosSteps, 0, DEFAULT_PRECONDITIONER_EVERY);
  }

  /** The exact Gram, with the iterative settings at their defaults (unused). */
  public static final GramSettings EXACT = new GramSettings(GramMode.EXACT,
      DEFAULT_CG_TOLERANCE, DEFAULT_CG_MAX_ITERATIONS, DEFAULT_LANCZOS_STEPS);

  public GramSettings {
    if (mode == null) {
      throw new IllegalArgumentException("a Gram mode is required");
    }
    if (!(cgTolerance > 0) || !(cgTolerance < 1)) {
      throw new IllegalArgumentException("--cg-tol must be a number in (0, 1), got "
          + cgTolerance);
    }
    if (cgMaxIterations < 1) {
      throw new IllegalArgumentException("--cg-max-iter must be >= 1, got " + cgMaxIterations);
    }
    if (lanczosSteps < 1) {
      throw new IllegalArgumentException("--lanczos-steps must be >= 1, got " + lanczosSteps);
    }
    if (preconditionerRank < 0) {
      throw new IllegalArgumentException("--preconditioner-rank must be >= 0, got "
          + preconditionerRank);
    }
    if (preconditionerEvery < 1) {
      throw new IllegalArgumentException("--preconditioner-every must be >= 1, got "
          + preconditionerEvery);
    }
  }

  /** The same settings with a Nystrom preconditioner of rank r (0: none) rebuilt every k steps. */
  public GramSettings withPreconditioner(int rank, int every) {
    return new GramSettings(mode, cgTolerance, cgMaxIterations, lanczosSteps, rank, every);
  }

  /** Matrix-free with the default solver settings. */
  public static GramSettings matrixFree() {
    return new GramSettings(GramMode.MATRIX_FREE, DEFAULT_CG_TOLERANCE,
        DEFAULT_CG_MAX_ITERATIONS, DEFAULT_LANCZOS_STEPS);
  }

  /**
   * Driver bytes the exact Gram path holds at once for n rows: {@code partials} collected
   * block shares, their sum, X X^T, H(t) and H(0), packed, plus LAPACK's dense n x n copy (and
   * one more dense n x n when {@code extraDense}, e.g. eigenvectors kept for --predict).
   */
  public static double exactDriverBytes(long n, int partials, boolean extraDense) {
    double packed = n * (n + 1) / 2.0;
    double dense = (double) n * n;
    return 8.0 * (packed * (partials + 4) + dense * (extraDense ? 2 : 1));
  }

  public boolean isMatrixFree() {
    return mode == GramMode.MATRIX_FREE;
  }
}
