package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SpdSolver;
import org.widenet.model.Pass;
import org.widenet.testutil.Problems;
import org.widenet.testutil.Tolerance;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

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

  /** The local engine on the frozen layers' outputs (computed on the same split). */
  static LocalEngine engine(DeepSpec s, int blocks, DeepInputs in) {
    return new LocalEngine(new DeepFamily(s), blocks, in, OrderedSum.DEFAULT_FAN_IN);
  }

  static DeepInputs inputs(DeepSpec s, int blocks, Dataset data) {
    return new DeepInputs(DeepFamily.frozenLocally(s, blocks,
        LayerPass.inputs(data.n(), data.d(), data.x())).v());
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
    LayerPass.Result r = DeepFamily.frozenLocally(s, 2, LayerPass.inputs(8, 10, data.x()));
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
      double[] v = DeepFamily.frozenLocally(s, 5, LayerPass.inputs(N, D, data.x())).v().dense();
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
    DeepInputs in = inputs(s, 3, data);
    LocalEngine engine = engine(s, 3, in);
    DeepPartial p = (DeepPartial) engine.advance(null, Pass.WITH_GRAM, 0);
    double[] kv = PackedSymmetric.pack(N, in.kv());
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
    for (DeepBlock block : engine.<DeepBlock>blocks()) {
      for (int i = 0; i < N; i++) {
        double[] u = ref.u(xs[i]);
        for (int r = 0; r < block.count(); r++) {
          assertEquals(u[first + r], block.u()[r + i * block.count()], Tolerance.EXACT);
        }
      }
      first += block.count();
    }
    assertEquals(M, first);
    double[] v = in.v().dense();
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
    double[] gx = DeepFamily.gramTimes(engine, x);
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
    DeepInputs in = inputs(s, 4, data);
    LocalEngine engine = engine(s, 4, in);
    double[] kv = PackedSymmetric.pack(N, in.kv());
    double[] step = null;
    double[][] initial = new double[M][];
    for (int r = 0; r < M; r++) {
      initial[r] = ref.w[s.depth()][r].clone();
    }
    for (int t = 0; t < 4; t++) {
      DeepPartial p = (DeepPartial) engine.advance(step == null ? null : new DeepStep(step),
          Pass.WITH_GRAM, t);
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

  /**
   * A step is written into C_b's own array (no copy of the weights per step), the new u into
   * u's, and it is bit for bit C_b[:, i] -= g_i u_i computed plainly from the block before
   * the step; the new u is the plain mask of z = g0 + C_b (V^T V).
   */
  @Test
  void stepIsWrittenInPlaceAndMatchesAPlainReference() {
    DeepSpec s = spec(3, 0.1);
    Dataset data = Problems.sphere(N, D, "random", 15);
    DeepInputs in = inputs(s, 3, data);
    LocalEngine engine = engine(s, 3, in);
    engine.advance(null, Pass.FORWARD, 0);
    double[] g = new double[N];
    for (int i = 0; i < N; i++) {
      g[i] = 0.3 * Math.sin(i + 2.0);
    }
    double[] kv = in.kv();
    int changed = 0;
    for (int t = 1; t <= 3; t++) {
      List<DeepBlock> before = engine.blocks();
      double[][] c0 = new double[before.size()][];
      double[][] u0 = new double[before.size()][];
      for (int b = 0; b < before.size(); b++) {
        c0[b] = before.get(b).coefficients().clone();
        u0[b] = before.get(b).u().clone();
      }
      engine.advance(new DeepStep(g), Pass.of(t == 2), t);
      List<DeepBlock> after = engine.blocks();
      for (int b = 0; b < after.size(); b++) {
        DeepBlock x = before.get(b);
        DeepBlock y = after.get(b);
        assertSame(x.coefficients(), y.coefficients(), "C_b is updated in its own array");
        assertSame(x.u(), y.u(), "u is updated in its own array");
        assertSame(x.initialPreActivations(), y.initialPreActivations());
        assertEquals(t, y.stepsApplied());
        int count = y.count();
        for (int i = 0; i < N; i++) {
          for (int r = 0; r < count; r++) {
            int k = r + i * count;
            double expected = c0[b][k] - g[i] * u0[b][k];
            assertEquals(Double.doubleToRawLongBits(expected),
                Double.doubleToRawLongBits(y.coefficients()[k]), "block " + b + " C[" + k + "]");
            double z = y.initialPreActivations()[k];
            for (int j = 0; j < N; j++) {
              z += y.coefficients()[r + j * count] * kv[j + i * N];
            }
            double u = z > s.tau() ? s.scale() * y.signs()[r] : 0.0;
            assertEquals(u, y.u()[k], 0.0, "block " + b + " u[" + k + "]");
            if (u != u0[b][k]) {
              changed++;
            }
          }
        }
      }
    }
    assertTrue(changed > 0, "the steps change some activation patterns");
  }
}
