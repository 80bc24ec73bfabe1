package org.widenet.train;

import java.util.function.IntPredicate;
import org.widenet.math.Cholesky;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SingularSystemException;
import org.widenet.math.SpdSolver;
import org.widenet.math.SymmetricEigen;
import org.widenet.model.Share;

/**
 * The Gram formed on the driver, packed (order n k), by the family ({@link
 * DriverMath#exactGram}); spectrum by dsyevd, Gauss-Newton systems by Cholesky, drift against
 * H(0). Holds up to two packed Grams (H(t), H(0)) between iterations, besides what the family
 * keeps (X X^T for the two-layer families), and a dense work array (kept, so that the
 * eigenvalues and the solve of every iteration make no n k x n k garbage).
 */
final class ExactGram implements DriverGram {
  private final TrainConfig config;
  private final DriverMath math;
  private final BlockEngine engine;
  private final int order;
  private final IntPredicate formedAt;
  private final boolean solves;
  private final boolean drift;
  /** Whether H(0) is copied out of the family's array rather than kept by reference. */
  private final boolean copyInitial;
  private double[] gram0;
  private double[] current;
  private double[] work;

  /**
   * @param order n k
   * @param initialGram packed H(0), a resumed run's drift reference, or null
   */
  ExactGram(TrainConfig config, DriverMath math, BlockEngine engine, int order,
      double[] initialGram) {
    this(config, math, engine, order, config::blockGramAt,
        config.optimizer() == OptimizerKind.GN, true, initialGram, false);
  }

  /**
   * The Gram formed at the iterations {@code formedAt} (and on a resumed run's first iteration
   * when it {@code solves}), without drift: no H(0) kept.
   */
  ExactGram(TrainConfig config, DriverMath math, BlockEngine engine, int order,
      IntPredicate formedAt, boolean solves) {
    this(config, math, engine, order, formedAt, solves, false, null, false);
  }

  /**
   * The Gram formed at the iterations {@code formedAt}, with drift against H(0): a copy of
   * iteration 0's Gram (the family may reuse the array it returns), or {@code initialGram}.
   */
  ExactGram(TrainConfig config, DriverMath math, BlockEngine engine, int order,
      IntPredicate formedAt, boolean solves, double[] initialGram) {
    this(config, math, engine, order, formedAt, solves, true, initialGram, true);
  }

  private ExactGram(TrainConfig config, DriverMath math, BlockEngine engine, int order,
      IntPredicate formedAt, boolean solves, boolean drift, double[] initialGram,
      boolean copyInitial) {
    this.copyInitial = copyInitial;
    this.config = config;
    this.math = math;
    this.engine = engine;
    this.order = order;
    this.formedAt = formedAt;
    this.solves = solves;
    this.drift = drift;
    this.gram0 = initialGram;
  }

  @Override
  public boolean needsShares(int t, boolean replay) {
    return replay ? solves : formedAt.test(t);
  }

  @Override
  public Spectrum observe(Share sum, int t, boolean replay) {
    current = null;
    if (!needsShares(t, replay)) {
      return Spectrum.NONE;
    }
    current = math.exactGram(engine, sum);
    if (replay) {
      return Spectrum.NONE;
    }
    double[] eigen = SymmetricEigen.eigenvalues(order, current, work());
    if (t == 0 && drift) {
      gram0 = copyInitial ? current.clone() : current;
    }
    double distance = gram0 == null ? Double.NaN
        : PackedSymmetric.frobeniusDistance(order, current, gram0);
    return new Spectrum(eigen[0], eigen[order - 1], distance);
  }

  /** The dense working copy of the eigenvalues and the Cholesky solve, made once. */
  private double[] work() {
    if (work == null) {
      work = new double[Cholesky.length(order)];
    }
    return work;
  }

  @Override
  public Solution solve(double[] residual, double damping, int t) {
    try {
      return new Solution(SpdSolver.solve(order, current, damping, residual, work()),
          -1, Double.NaN,
          true);
    } catch (SingularSystemException e) {
      throw new SingularSystemException("Gauss-Newton system J J^T + mu I (mu = "
          + damping + ") is not positive definite at iteration " + t
          + " (leading minor " + e.leadingMinor() + "): set --damping to a positive value, "
          + "e.g. 1e-8 times lambda_max", e.leadingMinor());
    }
  }
}
