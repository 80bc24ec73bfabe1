package org.widenet.train;

import java.util.function.IntPredicate;
import org.widenet.model.Share;

/**
 * How the driver loop reaches H(t) = J J^T at the current weights: by forming it from the
 * blocks' packed shares ({@link ExactGram}) or only through products with it
 * ({@link MatrixFreeGram}), or in a family's own way ({@link DriverMath#gram}). The loop asks
 * the same three questions of any.
 */
public interface DriverGram {

  /**
   * The way the configuration names: the Gram formed ({@link ExactGram}, drift against H(0))
   * or matrix-free ({@link MatrixFreeGram}).
   *
   * @param order n k
   * @param initialGram a resumed run's packed H(0), or null
   */
  static DriverGram of(TrainConfig config, DriverMath math, BlockEngine engine, int order,
      TrainingListener listener, double[] initialGram) {
    return config.gram().isMatrixFree()
        ? new MatrixFreeGram(config, math, engine, order, listener)
        : new ExactGram(config, math, engine, order, initialGram);
  }

  /**
   * The Gram formed ({@link ExactGram}) at the iterations {@code formedAt}, and on a resumed
   * run's first iteration when it {@code solves} (Cholesky); its spectrum reported where
   * formed, no drift (no H(0) kept).
   */
  static DriverGram formed(TrainConfig config, DriverMath math, BlockEngine engine, int order,
      IntPredicate formedAt, boolean solves) {
    return new ExactGram(config, math, engine, order, formedAt, solves);
  }

  /**
   * Like {@link #formed}, and with ||H(t) - H(0)||_F wherever H(t) is formed: H(0) is kept
   * from iteration 0 (a copy, for a family whose {@link DriverMath#exactGram} reuses its
   * array), or is {@code initialGram} on a resumed run.
   */
  static DriverGram formedWithDrift(TrainConfig config, DriverMath math, BlockEngine engine,
      int order, IntPredicate formedAt, boolean solves, double[] initialGram) {
    return new ExactGram(config, math, engine, order, formedAt, solves, initialGram);
  }

  /** Matrix-free ({@link MatrixFreeGram}), whatever mode the configuration names. */
  static DriverGram matrixFree(TrainConfig config, DriverMath math, BlockEngine engine,
      int order, TrainingListener listener) {
    return new MatrixFreeGram(config, math, engine, order, listener);
  }

  /** lambda_min, lambda_max and ||H(t) - H(0)||_F, NaN where not computed. */
  record Spectrum(double lambdaMin, double lambdaMax, double drift) {
    /** Nothing computed. */
    public static final Spectrum NONE = new Spectrum(Double.NaN, Double.NaN, Double.NaN);
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

  /**
   * Iteration t is checkpointed: a run resumed from it starts with nothing this object built
   * before t, so whatever the solve at t would reuse from earlier iterations is built afresh
   * there, in the uninterrupted run as in the resumed one (same seed, same bits). Called
   * before t's solve; by default nothing is carried over.
   */
  default void checkpointedAt(int t) {}
}
