package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.testutil.Problems;
import org.widenet.testutil.Tolerance;

/** Eigen-decomposition identities and the Theorem 4.1 prediction on SPD and H-infinity matrices. */
class SpectrumTest {

  /** A named packed test matrix with labels y. */
  private record Case(String name, int n, double[] packed, double[] y) {}

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    Random rnd = new Random(41);
    for (int n : new int[] {1, 2, 7, 30}) {
      cases.add(new Case("spd n=" + n, n, PackedSymmetric.pack(n, TestMatrices.spd(rnd, n)),
          TestMatrices.gaussian(rnd, n, 1.0)));
    }
    double[] lambda = {1e-3, 0.02, 0.5, 1.0, 1.0, 3.0, 8.0, 40.0};
    double[] q = TestMatrices.orthogonal(rnd, 8);
    cases.add(new Case("known spectrum", 8, PackedSymmetric.pack(8,
        TestMatrices.withSpectrum(8, q, lambda)), TestMatrices.gaussian(rnd, 8, 2.0)));
    for (long seed : new long[] {1, 2}) {
      Dataset data = Problems.sphere(40, 5, "random", seed);
      cases.add(new Case("H-inf seed " + seed, 40,
          AnalyticKernels.reluInfinity(40, 5, data.x()), data.y()));
    }
    return cases;
  }

  private static double[] multiply(int n, double[] packed, double[] v) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        out[i] += PackedSymmetric.get(packed, i, j) * v[j];
      }
    }
    return out;
  }

  private static double norm(double[] v) {
    double s = 0.0;
    for (double e : v) {
      s += e * e;
    }
    return Math.sqrt(s);
  }

  @Test
  void reconstructsTheMatrixWithOrthonormalEigenvectors() {
    for (Case c : cases()) {
      int n = c.n();
      double[] before = c.packed().clone();
      Spectrum s = Spectrum.of(n, c.packed());
      assertArrayEquals(before, c.packed(), 0.0, "input modified");
      assertEquals(n, s.n());
      assertSame(s.eigenvalues(), s.eigenvalues());
      double err = Tolerance.maxRelativeError(c.packed(), s.reconstruct());
      assertTrue(err <= Tolerance.REORDERED, c.name() + ": reconstruction " + err);
      double scale = Math.max(1.0, Math.abs(s.lambdaMax()));
      for (int k = 0; k < n; k++) {
        if (k > 0) {
          assertTrue(s.eigenvalues()[k - 1] <= s.eigenvalues()[k], c.name() + " ascending");
        }
        double[] vk = s.eigenvector(k);
        double[] hv = multiply(n, c.packed(), vk);
        for (int i = 0; i < n; i++) {
          assertTrue(Math.abs(hv[i] - s.eigenvalues()[k] * vk[i]) <= Tolerance.REORDERED * scale,
              c.name() + ": H v != lambda v at " + k);
        }
        for (int l = 0; l <= k; l++) {
          double[] vl = s.eigenvector(l);
          double dot = 0.0;
          for (int i = 0; i < n; i++) {
            dot += vk[i] * vl[i];
          }
          assertEquals(k == l ? 1.0 : 0.0, dot, Tolerance.REORDERED, c.name() + " " + k + "," + l);
        }
      }
    }
  }

  @Test
  void projectionsSumToTheSquaredNormOfY() {
    for (Case c : cases()) {
      Spectrum s = Spectrum.of(c.n(), c.packed());
      double[] y = c.y().clone();
      double[] p = s.projections(y);
      assertArrayEquals(c.y(), y, 0.0, "y modified");
      double sum = 0.0;
      for (int k = 0; k < p.length; k++) {
        assertTrue(p[k] >= 0.0);
        double dot = 0.0;
        double[] v = s.eigenvector(k);
        for (int i = 0; i < v.length; i++) {
          dot += v[i] * y[i];
        }
        assertEquals(dot * dot, p[k], Tolerance.REORDERED * Math.max(1.0, dot * dot));
        sum += p[k];
      }
      double normSq = norm(y) * norm(y);
      assertTrue(Tolerance.relativeError(normSq, sum) <= Tolerance.REORDERED
          && Math.abs(normSq - sum) <= Tolerance.REORDERED * normSq, c.name());
    }
  }

  @Test
  void predictedResidualsFollowTheLinearDynamics() {
    int iterations = 60;
    for (Case c : cases()) {
      int n = c.n();
      Spectrum s = Spectrum.of(n, c.packed());
      double normY = norm(c.y());
      for (double fraction : new double[] {1.0, 0.3}) {
        double eta = fraction / s.lambdaMax();
        double[] r = s.predictedResidualNorms(c.y(), eta, iterations);
        assertEquals(iterations + 1, r.length);
        assertTrue(Math.abs(r[0] - normY) <= Tolerance.EXACT * normY, c.name() + " r(0)");
        double[] v = c.y().clone();
        for (int k = 0; k <= iterations; k++) {
          if (k > 0) {
            assertTrue(r[k] <= r[k - 1], c.name() + " increases at " + k);
          }
          double direct = norm(v);
          assertTrue(Math.abs(r[k] - direct) <= Tolerance.REORDERED * normY,
              c.name() + " eta=" + eta + " k=" + k + ": " + r[k] + " vs " + direct);
          double[] hv = multiply(n, c.packed(), v);
          for (int i = 0; i < n; i++) {
            v[i] -= eta * hv[i];
          }
        }
        if (n > 1) {
          assertTrue(r[iterations] < r[0], c.name() + ": no decrease");
        }
      }
    }
  }

  @Test
  void diagonalMatrixHasUnitBasisEigenvectorsAndItsConditionNumber() {
    double[] packed = {3.0, 0.0, 0.5, 0.0, 0.0, 2.0};
    Spectrum s = Spectrum.of(3, packed);
    assertArrayEquals(new double[] {0.5, 2.0, 3.0}, s.eigenvalues(), 1e-15);
    assertEquals(0.5, s.lambdaMin(), 1e-15);
    assertEquals(3.0, s.lambdaMax(), 1e-15);
    assertEquals(6.0, s.conditionNumber(), 1e-14);
    assertEquals(1.0, Math.abs(s.eigenvector(0)[1]), 1e-15);
    assertEquals(1.0, Math.abs(s.eigenvector(1)[2]), 1e-15);
    assertEquals(1.0, Math.abs(s.eigenvector(2)[0]), 1e-15);
    double[] y = {1.0, 2.0, 3.0};
    assertArrayEquals(new double[] {4.0, 9.0, 1.0}, s.projections(y), 1e-14);
    // eta = 1/3: factors (1 - eta lambda)^2 = 25/36, 1/9, 0.
    double[] r = s.predictedResidualNorms(y, 1.0 / 3.0, 2);
    assertEquals(Math.sqrt(14.0), r[0], 1e-14);
    assertEquals(Math.sqrt(4.0 * 25.0 / 36.0 + 9.0 / 9.0), r[1], 1e-14);
    assertEquals(Math.sqrt(4.0 * 625.0 / 1296.0 + 9.0 / 81.0), r[2], 1e-14);
  }

  @Test
  void conditionNumberIsInfiniteForSingularOrIndefiniteMatrices() {
    assertEquals(Double.POSITIVE_INFINITY,
        Spectrum.of(2, new double[] {1.0, 1.0, 1.0}).conditionNumber());
    assertEquals(Double.POSITIVE_INFINITY,
        Spectrum.of(2, new double[] {-1.0, 0.0, 2.0}).conditionNumber());
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class,
        () -> Spectrum.of(2, new double[] {1.0, Double.NaN, 1.0}));
    assertThrows(IllegalArgumentException.class, () -> Spectrum.of(3, new double[5]));
    Spectrum s = Spectrum.of(2, new double[] {2.0, 1.0, 2.0});
    assertThrows(IllegalArgumentException.class, () -> s.eigenvector(2));
    assertThrows(IllegalArgumentException.class, () -> s.eigenvector(-1));
    assertThrows(IllegalArgumentException.class, () -> s.projections(new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> s.predictedResidualNorms(new double[2], Double.NaN, 3));
    assertThrows(IllegalArgumentException.class,
        () -> s.predictedResidualNorms(new double[2], 0.1, -1));
    Spectrum empty = Spectrum.of(0, new double[0]);
    assertEquals(0, empty.eigenvalues().length);
    assertThrows(IllegalStateException.class, empty::lambdaMin);
  }
}
