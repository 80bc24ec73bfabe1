package org.widenet.math;

/**
 * Plain nested-loop twins of the math kernels, written for obviousness rather than speed. All
 * matrices are column-major; full symmetric matrices are n by n.
 */
final class ReferenceKernels {

  private ReferenceKernels() {}

  /** z_ir = sum_k x_ik w_kr. */
  static double[] preActivations(int n, int d, int mb, double[] x, double[] w) {
    double[] z = new double[n * mb];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < mb; r++) {
        double sum = 0.0;
        for (int k = 0; k < d; k++) {
          sum += x[i + k * n] * w[k + r * d];
        }
        z[i + r * n] = sum;
      }
    }
    return z;
  }

  /** u_i = sum_r a_r phi(z_ir). */
  static double[] forward(Activation act, int n, int mb, double[] z, double[] a) {
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0.0;
      for (int r = 0; r < mb; r++) {
        sum += a[r] * act.value(z[i + r * n]);
      }
      u[i] = sum;
    }
    return u;
  }

  /** Returns a copy of w with w_r -= coef * a_r * sum_i s_i phi'(z_ir) x_i. */
  static double[] applyStep(Activation act, int n, int d, int mb, double[] x, double[] z,
      double[] a, double[] s, double coef, double[] w) {
    double[] out = w.clone();
    for (int r = 0; r < mb; r++) {
      for (int k = 0; k < d; k++) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          sum += s[i] * act.derivative(z[i + r * n]) * x[i + k * n];
        }
        out[k + r * d] -= coef * a[r] * sum;
      }
    }
    return out;
  }

  /** C_ir = scale * a_r * phi'(z_ir). */
  static double[] derivativeMatrix(Activation act, int n, int mb, double[] z, double[] a,
      double scale) {
    double[] c = new double[n * mb];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < mb; r++) {
        c[i + r * n] = scale * a[r] * act.derivative(z[i + r * n]);
      }
    }
    return c;
  }

  /** Full m by m product M M^T of an m by k column-major M. */
  static double[] outerGram(int m, int k, double[] mat) {
    double[] g = new double[m * m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double sum = 0.0;
        for (int c = 0; c < k; c++) {
          sum += mat[i + c * m] * mat[j + c * m];
        }
        g[i + j * m] = sum;
      }
    }
    return g;
  }

  /** Jacobian of scale*u with respect to W: J[i, r*d+k] = scale * a_r * phi'(z_ir) * x_ik. */
  static double[] jacobian(Activation act, int n, int d, int mb, double[] x, double[] z,
      double[] a, double scale) {
    double[] jac = new double[n * d * mb];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < mb; r++) {
        for (int k = 0; k < d; k++) {
          jac[i + (r * d + k) * n] = scale * a[r] * act.derivative(z[i + r * n]) * x[i + k * n];
        }
      }
    }
    return jac;
  }

  /** J (J^T v) with the explicit Jacobian of {@link #jacobian}: two plain matrix-vector loops. */
  static double[] jacobianGramTimes(Activation act, int n, int d, int mb, double[] x,
      double[] z, double[] a, double scale, double[] v) {
    double[] jac = jacobian(act, n, d, mb, x, z, a, scale);
    int p = d * mb;
    double[] jtv = new double[p];
    for (int q = 0; q < p; q++) {
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        sum += jac[i + q * n] * v[i];
      }
      jtv[q] = sum;
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0.0;
      for (int q = 0; q < p; q++) {
        sum += jac[i + q * n] * jtv[q];
      }
      out[i] = sum;
    }
    return out;
  }

  /** Loss 0.5 * ||scale * u(W) - y||^2. */
  static double loss(Activation act, int n, int d, int mb, double[] x, double[] w, double[] a,
      double scale, double[] y) {
    double[] u = forward(act, n, mb, preActivations(n, d, mb, x, w), a);
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      double res = scale * u[i] - y[i];
      sum += res * res;
    }
    return 0.5 * sum;
  }

  /** Analytic gradient of the loss: dL/dw_kr = sum_i res_i * scale * a_r * phi'(z_ir) * x_ik. */
  static double[] gradient(Activation act, int n, int d, int mb, double[] x, double[] w,
      double[] a, double scale, double[] y) {
    double[] z = preActivations(n, d, mb, x, w);
    double[] res = residual(act, n, mb, z, a, scale, y);
    double[] grad = new double[d * mb];
    for (int r = 0; r < mb; r++) {
      for (int k = 0; k < d; k++) {
        double sum = 0.0;
        for (int i = 0; i < n; i++) {
          sum += res[i] * scale * a[r] * act.derivative(z[i + r * n]) * x[i + k * n];
        }
        grad[k + r * d] = sum;
      }
    }
    return grad;
  }

  /** res_i = scale * u_i - y_i. */
  static double[] residual(Activation act, int n, int mb, double[] z, double[] a, double scale,
      double[] y) {
    double[] u = forward(act, n, mb, z, a);
    double[] res = new double[n];
    for (int i = 0; i < n; i++) {
      res[i] = scale * u[i] - y[i];
    }
    return res;
  }

  /** Full n by n matrix times vector. */
  static double[] multiply(int n, double[] full, double[] v) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = 0.0;
      for (int j = 0; j < n; j++) {
        sum += full[i + j * n] * v[j];
      }
      out[i] = sum;
    }
    return out;
  }

  /** Packs the upper triangle with explicit index arithmetic. */
  static double[] packUpper(int n, double[] full) {
    double[] packed = new double[n * (n + 1) / 2];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        packed[i + j * (j + 1) / 2] = full[i + j * n];
      }
    }
    return packed;
  }
}
