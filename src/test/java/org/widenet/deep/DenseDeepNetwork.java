package org.widenet.deep;

/**
 * The plain, obviously-correct reference twin of the deep-last kernels: every layer a dense
 * double[][] built row by row from {@link DeepWeights}, the forward pass and the Jacobian rows
 * written out with loops, W_L updated densely step by step.
 */
final class DenseDeepNetwork {
  final DeepSpec spec;
  final double[][][] w;
  final double[] a;

  DenseDeepNetwork(DeepSpec spec) {
    this.spec = spec;
    int m = spec.width();
    w = new double[spec.depth() + 1][][];
    for (int l = 1; l <= spec.depth(); l++) {
      w[l] = new double[m][spec.fanIn(l)];
      for (int r = 0; r < m; r++) {
        DeepWeights.row(spec, l, r, w[l][r]);
      }
    }
    a = new double[m];
    for (int r = 0; r < m; r++) {
      a[r] = DeepWeights.sign(spec, r);
    }
  }

  static double phi(double x, DeepSpec s) {
    double tau = Math.sqrt(2.0 / s.width()) * s.threshold();
    if (s.activation() == DeepActivation.SHIFTED) {
      return Math.max(x - tau, 0) * s.scale();
    }
    return x > tau ? s.scale() * x : 0;
  }

  static double dphi(double x, DeepSpec s) {
    double tau = Math.sqrt(2.0 / s.width()) * s.threshold();
    return x > tau ? s.scale() : 0;
  }

  static double[] times(double[][] mat, double[] v) {
    double[] out = new double[mat.length];
    for (int r = 0; r < mat.length; r++) {
      double sum = 0;
      for (int k = 0; k < v.length; k++) {
        sum += mat[r][k] * v[k];
      }
      out[r] = sum;
    }
    return out;
  }

  /** h_{layer} for input x (layer 0 = x). */
  double[] h(double[] x, int layer) {
    double[] h = x;
    for (int l = 1; l <= layer; l++) {
      double[] g = times(w[l], h);
      h = new double[g.length];
      for (int r = 0; r < g.length; r++) {
        h[r] = phi(g[r], spec);
      }
    }
    return h;
  }

  double f(double[] x) {
    double[] h = h(x, spec.depth());
    double s = 0;
    for (int r = 0; r < h.length; r++) {
      s += a[r] * h[r];
    }
    return s;
  }

  /** u = D_L a. */
  double[] u(double[] x) {
    double[] g = times(w[spec.depth()], h(x, spec.depth() - 1));
    double[] u = new double[g.length];
    for (int r = 0; r < g.length; r++) {
      u[r] = dphi(g[r], spec) * a[r];
    }
    return u;
  }

  /** The Jacobian row vec(u v^T) of point x with respect to W_L. */
  double[] jacobianRow(double[] x) {
    double[] u = u(x);
    double[] v = h(x, spec.depth() - 1);
    double[] row = new double[u.length * v.length];
    for (int r = 0; r < u.length; r++) {
      for (int c = 0; c < v.length; c++) {
        row[r * v.length + c] = u[r] * v[c];
      }
    }
    return row;
  }

  /** W_L -= sum_i g_i u_i v_i^T with u, v at the current W_L. */
  void step(double[][] xs, double[] g) {
    int m = spec.width();
    double[][] us = new double[xs.length][];
    double[][] vs = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      us[i] = u(xs[i]);
      vs[i] = h(xs[i], spec.depth() - 1);
    }
    double[][] wl = w[spec.depth()];
    for (int i = 0; i < xs.length; i++) {
      for (int r = 0; r < m; r++) {
        for (int c = 0; c < m; c++) {
          wl[r][c] -= g[i] * us[i][r] * vs[i][c];
        }
      }
    }
  }
}
