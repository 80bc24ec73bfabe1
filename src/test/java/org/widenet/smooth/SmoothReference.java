package org.widenet.smooth;

/**
 * Plain, obviously-correct twins of the smooth2 kernels on double[][] (W[r][i], V[c][r],
 * X[i][j] with training row i), for the tests only.
 */
final class SmoothReference {
  final SmoothActivation phi;
  final double[][] w;
  final double[][] v;

  SmoothReference(SmoothActivation phi, double[][] w, double[][] v) {
    this.phi = phi;
    this.w = w;
    this.v = v;
  }

  /** The reference network with the initial weights of spec, neuron by neuron. */
  static SmoothReference initial(SmoothSpec spec) {
    int m = (int) spec.width();
    double[][] w = new double[m][spec.d0()];
    double[][] v = new double[spec.k()][m];
    for (int r = 0; r < m; r++) {
      double[] wr = new double[spec.d0()];
      double[] vr = new double[spec.k()];
      SmoothInitializer.fill(spec, r, 1, wr, vr);
      w[r] = wr;
      for (int c = 0; c < spec.k(); c++) {
        v[c][r] = vr[c];
      }
    }
    return new SmoothReference(spec.activation(), w, v);
  }

  double pre(int r, double[] xi) {
    double s = 0;
    for (int j = 0; j < xi.length; j++) {
      s += w[r][j] * xi[j];
    }
    return s;
  }

  /** F[i][c]. */
  double[][] outputs(double[][] x) {
    double[][] f = new double[x.length][v.length];
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < v.length; c++) {
        for (int r = 0; r < w.length; r++) {
          f[i][c] += v[c][r] * phi.value(pre(r, x[i]));
        }
      }
    }
    return f;
  }

  double loss(double[][] x, double[][] y) {
    double[][] f = outputs(x);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      for (int c = 0; c < v.length; c++) {
        s += (f[i][c] - y[i][c]) * (f[i][c] - y[i][c]);
      }
    }
    return 0.5 * s;
  }

  /** d loss / d W[r][j]. */
  double[][] gradW(double[][] x, double[][] y) {
    double[][] f = outputs(x);
    double[][] g = new double[w.length][w[0].length];
    for (int r = 0; r < w.length; r++) {
      for (int i = 0; i < x.length; i++) {
        double back = 0;
        for (int c = 0; c < v.length; c++) {
          back += (f[i][c] - y[i][c]) * v[c][r];
        }
        double dz = phi.derivative(pre(r, x[i])) * back;
        for (int j = 0; j < x[i].length; j++) {
          g[r][j] += dz * x[i][j];
        }
      }
    }
    return g;
  }

  /** d loss / d V[c][r]. */
  double[][] gradV(double[][] x, double[][] y) {
    double[][] f = outputs(x);
    double[][] g = new double[v.length][w.length];
    for (int c = 0; c < v.length; c++) {
      for (int r = 0; r < w.length; r++) {
        for (int i = 0; i < x.length; i++) {
          g[c][r] += (f[i][c] - y[i][c]) * phi.value(pre(r, x[i]));
        }
      }
    }
    return g;
  }

  /** One gradient step on rows (all when null), both layers from the old weights. */
  SmoothReference step(double[][] x, double[][] y, double eta) {
    double[][] gw = gradW(x, y);
    double[][] gv = gradV(x, y);
    double[][] w2 = new double[w.length][];
    double[][] v2 = new double[v.length][];
    for (int r = 0; r < w.length; r++) {
      w2[r] = w[r].clone();
      for (int j = 0; j < w2[r].length; j++) {
        w2[r][j] -= eta * gw[r][j];
      }
    }
    for (int c = 0; c < v.length; c++) {
      v2[c] = v[c].clone();
      for (int r = 0; r < w.length; r++) {
        v2[c][r] -= eta * gv[c][r];
      }
    }
    return new SmoothReference(phi, w2, v2);
  }

  /**
   * The Jacobian of the outputs (row (i, c) at i + n c) with respect to the parameters, laid
   * out as all W[r][j] (r major) then all V[c][r].
   */
  double[][] jacobian(double[][] x) {
    int n = x.length;
    int k = v.length;
    int m = w.length;
    int d0 = w[0].length;
    double[][] j = new double[n * k][m * d0 + k * m];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) {
        int row = i + n * c;
        for (int r = 0; r < m; r++) {
          double z = pre(r, x[i]);
          for (int q = 0; q < d0; q++) {
            j[row][r * d0 + q] = v[c][r] * phi.derivative(z) * x[i][q];
          }
          j[row][m * d0 + c * m + r] = phi.value(z);
        }
      }
    }
    return j;
  }

  /** J J^T. */
  double[][] gram(double[][] x) {
    double[][] j = jacobian(x);
    double[][] h = new double[j.length][j.length];
    for (int a = 0; a < j.length; a++) {
      for (int b = 0; b < j.length; b++) {
        for (int p = 0; p < j[a].length; p++) {
          h[a][b] += j[a][p] * j[b][p];
        }
      }
    }
    return h;
  }

  /** All parameters flattened like the Jacobian's columns. */
  double[] parameters() {
    int m = w.length;
    int d0 = w[0].length;
    double[] p = new double[m * d0 + v.length * m];
    for (int r = 0; r < m; r++) {
      System.arraycopy(w[r], 0, p, r * d0, d0);
    }
    for (int c = 0; c < v.length; c++) {
      System.arraycopy(v[c], 0, p, m * d0 + c * m, m);
    }
    return p;
  }

  static double[][] rows(double[] colMajor, int n) {
    int d = colMajor.length / n;
    double[][] out = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i][j] = colMajor[i + n * j];
      }
    }
    return out;
  }

  static double[] colMajor(double[][] m) {
    int n = m.length;
    int d = m[0].length;
    double[] out = new double[n * d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i + n * j] = m[i][j];
      }
    }
    return out;
  }
}
