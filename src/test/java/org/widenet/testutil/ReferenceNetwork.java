package org.widenet.testutil;

import org.widenet.model.Initializer;
import org.widenet.model.NetworkSpec;

/**
 * A plain, loop-by-loop two-layer network used as the reference twin of the block engines:
 * every neuron's weights in one d x m array, outputs, Jacobian and gradient-descent steps
 * written the obvious way.
 */
public final class ReferenceNetwork {
  public final NetworkSpec spec;
  public final int n;
  public final int d;
  public final double[][] x;
  public final double[][] w;
  public final double[] a;

  /** @param xColMajor n x d column-major inputs */
  public ReferenceNetwork(NetworkSpec spec, double[] xColMajor, int n, int d) {
    this.spec = spec;
    this.n = n;
    this.d = d;
    this.x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        x[i][k] = xColMajor[i + k * n];
      }
    }
    int m = (int) spec.width();
    double[] flat = new double[d * m];
    a = new double[m];
    Initializer.fill(spec, d, 0, m, flat, a);
    w = new double[m][d];
    for (int r = 0; r < m; r++) {
      System.arraycopy(flat, r * d, w[r], 0, d);
    }
  }

  double z(int r, int i) {
    double s = 0;
    for (int k = 0; k < d; k++) {
      s += w[r][k] * x[i][k];
    }
    return s;
  }

  double phi(double z) {
    return spec.family().activation().value(z);
  }

  double dphi(double z) {
    return spec.family().activation().derivative(z);
  }

  public double[] outputs() {
    double c = spec.outputScale();
    double[] f = new double[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int r = 0; r < w.length; r++) {
        s += a[r] * phi(z(r, i));
      }
      f[i] = c * s;
    }
    return f;
  }

  public double loss(double[] y) {
    double[] f = outputs();
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += (f[i] - y[i]) * (f[i] - y[i]);
    }
    return 0.5 * s;
  }

  /** The explicit Jacobian of the outputs with respect to every w_r entry: n x (m d). */
  public double[][] jacobian() {
    double c = spec.outputScale();
    double[][] j = new double[n][w.length * d];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < w.length; r++) {
        double g = c * a[r] * dphi(z(r, i));
        for (int k = 0; k < d; k++) {
          j[i][r * d + k] = g * x[i][k];
        }
      }
    }
    return j;
  }

  /** J J^T as a full n x n array. */
  public double[][] jacobianGram() {
    double[][] j = jacobian();
    double[][] g = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double s = 0;
        for (int p = 0; p < j[i].length; p++) {
          s += j[i][p] * j[k][p];
        }
        g[i][k] = s;
      }
    }
    return g;
  }

  /** One gradient-descent step on 0.5 ||f - y||^2: w_r -= eta * J_r^T (f - y). */
  public void gradientStep(double[] y, double eta) {
    double[] f = outputs();
    double[][] j = jacobian();
    for (int r = 0; r < w.length; r++) {
      for (int k = 0; k < d; k++) {
        double g = 0;
        for (int i = 0; i < n; i++) {
          g += j[i][r * d + k] * (f[i] - y[i]);
        }
        w[r][k] -= eta * g;
      }
    }
  }
}
