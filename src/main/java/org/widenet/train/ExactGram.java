package org.widenet.train;

import org.widenet.math.PackedSymmetric;
import org.widenet.math.SingularSystemException;
import org.widenet.math.SpdSolver;
import org.widenet.math.SymmetricEigen;
import org.widenet.model.BlockPartial;

/**
 * The Gram formed on the driver: H = (sum_b C_b C_b^T) o (X X^T), packed; spectrum by dsyevd,
 * Gauss-Newton systems by Cholesky, drift against H(0). Holds up to three packed n x n
 * matrices (X X^T, H(t), H(0)) between iterations, and an n x n work array while solving.
 */
final class ExactGram implements DriverGram {
  private final TrainConfig config;
  private final int n;
  private final double[] xxt;
  private double[] gram0;
  private double[] current;

  /**
   * @param xxt packed X X^T (kept by reference)
   * @param initialGramFactor packed sum_b C_b C_b^T at initialization (a resumed run's drift
   *     reference), or null
   */
  ExactGram(TrainConfig config, int n, double[] xxt, double[] initialGramFactor) {
    this.config = config;
    this.n = n;
    this.xxt = xxt;
    if (initialGramFactor != null) {
      gram0 = new double[xxt.length];
      PackedSymmetric.hadamard(initialGramFactor, xxt, gram0);
    }
  }

  @Override
  public boolean needsShares(int t, boolean replay) {
    return replay ? config.optimizer() == OptimizerKind.GN : config.blockGramAt(t);
  }

  @Override
  public Spectrum observe(BlockPartial sum, int t, boolean replay) {
    current = null;
    if (sum.gram() == null) {
      return Spectrum.NONE;
    }
    current = new double[xxt.length];
    PackedSymmetric.hadamard(sum.gram(), xxt, current);
    if (replay) {
      return Spectrum.NONE;
    }
    double[] eigen = SymmetricEigen.eigenvalues(n, current);
    if (t == 0) {
      gram0 = current;
    }
    double drift = gram0 == null ? Double.NaN
        : PackedSymmetric.frobeniusDistance(n, current, gram0);
    return new Spectrum(eigen[0], eigen[n - 1], drift);
  }

  @Override
  public Solution solve(double[] residual, double damping, int t) {
    try {
      return new Solution(SpdSolver.solve(n, current, damping, residual), -1, Double.NaN, true);
    } catch (SingularSystemException e) {
      throw new SingularSystemException("Gauss-Newton system J J^T + mu I (mu = "
          + damping + ") is not positive definite at iteration " + t
          + " (leading minor " + e.leadingMinor() + "): set --damping to a positive value, "
          + "e.g. 1e-8 times lambda_max", e.leadingMinor());
    }
  }
}
