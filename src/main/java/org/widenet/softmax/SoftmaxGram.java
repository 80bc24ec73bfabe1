package org.widenet.softmax;

import org.widenet.math.PackedSymmetric;
import org.widenet.math.SpdSolver;
import org.widenet.math.SymmetricEigen;
import org.widenet.train.BlockEngine;

/**
 * The nk x nk Jacobian Gram J J^T = m H (Definition 3.6 times m; docs/models/softmax2.md, Formulas) at the
 * engine's current weights, packed upper, in the paper's output-major layout.
 */
public final class SoftmaxGram {
  private SoftmaxGram() {}

  /**
   * One read-only pass ({@link SoftmaxJobs#gramShare}) summing the blocks' shares at the
   * engine's current weights, whose normalizers are {@code at}, then the input factor.
   */
  public static double[] jacobianGram(BlockEngine engine, Normalizers at, double[] x, int n,
      int d, int k) {
    double[] share = SoftmaxJobs.gramShare(engine, at);
    SoftmaxKernels.applyInputKernel(share, x, n, d, k);
    return share;
  }

  /** {lambda_min, lambda_max} of a packed Gram of order nk. */
  public static double[] extremeEigenvalues(double[] gram, int nk) {
    double[] values = SymmetricEigen.eigenvalues(nk, gram);
    return new double[] {values[0], values[nk - 1]};
  }

  /** (G + mu I)^{-1} r by Cholesky. */
  public static double[] solve(double[] gram, int nk, double damping, double[] r) {
    return SpdSolver.solve(nk, gram, damping, r);
  }

  /** ||G1 - G2||_F of two packed Grams of order nk. */
  public static double drift(double[] g1, double[] g0, int nk) {
    return PackedSymmetric.frobeniusDistance(nk, g1, g0);
  }
}
