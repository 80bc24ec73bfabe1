package org.widenet.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.Spectrum;

/** The per-n budget against the kernel recursion r(t+1) = (I - eta H) r(t) run directly. */
class IterationBudgetTest {
  /** The first t with ||(I - H / lambda_max)^t y||^2 &lt;= eps ||y||^2, by the recursion. */
  private static long simulate(int n, double[] packed, double[] y, double eps) {
    double[] h = PackedSymmetric.unpack(n, packed);
    double max = Spectrum.of(n, packed).lambdaMax();
    double[] r = y.clone();
    double start = dot(r, r);
    for (long t = 0; t < 1_000_000; t++) {
      if (dot(r, r) <= eps * start) {
        return t;
      }
      double[] next = new double[n];
      for (int i = 0; i < n; i++) {
        double hr = 0;
        for (int j = 0; j < n; j++) {
          hr += h[i + j * n] * r[j];
        }
        next[i] = r[i] - hr / max;
      }
      r = next;
    }
    throw new AssertionError("the recursion did not reach the target");
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static ScalingSettings settings(String model, double factor, int cap) {
    return new ScalingSettings(model, new int[] {30}, new long[] {8, 64}, 1, 0, 0.01, cap,
        ReachRule.ALL, 1, 5, "random", 2, 1.0, Double.NaN, 1, 0.05, 1, null, factor);
  }

  @Test
  void matchesTheRecursionOnTheReluKernel() {
    for (long seed = 0; seed < 3; seed++) {
      ScalingSettings s = settings("relu2", 3, 1_000_000);
      Dataset ds = StudyData.synthetic(s).get(30, seed);
      double[] h = AnalyticKernels.reluInfinity(ds.n(), ds.d(), ds.x());
      Spectrum sp = Spectrum.of(ds.n(), h);
      for (double eps : new double[] {0.3, 0.05, 0.01}) {
        long expected = simulate(ds.n(), h, ds.y(), eps);
        long got = IterationBudget.kernelIterations(sp.eigenvalues(), sp.projections(ds.y()),
            eps);
        // The recursion and the eigen-sum agree to rounding; an iteration apart only when the
        // loss lands on the threshold to 1e-12, which these data sets do not.
        assertEquals(expected, got, "seed " + seed + " eps " + eps);
      }
    }
  }

  @Test
  void matchesTheRecursionOnARandomPsdMatrix() {
    int n = 15;
    SplittableRandom rng = new SplittableRandom(7);
    double[] a = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = rng.nextGaussian();
    }
    double[] full = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = i == j ? 0.01 : 0;
        for (int k = 0; k < n; k++) {
          s += a[i + k * n] * a[j + k * n];
        }
        full[i + j * n] = s;
      }
    }
    double[] h = PackedSymmetric.pack(n, full);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextBoolean() ? 1 : -1;
    }
    Spectrum sp = Spectrum.of(n, h);
    for (double eps : new double[] {0.5, 0.1, 0.01, 0.001}) {
      assertEquals(simulate(n, h, y, eps),
          IterationBudget.kernelIterations(sp.eigenvalues(), sp.projections(y), eps));
    }
  }

  @Test
  void edgeCases() {
    assertEquals(0, IterationBudget.kernelIterations(new double[] {1, 2}, new double[] {0, 0},
        0.1));
    // All of y on the top eigenvalue: one step of 1 / lambda_max clears it.
    assertEquals(1, IterationBudget.kernelIterations(new double[] {0.5, 2},
        new double[] {0, 4}, 0.1));
    // Part of y on a zero eigenvalue: never.
    assertEquals(Long.MAX_VALUE, IterationBudget.kernelIterations(new double[] {0, 2},
        new double[] {1, 1}, 0.1));
  }

  @Test
  void theBudgetIsTheFactorTimesTheKernelIterationsCappedAtMaxIterations() {
    ScalingSettings s = settings("relu2", 2.5, 1_000_000);
    Dataset ds = StudyData.synthetic(s).get(30, 2);
    Spectrum sp = Spectrum.of(ds.n(), AnalyticKernels.reluInfinity(ds.n(), ds.d(), ds.x()));
    long tinf = IterationBudget.kernelIterations(sp.eigenvalues(), sp.projections(ds.y()), 0.01);
    IterationBudget.Budget b = IterationBudget.of(s, ds);
    assertEquals(tinf, b.kernelIterations());
    assertEquals((long) Math.ceil(2.5 * tinf), b.iterations());
    assertFalse(b.capped());
    assertEquals(b, StudyData.synthetic(s).budget(30, 2));
    assertEquals(b.iterations(), StudyData.synthetic(s).iterations(30, 2));

    IterationBudget.Budget capped = IterationBudget.of(settings("relu2", 2.5, 5), ds);
    assertEquals(5, capped.iterations());
    assertTrue(capped.capped());

    ScalingSettings fixed = new ScalingSettings("relu2", new int[] {30}, new long[] {8}, 1, 0,
        0.01, 77, ReachRule.ALL, 1, 5, "random", 2, 1.0, Double.NaN, 1);
    assertEquals(77, StudyData.synthetic(fixed).iterations(30, 2));
    assertEquals(-1, IterationBudget.of(fixed, ds).kernelIterations());

    IterationBudget.Budget exp = IterationBudget.of(settings("exp2", 2, 1_000_000), ds);
    assertTrue(exp.kernelIterations() > 0 && exp.iterations() >= exp.kernelIterations());
  }

  @Test
  void familiesWithoutAKernelAreRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> settings("smooth2", 2, 1000));
    assertTrue(e.getMessage().contains("--budget-factor"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> settings("relu2", 0, 1000));
  }
}
