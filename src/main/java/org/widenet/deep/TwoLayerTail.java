package org.widenet.deep;

import java.util.ArrayList;
import java.util.List;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SingularSystemException;
import org.widenet.math.SpdSolver;
import org.widenet.math.SymmetricEigen;
import org.widenet.train.TrainingDivergedException;

/**
 * Gauss-Newton on the last two layers, W_{L-1} and W_L, together: BEYOND THE PAPER'S
 * GUARANTEE. The paper trains only W_L because the Gram of the other layers can be nearly
 * singular (its Lemma E.2 and Remark E.6); nothing here is covered by its Theorem 1.1.
 *
 * <p>Since v_{i,L} = h_{i,L-1} now changes, the C V^T form no longer applies: both layers are
 * kept in {@link LowRankMaintenance} (dense W as last rebuilt plus the pending factors of the
 * steps, rebuilt at rank m^min(alpha, 1/3)), the paper's Algorithms 3-4. The Jacobian row of
 * point i is (u_{i,L-1} h_{i,L-2}^T, u_{i,L} h_{i,L-1}^T) with u_{i,L} = D_{i,L} a and
 * u_{i,L-1} = D_{i,L-1} W_L^T u_{i,L}; the Gram is the sum of the two layers' Hadamard forms.
 * Everything runs in one JVM (W_L is m x m here): a reference and an experiment, not the
 * distributed path.
 */
public final class TwoLayerTail {
  private final DeepSpec spec;
  private final int n;
  private final int fanIn;
  private final double[] input;
  private final double[] inputGram;
  private final LowRankMaintenance below;
  private final LowRankMaintenance top;
  private final double[] a;
  private double[] h;
  private double[] uTop;
  private double[] uBelow;

  /**
   * @param x the inputs, d x n; layers 1..L-2 are run here (frozen)
   */
  public TwoLayerTail(DeepSpec spec, SparseColumns x) {
    this.spec = spec;
    int m = spec.width();
    int lower = spec.depth() - 1;
    SparseColumns in = x;
    if (lower > 1) {
      DeepSpec frozenPart = new DeepSpec(spec.inputDim(), m, lower, spec.threshold(),
          spec.seed(), spec.activation());
      in = LayerPass.run(frozenPart, x, (layer, inp) -> List.of(
          LayerPass.blockLayer(frozenPart, layer, 0, m, inp))).v();
    }
    this.n = in.cols();
    this.fanIn = in.rows();
    this.input = in.dense();
    this.inputGram = PackedSymmetric.pack(n, in.gram());
    int threshold = LowRankMaintenance.threshold(m, spec.alpha());
    this.below = new LowRankMaintenance(m, fanIn, initial(spec, lower), threshold);
    this.top = new LowRankMaintenance(m, m, initial(spec, spec.depth()), threshold);
    this.a = new double[m];
    for (int r = 0; r < m; r++) {
      a[r] = DeepWeights.sign(spec, r);
    }
  }

  private static double[] initial(DeepSpec spec, int layer) {
    int m = spec.width();
    int fan = spec.fanIn(layer);
    double[] w = new double[m * fan];
    double[] row = new double[fan];
    for (int r = 0; r < m; r++) {
      DeepWeights.row(spec, layer, r, row);
      for (int c = 0; c < fan; c++) {
        w[r + c * m] = row[c];
      }
    }
    return w;
  }

  /** f at the current weights; keeps h_{L-1}, u_L and u_{L-1} for the Gram and the step. */
  public double[] forward() {
    int m = spec.width();
    double tau = spec.tau();
    double scale = spec.scale();
    h = new double[m * n];
    uTop = new double[m * n];
    uBelow = new double[m * n];
    double[] f = new double[n];
    double[] y = new double[fanIn];
    for (int i = 0; i < n; i++) {
      System.arraycopy(input, i * fanIn, y, 0, fanIn);
      double[] g1 = below.query(y);
      double[] hi = new double[m];
      for (int r = 0; r < m; r++) {
        hi[r] = spec.phi(g1[r]);
      }
      double[] g2 = top.query(hi);
      double[] ut = new double[m];
      for (int r = 0; r < m; r++) {
        f[i] += a[r] * spec.phi(g2[r]);
        ut[r] = ShiftedRelu.derivative(g2[r], tau, scale) * a[r];
      }
      double[] back = top.queryTransposed(ut);
      for (int r = 0; r < m; r++) {
        uBelow[r + i * m] = ShiftedRelu.derivative(g1[r], tau, scale) * back[r];
      }
      System.arraycopy(hi, 0, h, i * m, m);
      System.arraycopy(ut, 0, uTop, i * m, m);
    }
    return f;
  }

  /** The two-layer Gram at the last forward pass, packed. */
  public double[] gram() {
    int m = spec.width();
    double[] g = new double[PackedSymmetric.packedLength(n)];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double tt = 0;
        double hh = 0;
        double bb = 0;
        for (int r = 0; r < m; r++) {
          tt += uTop[r + i * m] * uTop[r + j * m];
          hh += h[r + i * m] * h[r + j * m];
          bb += uBelow[r + i * m] * uBelow[r + j * m];
        }
        g[PackedSymmetric.index(i, j)] = tt * hh + bb * inputGram[PackedSymmetric.index(i, j)];
      }
    }
    return g;
  }

  /** W_L -= sum_i g_i u_{i,L} h_{i,L-1}^T and W_{L-1} -= sum_i g_i u_{i,L-1} h_{i,L-2}^T. */
  public void step(double[] g) {
    int m = spec.width();
    double[] ut = new double[m * n];
    double[] ub = new double[m * n];
    for (int i = 0; i < n; i++) {
      for (int r = 0; r < m; r++) {
        ut[r + i * m] = -g[i] * uTop[r + i * m];
        ub[r + i * m] = -g[i] * uBelow[r + i * m];
      }
    }
    top.update(ut, h, n);
    below.update(ub, input, n);
  }

  /** Dense rebuilds so far of W_L and W_{L-1}. */
  public int rebuilds() {
    return top.rebuilds() + below.rebuilds();
  }

  /**
   * Runs Gauss-Newton steps, stopping early at ||f - y|| &lt;= tolerance ||y||. Records carry
   * the iteration, loss, residual, contraction, lambda_min of the two-layer Gram and the
   * active fraction of layer L; the row movement columns are NaN.
   */
  public List<DeepRecord> train(double[] y, int iterations, double damping, double tolerance,
      java.util.function.Consumer<DeepRecord> listener) {
    List<DeepRecord> rows = new ArrayList<>();
    double previous = Double.NaN;
    double yNorm = 0;
    for (double v : y) {
      yNorm += v * v;
    }
    yNorm = Math.sqrt(yNorm);
    for (int t = 0; t <= iterations; t++) {
      long start = System.nanoTime();
      double[] f = forward();
      double[] e = new double[n];
      double res = 0;
      for (int i = 0; i < n; i++) {
        e[i] = f[i] - y[i];
        res += e[i] * e[i];
      }
      res = Math.sqrt(res);
      double[] g = gram();
      long active = 0;
      for (double u : uTop) {
        if (u != 0) {
          active++;
        }
      }
      boolean done = t == iterations || res <= tolerance * yNorm;
      if (!done) {
        try {
          step(SpdSolver.solve(n, g, damping, e));
        } catch (SingularSystemException ex) {
          throw new TrainingDivergedException("deep-last: the two-layer Gauss-Newton Gram is "
              + "singular at iteration " + t + ": use a smaller --alpha, a larger --width, or "
              + "--damping", ex);
        }
      }
      double[] spectrum = SymmetricEigen.eigenvalues(n, g);
      DeepRecord r = new DeepRecord(t, 0.5 * res * res, res, t == 0 ? Double.NaN
          : res / previous, spectrum[0], spectrum[n - 1], Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, (double) active / ((double) spec.width() * n), 0,
          (System.nanoTime() - start) / 1e9);
      rows.add(r);
      listener.accept(r);
      if (done) {
        break;
      }
      previous = res;
    }
    return rows;
  }
}
