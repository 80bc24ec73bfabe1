package org.widenet.deep;

import org.widenet.math.Blas;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SpdSolver;
import org.widenet.model.Share;
import org.widenet.train.DriverGram;

/**
 * The sketched Gauss-Newton solve (the paper's Theorem D.10): the pass of iteration t brings
 * the blocks' summed left parts of the sketch seeded by t ({@link DeepMath#sketch}), the driver
 * combines them with the right part of V into J~ (n x s), forms G~ = J~ J~^T and solves
 * (G~ + mu I) g = f - y by Cholesky. Where the exact G was formed from the same pass, the
 * sketch error ||G - G~||_F / ||G||_F is noted ({@link DeepMath#sketchError()}). Reports no
 * spectrum.
 */
final class SketchedGram implements DriverGram {
  private final DeepMath math;
  private final int n;
  private DeepPartial at;

  SketchedGram(DeepMath math, int n) {
    this.math = math;
    this.n = n;
  }

  @Override
  public boolean needsShares(int t, boolean replay) {
    return false;
  }

  @Override
  public Spectrum observe(Share sum, int t, boolean replay) {
    at = (DeepPartial) sum;
    return Spectrum.NONE;
  }

  @Override
  public Solution solve(double[] residual, double damping, int t) {
    TensorSketching sk = math.sketch(t).sketcher();
    double[] jt = sk.combine(at.sketch(), sk.right(math.inputs().v()), n);
    double[] approx = gram(n, sk.size(), jt);
    double[] g = math.formedGram(at);
    if (g != null) {
      math.sketchError(PackedSymmetric.frobeniusDistance(n, g, approx)
          / PackedSymmetric.frobeniusDistance(n, g, new double[g.length]));
    }
    return new Solution(SpdSolver.solve(n, approx, damping, residual), -1, Double.NaN, true);
  }

  /** J~ J~^T packed, J~ n x s column-major. */
  static double[] gram(int n, int s, double[] jt) {
    double[] full = new double[n * n];
    Blas.blas().dsyrk("U", "N", n, s, 1.0, jt, n, 0.0, full, n);
    return PackedSymmetric.pack(n, full);
  }
}
