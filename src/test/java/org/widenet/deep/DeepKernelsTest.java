package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SpdSolver;
import org.widenet.testutil.Problems;
import org.widenet.testutil.Tolerance;

/** The deep-last kernels against {@link DenseDeepNetwork}. */
class DeepKernelsTest {
  private static final int N = 6;
  private static final int D = 4;
  private static final int M = 24;

  private static double[][] rows(Dataset data) {
    double[][] xs = new double[data.n()][];
    for (int i = 0; i < data.n(); i++) {
      xs[i] = data.row(i);
    }
    return xs;
  }

  private static DeepSpec spec(int depth, double alpha) {
    return DeepSpec.withAlpha(D, M, depth, alpha, 7);
  }

  private static final DeepActivation[] BOTH = DeepActivation.values();

  @Test
  void activationScaleKeepsNormsNearOne() {
    for (DeepActivation act : BOTH) {
      activationScaleKeepsNormsNearOne(DeepSpec.withAlpha(10, 4096, 3, 0.3, 1).with(act));
    }
  }

  private void activationScaleKeepsNormsNearOne(DeepSpec s) {
    // c_b = 1 / (2 (1 - Phi(b) + b phi(b))), with b = 0 the plain ReLU (c_b = 1).
    assertEquals(1.0, new DeepSpec(3, 100, 2, 0.0, 1).with(s.activation()).scale(), 1e-15);
    double b = s.threshold();
    double tail = DeepSpec.upperTail(b);
    double density = Math.exp(-b * b / 2) / Math.sqrt(2 * Math.PI);
    double moment = s.shifted() ? (1 + b * b) * tail - b * density : tail + b * density;
    assertEquals(1 / Math.sqrt(2 * moment), s.scale(), 1e-14);
    Dataset data = Problems.sphere(8, 10, "random", 3);
    LayerPass.Result r = new DeepLocalEngine(s, 2, LayerPass.inputs(8, 10, data.x())).frozen();
    for (LayerPass.LayerStats st : r.stats()) {
      assertEquals(1.0, st.meanNorm(), 0.15, "layer " + st.layer());
      assertEquals(st.predictedFraction(), st.activeFraction(), 0.5 * st.predictedFraction());
      assertTrue(st.meanActive() <= st.paperActive(), "1 - Phi(b) <= m^-alpha");
    }
  }

  @Test
  void layerPassMatchesDenseForward() {
    for (int depth : new int[] {2, 3, 4}) {
      DeepSpec s = spec(depth, 0.2);
      Dataset data = Problems.sphere(N, D, "random", 11);
      DenseDeepNetwork ref = new DenseDeepNetwork(s);
      DeepLocalEngine engine = new DeepLocalEngine(s, 5, LayerPass.inputs(N, D, data.x()));
      double[] v = engine.frozen().v().dense();
      for (int i = 0; i < N; i++) {
        double[] h = ref.h(data.row(i), depth - 1);
        for (int r = 0; r < M; r++) {
          assertEquals(h[r], v[r + i * M], Tolerance.EXACT, "depth " + depth);
        }
      }
    }
  }

  @Test
  void forwardUvAndGramMatchDense() {
    for (DeepActivation act : BOTH) {
      forwardUvAndGramMatchDense(spec(3, 0.1).with(act));
    }
  }

  private void forwardUvAndGramMatchDense(DeepSpec s) {
    Dataset data = Problems.sphere(N, D, "random", 12);
    double[][] xs = rows(data);
    DenseDeepNetwork ref = new DenseDeepNetwork(s);
    DeepLocalEngine engine = new DeepLocalEngine(s, 3, LayerPass.inputs(N, D, data.x()));
    DeepPartial p = engine.advance(null, true, null);
    double[] kv = PackedSymmetric.pack(N, engine.kv());
    double[] g = p.uu().clone();
    PackedSymmetric.hadamard(g, kv, g);
    for (int i = 0; i < N; i++) {
      assertEquals(ref.f(xs[i]), p.f()[i], Tolerance.EXACT);
      for (int j = i; j < N; j++) {
        double[] ji = ref.jacobianRow(xs[i]);
        double[] jj = ref.jacobianRow(xs[j]);
        double dot = 0;
        for (int k = 0; k < ji.length; k++) {
          dot += ji[k] * jj[k];
        }
        assertEquals(dot, PackedSymmetric.get(g, i, j), Tolerance.EXACT * Math.max(1, dot));
      }
    }
    // u_i = D_{i,L} a on every block's rows; v_i = h_{i,L-1}.
    int first = 0;
    for (DeepBlock block : engine.blocks()) {
      for (int i = 0; i < N; i++) {
        double[] u = ref.u(xs[i]);
        for (int r = 0; r < block.count(); r++) {
          assertEquals(u[first + r], block.u()[r + i * block.count()], Tolerance.EXACT);
        }
      }
      first += block.count();
    }
    assertEquals(M, first);
    double[] v = engine.frozen().v().dense();
    for (int i = 0; i < N; i++) {
      double[] h = ref.h(xs[i], s.depth() - 1);
      for (int r = 0; r < M; r++) {
        assertEquals(h[r], v[r + i * M], Tolerance.EXACT);
      }
    }
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      x[i] = Math.sin(i + 1.0);
    }
    double[] gx = engine.gramTimes(x);
    for (int i = 0; i < N; i++) {
      double expected = 0;
      for (int j = 0; j < N; j++) {
        expected += PackedSymmetric.get(g, i, j) * x[j];
      }
      assertEquals(expected, gx[i], Tolerance.EXACT * Math.max(1, Math.abs(expected)));
    }
  }

  @Test
  void jacobianMatchesFiniteDifferences() {
    for (DeepActivation act : BOTH) {
      jacobianMatchesFiniteDifferences(spec(3, 0.1).with(act));
    }
  }

  private void jacobianMatchesFiniteDifferences(DeepSpec s) {
    Dataset data = Problems.sphere(3, D, "random", 13);
    DenseDeepNetwork ref = new DenseDeepNetwork(s);
    double eps = 1e-7;
    int checked = 0;
    for (int i = 0; i < 3; i++) {
      double[] x = data.row(i);
      double[] row = ref.jacobianRow(x);
      for (int r = 0; r < M; r += 5) {
        for (int c = 0; c < M; c += 3) {
          double[][] wl = ref.w[s.depth()];
          double keep = wl[r][c];
          wl[r][c] = keep + eps;
          double plus = ref.f(x);
          wl[r][c] = keep - eps;
          double minus = ref.f(x);
          wl[r][c] = keep;
          double fd = (plus - minus) / (2 * eps);
          assertEquals(row[r * M + c], fd, Tolerance.FINITE_DIFFERENCE);
          checked++;
        }
      }
    }
    assertTrue(checked > 50);
  }

  @Test
  void lowRankFormMatchesDenseUpdatesStepByStep() {
    for (DeepActivation act : BOTH) {
      lowRankFormMatchesDenseUpdatesStepByStep(spec(3, 0.1).with(act));
    }
  }

  private void lowRankFormMatchesDenseUpdatesStepByStep(DeepSpec s) {
    Dataset data = Problems.sphere(N, D, "random", 14);
    double[][] xs = rows(data);
    DenseDeepNetwork ref = new DenseDeepNetwork(s);
    DeepLocalEngine engine = new DeepLocalEngine(s, 4, LayerPass.inputs(N, D, data.x()));
    double[] kv = PackedSymmetric.pack(N, engine.kv());
    double[] step = null;
    double[][] initial = new double[M][];
    for (int r = 0; r < M; r++) {
      initial[r] = ref.w[s.depth()][r].clone();
    }
    for (int t = 0; t < 4; t++) {
      DeepPartial p = engine.advance(step, true, null);
      for (int i = 0; i < N; i++) {
        assertEquals(ref.f(xs[i]), p.f()[i], 1e-11, "iteration " + t);
      }
      double maxMove = 0;
      for (int r = 0; r < M; r++) {
        double sq = 0;
        for (int c = 0; c < M; c++) {
          double dw = ref.w[s.depth()][r][c] - initial[r][c];
          sq += dw * dw;
        }
        maxMove = Math.max(maxMove, sq);
      }
      assertEquals(Math.sqrt(maxMove), Math.sqrt(p.maxMove()), 1e-11);
      if (t > 0) {
        assertTrue(maxMove > 0);
      }
      double[] g = p.uu().clone();
      PackedSymmetric.hadamard(g, kv, g);
      double[] e = new double[N];
      for (int i = 0; i < N; i++) {
        e[i] = p.f()[i] - data.y()[i];
      }
      step = SpdSolver.solve(N, g, 1e-3, e);
      ref.step(xs, step);
    }
  }
}
