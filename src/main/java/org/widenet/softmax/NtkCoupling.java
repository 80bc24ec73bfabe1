package org.widenet.softmax;

import org.widenet.train.BlockEngine;

/**
 * The NTK regression of Appendix F next to the network: the predictor F_ntk(gamma, x_te) =
 * m K*_te gamma (Definition F.1) with the kernel at initialization, gamma run by eq. (25),
 * gamma(t+1) = gamma(t) - eta (m H* gamma(t) - vec Y), gamma(0) = 0, and Theorem F.2's coupling
 * error max_l |F_ntk(gamma(t), x_te)_l - F_nn(W(t), x_te)_l| over the held-out points.
 *
 * <p>In Jacobian terms m H* = J J^T(0) and m K*_te = J_te J^T(0), which is what this class
 * holds; the min-norm solution's prediction K*_te (H*)^{-1} vec Y is {@link #regression}.
 */
public final class NtkCoupling {
  private final int nk;
  private final int rk;
  private final double[] gram0;
  private final double[] cross;
  private final double[] targets;
  private final double[] gamma;

  /**
   * @param gram0 J J^T at initialization, packed (order nk)
   * @param cross J_te J^T at initialization, (rows k) x (n k) column-major
   * @param y the training labels, n x k output-major (vec Y)
   */
  public NtkCoupling(double[] gram0, double[] cross, double[] y, int nk, int rk) {
    this.nk = nk;
    this.rk = rk;
    this.gram0 = org.widenet.math.PackedSymmetric.unpack(nk, gram0);
    this.cross = cross;
    this.targets = y;
    this.gamma = new double[nk];
  }

  /**
   * J_te J^T(0) for held-out points: one evaluation job for their normalizers at W(0) and one
   * cross-product job ({@link SoftmaxJobs}). The engine must still be at initialization.
   */
  public static double[] crossKernel(BlockEngine engine, SoftmaxSpec spec, Normalizers train,
      double[] x, int n, int d, double[] xTest, int rows) {
    Normalizers test = Normalizers.of(SoftmaxJobs.outputsOn(engine, xTest, rows),
        spec.width());
    double[] share = SoftmaxJobs.crossShare(engine, train, xTest, rows, test);
    SoftmaxKernels.applyCrossInputKernel(share, xTest, rows, x, n, d, spec.outputs());
    return share;
  }

  /**
   * The kernel-regression prediction K*_te (H*)^{-1} vec Y = (J_te J^T)(J J^T + mu I)^{-1} vec Y,
   * (rows k) output-major.
   */
  public static double[] regression(double[] gram0, double[] cross, double[] y, int nk, int rk,
      double damping) {
    double[] coef = SoftmaxGram.solve(gram0, nk, damping, y);
    return times(cross, rk, nk, coef);
  }

  /** One step of eq. (25). */
  public void step(double eta) {
    double[] g = new double[nk];
    for (int c = 0; c < nk; c++) {
      double gc = gamma[c];
      if (gc != 0.0) {
        for (int r = 0; r < nk; r++) {
          g[r] += gram0[r + c * nk] * gc;
        }
      }
    }
    for (int r = 0; r < nk; r++) {
      gamma[r] -= eta * (g[r] - targets[r]);
    }
  }

  /** F_ntk(gamma(t), x_te), (rows k) output-major. */
  public double[] predictions() {
    return times(cross, rk, nk, gamma);
  }

  /** max |F_ntk(gamma(t)) - F_nn| over the held-out points and outputs. */
  public double error(double[] networkOutputs) {
    double[] f = predictions();
    double worst = 0.0;
    for (int p = 0; p < rk; p++) {
      worst = Math.max(worst, Math.abs(f[p] - networkOutputs[p]));
    }
    return worst;
  }

  private static double[] times(double[] a, int rows, int cols, double[] v) {
    double[] out = new double[rows];
    for (int c = 0; c < cols; c++) {
      double vc = v[c];
      for (int r = 0; r < rows; r++) {
        out[r] += a[r + c * rows] * vc;
      }
    }
    return out;
  }
}
