package org.widenet.train;

import org.widenet.model.Share;

/**
 * How the driver loop reaches H(t) = J J^T at the current weights: by forming it from the
 * blocks' packed shares ({@link ExactGram}) or only through products with it
 * ({@link MatrixFreeGram}). The loop asks the same three questions of either.
 */
interface DriverGram {

  /** lambda_min, lambda_max and ||H(t) - H(0)||_F, NaN where not computed. */
  record Spectrum(double lambdaMin, double lambdaMax, double drift) {
    static final Spectrum NONE = new Spectrum(Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * A Gauss-Newton vector s = (H + mu I)^{-1} e.
   *
   * @param s the solution, length n k
   * @param cgIterations the CG iterations it took, or -1 for a direct (Cholesky) solve
   * @param relativeResidual CG's final ||e - (H + mu I) s|| / ||e||, NaN for a direct solve
   * @param converged whether CG reached its tolerance (true for a direct solve)
   */
  record Solution(double[] s, int cgIterations, double relativeResidual, boolean converged) {}

  /**
   * Whether the Gram at the weights of iteration t is needed (to report its spectrum, or to
   * solve for a Gauss-Newton step), so the engine pass of iteration t must be one that
   * {@link DriverMath#exactGram} can form it from.
   *
   * @param replay whether t is the iteration a resumed run recomputes (not reported again)
   */
  boolean needsShares(int t, boolean replay);

  /**
   * Called after every engine pass with its merged forward share: the spectrum (and drift)
   * when iteration t reports it, else {@link Spectrum#NONE}. Never called with replay = true
   * for a reported spectrum.
   */
  Spectrum observe(Share sum, int t, boolean replay);

  /**
   * The Gauss-Newton vector at the weights of iteration t (the engine's current weights).
   *
   * @throws org.widenet.math.SingularSystemException when H + mu I is not positive definite,
   *     with a message naming --damping
   */
  Solution solve(double[] residual, double damping, int t);
}
