package org.widenet.smooth;

import org.widenet.math.Blas;
import org.widenet.math.MatrixVector;
import org.widenet.math.PackedSymmetric;

/**
 * The linearized network of lazy training (Song et al. Section 6 and Appendix F; Chizat et
 * al.), trained by the same optimizer as the network: h_lin(Theta) = F(Theta0) +
 * J0 (Theta - Theta0), with J0 the Jacobian of the training outputs at initialization.
 *
 * <p>Its dynamics are run in function space: a gradient step of 0.5 ||F_lin - Y||^2 on the
 * rows B moves the parameters by -eta J0_B^T (F_lin,B - Y_B), hence the outputs by
 * {@code F_lin <- F_lin - eta H0[:, B] (F_lin,B - Y_B)} with H0 = J0 J0^T the Gram at
 * initialization (B all rows for gd). This needs H0 only (nk x nk on the driver), never J0
 * (nk x width (d0 + k)), and is exact, not a further approximation: the parameter-space
 * trajectory of the linear model maps to exactly these outputs.
 */
public final class LinearizedModel {
  private final int nk;
  private final int n;
  private final double[] h0;
  private final double[] y;
  private final double[] f;

  /**
   * @param n training rows
   * @param k outputs
   * @param h0Packed H0, packed nk x nk (not kept)
   * @param f0 the network's outputs at initialization, n x k column-major (copied)
   * @param y the targets, n x k column-major (kept by reference)
   */
  public LinearizedModel(int n, int k, double[] h0Packed, double[] f0, double[] y) {
    this.n = n;
    this.nk = n * k;
    this.h0 = PackedSymmetric.unpack(nk, h0Packed);
    this.y = y;
    this.f = f0.clone();
  }

  /** One full-batch gradient step of size eta. */
  public void stepAll(double eta) {
    double[] r = new double[nk];
    for (int a = 0; a < nk; a++) {
      r[a] = f[a] - y[a];
    }
    MatrixVector.times(nk, nk, -eta, h0, r, 1.0, f);
  }

  /** One gradient step of size eta on the batch rows (every output of each row). */
  public void stepBatch(double eta, int[] rows) {
    int k = nk / n;
    int m = rows.length * k;
    int[] cols = new int[m];
    double[] r = new double[m];
    for (int c = 0; c < k; c++) {
      for (int t = 0; t < rows.length; t++) {
        int a = rows[t] + n * c;
        cols[c * rows.length + t] = a;
        r[c * rows.length + t] = f[a] - y[a];
      }
    }
    for (int q = 0; q < m; q++) {
      Blas.blas().daxpy(nk, -eta * r[q], h0, cols[q] * nk, 1, f, 0, 1);
    }
  }

  /** The linearized model's current outputs, n x k column-major (a copy). */
  public double[] outputs() {
    return f.clone();
  }

  /** ||F - F_lin||_F for the network's outputs F (n x k column-major). */
  public double distanceTo(double[] outputs) {
    double s = 0.0;
    for (int a = 0; a < nk; a++) {
      double d = outputs[a] - f[a];
      s += d * d;
    }
    return Math.sqrt(s);
  }
}
