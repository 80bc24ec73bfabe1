package org.widenet.deep;

import org.widenet.math.Blas;
import org.widenet.math.PackedSymmetric;

/**
 * The baseline the C V^T form is measured against: one block holding W_L dense (m x m),
 * updated every step by W_L -= U diag(g) V^T (2 n m^2 flops) and applied by Z = W_L V
 * (2 n m^2 flops), so an iteration costs O(n m^2) like naive training. For benchmarks and
 * tests only; it holds m^2 doubles.
 */
public final class DenseLastLayer implements DeepEngine {
  private final DeepSpec spec;
  private final LayerPass.Result frozen;
  private final double[] kv;
  private final double[] v;
  private final double[] w;
  private final double[] a;
  private final int m;
  private final int n;
  private double[] u;

  /** W_L(0) generated from the seed; V from the frozen pass. */
  public DenseLastLayer(DeepSpec spec, LayerPass.Result frozen) {
    this.spec = spec;
    this.frozen = frozen;
    this.m = spec.width();
    this.n = frozen.v().cols();
    this.kv = frozen.v().gram();
    this.v = frozen.v().dense();
    this.w = new double[Math.multiplyExact(m, m)];
    double[] row = new double[m];
    this.a = new double[m];
    for (int r = 0; r < m; r++) {
      DeepWeights.row(spec, spec.depth(), r, row);
      for (int c = 0; c < m; c++) {
        w[r + c * m] = row[c];
      }
      a[r] = DeepWeights.sign(spec, r);
    }
  }

  @Override
  public int numBlocks() {
    return 1;
  }

  @Override
  public LayerPass.Result frozen() {
    return frozen;
  }

  @Override
  public double[] kv() {
    return kv.clone();
  }

  @Override
  public DeepPartial advance(double[] step, boolean gram, SketchRequest sketch) {
    if (step != null) {
      double[] ug = new double[m * n];
      for (int i = 0; i < n; i++) {
        for (int r = 0; r < m; r++) {
          ug[r + i * m] = u[r + i * m] * step[i];
        }
      }
      Blas.blas().dgemm("N", "T", m, m, n, -1.0, ug, m, v, m, 1.0, w, m);
    }
    double[] z = new double[m * n];
    Blas.blas().dgemm("N", "N", m, n, m, 1.0, w, m, v, m, 0.0, z, m);
    double tau = spec.tau();
    double scale = spec.scale();
    double shift = spec.shifted() ? tau : 0.0;
    u = new double[m * n];
    double[] f = new double[n];
    long active = 0;
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < m; r++) {
        double zi = z[r + i * m];
        if (zi > tau) {
          f[i] += a[r] * scale * (zi - shift);
          u[r + i * m] = scale * a[r];
          active++;
        }
      }
    }
    double[] uu = null;
    if (gram) {
      double[] full = new double[n * n];
      Blas.blas().dsyrk("U", "T", n, m, 1.0, u, m, 0.0, full, n);
      uu = PackedSymmetric.pack(n, full);
    }
    double[] left = null;
    if (sketch != null) {
      left = new double[sketch.size() * n];
      sketch.sketcher().addLeft(0, m, n, u, left);
    }
    return new DeepPartial(0, f, uu, Double.NaN, active, left);
  }

  @Override
  public double[] gramTimes(double[] x) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double uu = 0;
        for (int r = 0; r < m; r++) {
          uu += u[r + i * m] * u[r + j * m];
        }
        out[i] += uu * kv[i + j * n] * x[j];
      }
    }
    return out;
  }

  @Override
  public void close() {}
}
