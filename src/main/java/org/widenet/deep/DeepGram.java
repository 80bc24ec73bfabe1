package org.widenet.deep;

import org.widenet.math.SingularSystemException;
import org.widenet.model.Share;
import org.widenet.train.BlockEngine;
import org.widenet.train.DriverGram;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainingDivergedException;
import org.widenet.train.TrainingListener;

/**
 * deep-last's way to its Gram G = (U U^T) o (V^T V), by {@link GnMethod}: the spectrum always
 * from G formed on the driver, and the Gauss-Newton solve by Cholesky on G (exact: G formed
 * every iteration), on the sketched J~ J~^T ({@link SketchedGram}) or by matrix-free CG; for
 * the last two G is formed at t = 0 only (lambda_min(G(0)) sets the row-movement bound), or
 * every iteration with {@link DeepConfig#exactCheck}; gram_drift ||G(t) - G(0)||_F on every
 * row where G is formed every iteration. A singular Cholesky system is reported
 * with deep-last's settings that avoid it.
 */
final class DeepGram implements DriverGram {
  private final DriverGram formed;
  private final DriverGram solver;
  private final boolean cholesky;

  /** @param cholesky whether the solver factors a formed matrix (not CG) */
  private DeepGram(DriverGram formed, DriverGram solver, boolean cholesky) {
    this.formed = formed;
    this.solver = solver;
    this.cholesky = cholesky;
  }

  /**
   * @param initialGram a resumed run's packed G(0), the reference of gram_drift (reported
   *     where G is formed every iteration), or null
   */
  static DriverGram of(DeepMath math, DeepConfig config, TrainConfig loop, BlockEngine engine,
      int order, TrainingListener listener, double[] initialGram) {
    if (config.method() == GnMethod.EXACT) {
      DriverGram exact = DriverGram.formedWithDrift(loop, math, engine, order, t -> true, true,
          initialGram);
      return new DeepGram(exact, exact, true);
    }
    // G(0) is kept for the drift only where G is formed again: with the exact check.
    DriverGram formed = config.formsGramEveryIteration()
        ? DriverGram.formedWithDrift(loop, math, engine, order, t -> true, false, initialGram)
        : DriverGram.formed(loop, math, engine, order, t -> t == 0, false);
    boolean cg = config.method() == GnMethod.CG;
    return new DeepGram(formed, cg ? DriverGram.matrixFree(loop, math, engine, order, listener)
        : new SketchedGram(math, order), !cg);
  }

  @Override
  public boolean needsShares(int t, boolean replay) {
    return formed.needsShares(t, replay) || solver.needsShares(t, replay);
  }

  @Override
  public Spectrum observe(Share sum, int t, boolean replay) {
    if (solver != formed) {
      solver.observe(sum, t, replay);
    }
    return formed.observe(sum, t, replay);
  }

  @Override
  public Solution solve(double[] residual, double damping, int t) {
    try {
      return solver.solve(residual, damping, t);
    } catch (SingularSystemException e) {
      if (cholesky) {
        throw new TrainingDivergedException("deep-last: the Gauss-Newton Gram is singular at "
            + "iteration " + t + " (a point with no active neuron in layer L, or a sketch "
            + "smaller than n): use a smaller --alpha, a larger --width or --sketch-size, or "
            + "--damping", e);
      }
      throw e;
    }
  }
}
