package org.widenet.smooth;

import org.widenet.math.PackedSymmetric;
import org.widenet.math.SymmetricEigen;

/**
 * The driver's side of the smooth2 Jacobian Gram H = J J^T = J_W J_W^T + J_V J_V^T (nk x nk,
 * row (i, c) at index i + n c, for training row i and output c), assembled from summed block
 * shares (see {@link SmoothPartial}):
 * {@code H[(i,c),(j,c')] = (sum_b C_b C_b^T)[(i,c),(j,c')] (x_i . x_j)
 *   + [c = c'] (sum_b phi_b phi_b^T)[i, j]}.
 * With widenet's loss 0.5 ||F - Y||^2, gradient descent moves the outputs by
 * -eta H (F - Y) to first order; with the paper's loss (16), by -2 eta H (F - Y).
 */
public final class SmoothGram {
  private SmoothGram() {}

  /**
   * Assembles H, packed (nk(nk+1)/2).
   *
   * @param xxt packed X X^T (n x n)
   * @param sum summed partials with their Gram shares
   */
  public static double[] assemble(int n, int k, double[] xxt, SmoothPartial sum) {
    int nk = n * k;
    double[] s = sum.jacobian();
    double[] phi = sum.phi();
    double[] h = new double[PackedSymmetric.packedLength(nk)];
    int p = 0;
    for (int b = 0; b < nk; b++) {
      int j = b % n;
      int cb = b / n;
      for (int a = 0; a <= b; a++, p++) {
        int i = a % n;
        int ca = a / n;
        double value = s[p] * PackedSymmetric.get(xxt, i, j);
        if (ca == cb) {
          value += PackedSymmetric.get(phi, i, j);
        }
        h[p] = value;
      }
    }
    return h;
  }

  /** {lambda_min, lambda_max} of a packed symmetric matrix of order m. */
  public static double[] extremeEigenvalues(int m, double[] packed) {
    double[] values = SymmetricEigen.eigenvalues(m, packed);
    return new double[] {values[0], values[m - 1]};
  }

  /**
   * The quantities of Song et al. Lemma 3 at initialization (eqs. (18), (43), (46)), measured:
   * singular values of phi(W0 X) (d1 x n in the paper's layout) from the n x n matrix
   * phi(W0 X)^T phi(W0 X), of X (d0 x n) from the smaller of X X^T and X^T X, and
   * sigma_max(V0) from V0 V0^T (k x k); mu_Phi = sigma_min(phi(W0 X)) and
   * nu_Phi = sup|phi'| sigma_max(X) sigma_max(V0) + sigma_max(phi(W0 X)).
   * sigma_min(phi(W0 X)) is 0 whenever d1 &lt; n.
   */
  public record Lemma3(double sigmaMinPhi, double sigmaMaxPhi, double sigmaMinX,
      double sigmaMaxX, double sigmaMaxV0, double muPhi, double nuPhi) {

    /**
     * @param x n x d0 column-major
     * @param sum the summed partials at initialization, with Gram shares
     */
    public static Lemma3 measure(SmoothSpec spec, double[] x, int n, SmoothPartial sum) {
      double[] phi = extremeEigenvalues(n, sum.phi());
      int d0 = spec.d0();
      double[] xs;
      if (d0 <= n) {
        double[] xtx = new double[PackedSymmetric.packedLength(d0)];
        int p = 0;
        for (int b = 0; b < d0; b++) {
          for (int a = 0; a <= b; a++, p++) {
            double dot = 0.0;
            for (int i = 0; i < n; i++) {
              dot += x[a * n + i] * x[b * n + i];
            }
            xtx[p] = dot;
          }
        }
        xs = extremeEigenvalues(d0, xtx);
      } else {
        xs = extremeEigenvalues(n, PackedSymmetric.gramOfRows(n, d0, x));
      }
      double[] vs = extremeEigenvalues(spec.k(), sum.outputWeights());
      double sigmaMinPhi = root(phi[0]);
      double sigmaMaxPhi = root(phi[1]);
      double sigmaMaxX = root(xs[1]);
      double sigmaMaxV = root(vs[1]);
      return new Lemma3(sigmaMinPhi, sigmaMaxPhi, root(xs[0]), sigmaMaxX, sigmaMaxV,
          sigmaMinPhi, spec.activation().maxDerivative() * sigmaMaxX * sigmaMaxV + sigmaMaxPhi);
    }

    private static double root(double lambda) {
      return Math.sqrt(Math.max(0.0, lambda));
    }
  }
}
