package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SpdSolver;
import org.widenet.testutil.Problems;
import org.widenet.testutil.Tolerance;

/** Two trained layers against the dense twin, by finite differences and step by step. */
class TwoLayerTailTest {
  private static final int N = 5;
  private static final int D = 4;
  private static final int M = 20;

  /** u_{L-1} = D_{L-1} W_L^T D_L a of the dense twin. */
  private static double[] uBelow(DenseDeepNetwork ref, double[] x) {
    DeepSpec s = ref.spec;
    int l = s.depth();
    double[] uTop = ref.u(x);
    double[] g = DenseDeepNetwork.times(ref.w[l - 1], ref.h(x, l - 2));
    double[] out = new double[M];
    for (int c = 0; c < M; c++) {
      double sum = 0;
      for (int r = 0; r < M; r++) {
        sum += ref.w[l][r][c] * uTop[r];
      }
      out[c] = DenseDeepNetwork.dphi(g[c], s) * sum;
    }
    return out;
  }

  private static double dot(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += p[i] * q[i];
    }
    return s;
  }

  @Test
  void gramFiniteDifferencesAndDenseStepsAgree() {
    DeepSpec s = DeepSpec.withAlpha(D, M, 3, 0.1, 2);
    Dataset data = Problems.sphere(N, D, "random", 31);
    DenseDeepNetwork ref = new DenseDeepNetwork(s);
    TwoLayerTail tail = new TwoLayerTail(s, LayerPass.inputs(N, D, data.x()));
    // Finite differences of f with respect to W_{L-1}: u_{L-1} h_{L-2}^T.
    double eps = 1e-7;
    double[] x0 = data.row(0);
    double[] ub = uBelow(ref, x0);
    double[] hIn = ref.h(x0, s.depth() - 2);
    for (int r = 0; r < M; r += 3) {
      for (int c = 0; c < M; c += 4) {
        double[][] w = ref.w[s.depth() - 1];
        double keep = w[r][c];
        w[r][c] = keep + eps;
        double plus = ref.f(x0);
        w[r][c] = keep - eps;
        double minus = ref.f(x0);
        w[r][c] = keep;
        assertEquals(ub[r] * hIn[c], (plus - minus) / (2 * eps), Tolerance.FINITE_DIFFERENCE);
      }
    }
    for (int t = 0; t < 7; t++) {
      double[] f = tail.forward();
      double[] g = tail.gram();
      for (int i = 0; i < N; i++) {
        double[] xi = data.row(i);
        assertEquals(ref.f(xi), f[i], 1e-10, "iteration " + t);
        for (int j = i; j < N; j++) {
          double[] xj = data.row(j);
          int l = s.depth();
          double expected = dot(ref.u(xi), ref.u(xj)) * dot(ref.h(xi, l - 1), ref.h(xj, l - 1))
              + dot(uBelow(ref, xi), uBelow(ref, xj)) * dot(ref.h(xi, l - 2), ref.h(xj, l - 2));
          assertEquals(expected, PackedSymmetric.get(g, i, j), 1e-10 * Math.max(1, expected));
        }
      }
      double[] e = new double[N];
      for (int i = 0; i < N; i++) {
        e[i] = f[i] - data.y()[i];
      }
      double[] step = SpdSolver.solve(N, g, 1e-2, e);
      denseStep(ref, data, step);
      tail.step(step);
    }
    assertTrue(tail.rebuilds() > 0, "the factor lists were rebuilt (threshold m^a)");
  }

  /** Both layers updated densely with u and h at the current weights. */
  private static void denseStep(DenseDeepNetwork ref, Dataset data, double[] g) {
    int l = ref.spec.depth();
    double[][] uT = new double[N][];
    double[][] hT = new double[N][];
    double[][] uB = new double[N][];
    double[][] hB = new double[N][];
    for (int i = 0; i < N; i++) {
      double[] x = data.row(i);
      uT[i] = ref.u(x);
      hT[i] = ref.h(x, l - 1);
      uB[i] = uBelow(ref, x);
      hB[i] = ref.h(x, l - 2);
    }
    for (int i = 0; i < N; i++) {
      for (int r = 0; r < M; r++) {
        for (int c = 0; c < M; c++) {
          ref.w[l][r][c] -= g[i] * uT[i][r] * hT[i][c];
        }
        for (int c = 0; c < hB[i].length; c++) {
          ref.w[l - 1][r][c] -= g[i] * uB[i][r] * hB[i][c];
        }
      }
    }
  }

  @Test
  void twoLayerGaussNewtonConvergesOnSphereData() {
    Dataset data = Problems.sphere(32, 10, "random", 32);
    DeepSpec s = DeepSpec.withAlpha(10, 1024, 3, 0.1, 3);
    TwoLayerTail tail = new TwoLayerTail(s, LayerPass.inputs(32, 10, data.x()));
    List<DeepRecord> rows = tail.train(data.y(), 4, 0, 0, r -> { });
    assertEquals(5, rows.size());
    assertTrue(rows.get(4).residualNorm() < 1e-4 * rows.get(0).residualNorm(), "residual "
        + rows.get(4).residualNorm() + " from " + rows.get(0).residualNorm());
    assertTrue(rows.get(0).lambdaMin() > 0);
  }
}
