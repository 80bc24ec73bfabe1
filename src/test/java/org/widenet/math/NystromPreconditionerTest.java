package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.math.PreconditionerChecks.columnsOf;
import static org.widenet.math.PreconditionerChecks.times;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/**
 * The randomized Nystrom preconditioner against its definition on dense matrices: exact at
 * full rank, symmetric positive definite, deterministic, and cutting CG's iterations on a
 * matrix with a decaying spectrum (a Jacobian Gram's shape) while solving to the same answer.
 */
class NystromPreconditionerTest {

  /** A = V diag(values) V^T for a random orthogonal V, n x n column-major. */
  private static double[] spd(int n, double[] values, long seed) {
    Random random = new Random(seed);
    double[] v = new double[n * n];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
    }
    // Gram-Schmidt, plainly.
    for (int c = 0; c < n; c++) {
      for (int p = 0; p < c; p++) {
        double dot = 0;
        for (int i = 0; i < n; i++) {
          dot += v[i + c * n] * v[i + p * n];
        }
        for (int i = 0; i < n; i++) {
          v[i + c * n] -= dot * v[i + p * n];
        }
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        norm += v[i + c * n] * v[i + c * n];
      }
      norm = Math.sqrt(norm);
      for (int i = 0; i < n; i++) {
        v[i + c * n] /= norm;
      }
    }
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int c = 0; c < n; c++) {
          s += v[i + c * n] * values[c] * v[j + c * n];
        }
        a[i + j * n] = s;
      }
    }
    return a;
  }


  /** Q -> A Q for an n x cols Q. */
  private static UnaryOperator<double[]> columns(double[] a, int n) {
    return q -> {
      int cols = q.length / n;
      double[] out = new double[q.length];
      for (int c = 0; c < cols; c++) {
        double[] col = java.util.Arrays.copyOfRange(q, c * n, (c + 1) * n);
        System.arraycopy(times(a, n, col), 0, out, c * n, n);
      }
      return out;
    };
  }

  private static double[] decaying(int n) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 100.0 * Math.pow(0.8, i);
    }
    return values;
  }

  @Test
  void atFullRankThePreconditionedMatrixIsAMultipleOfTheIdentity() {
    int n = 30;
    double[] a = spd(n, decaying(n), 1);
    double mu = 1e-3;
    NystromPreconditioner p = NystromPreconditioner.build(n, n, columns(a, n), 7);
    double[] lambda = p.eigenvalues();
    double floor = lambda[n - 1] + mu;
    Random random = new Random(2);
    for (int trial = 0; trial < 3; trial++) {
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextGaussian();
      }
      double[] av = times(a, n, v);
      for (int i = 0; i < n; i++) {
        av[i] += mu * v[i];
      }
      double[] pav = p.apply(av, mu);
      for (int i = 0; i < n; i++) {
        assertEquals(floor * v[i], pav[i], 1e-6 * floor * (1 + Math.abs(v[i])), "entry " + i);
      }
    }
    double[] expected = decaying(n);
    for (int c = 0; c < n; c++) {
      assertEquals(expected[c], lambda[c], 1e-8 * expected[0], "eigenvalue " + c);
    }
  }

  @Test
  void theInverseIsSymmetricPositiveDefiniteAndRepeatsBitForBit() {
    int n = 40;
    double[] a = spd(n, decaying(n), 3);
    NystromPreconditioner p = NystromPreconditioner.build(n, 10, columns(a, n), 11);
    NystromPreconditioner again = NystromPreconditioner.build(n, 10, columns(a, n), 11);
    double[] dense = new double[n * n];
    for (int c = 0; c < n; c++) {
      double[] e = new double[n];
      e[c] = 1.0;
      double[] col = p.apply(e, 1e-2);
      assertArrayEquals(col, again.apply(e, 1e-2), 0.0, "same seed, same bits");
      System.arraycopy(col, 0, dense, c * n, n);
    }
    double[] packed = new double[PackedSymmetric.packedLength(n)];
    int k = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++, k++) {
        assertEquals(dense[i + j * n], dense[j + i * n], Tolerance.EXACT, "symmetric");
        packed[k] = dense[i + j * n];
      }
    }
    assertTrue(SymmetricEigen.eigenvalues(n, packed)[0] > 0, "positive definite");
  }

  @Test
  void conjugateGradientsTakeFarFewerProductsAndReachTheSameSolution() {
    int n = 150;
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 1e3 * Math.pow(0.9, i);
    }
    double[] a = spd(n, values, 5);
    double mu = 1e-3;
    double[] b = new double[n];
    Random random = new Random(9);
    for (int i = 0; i < n; i++) {
      b[i] = random.nextGaussian();
    }
    UnaryOperator<double[]> op = v -> times(a, n, v);
    ConjugateGradient.Result plain = ConjugateGradient.solve(op, mu, b, 1e-10, 5000);
    NystromPreconditioner p = NystromPreconditioner.build(n, 60, columns(a, n), 1);
    ConjugateGradient.Result pcg = ConjugateGradient.solve(op, mu, b, 1e-10, 5000,
        v -> p.apply(v, mu));
    assertTrue(plain.converged() && pcg.converged());
    assertTrue(pcg.iterations() * 5 <= plain.iterations(), "preconditioned " + pcg.iterations()
        + " vs plain " + plain.iterations() + " iterations");
    double[] packed = new double[PackedSymmetric.packedLength(n)];
    int k = 0;
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++, k++) {
        packed[k] = a[i + j * n];
      }
    }
    double[] direct = SpdSolver.solve(n, packed, mu, b);
    double scale = 0;
    for (double v : direct) {
      scale = Math.max(scale, Math.abs(v));
    }
    for (int i = 0; i < n; i++) {
      assertEquals(direct[i], pcg.solution()[i], 1e-6 * scale, "x[" + i + "]");
    }
  }

  @Test
  void withoutAPreconditionerCgIsUnchangedBitForBit() {
    int n = 25;
    double[] a = spd(n, decaying(n), 4);
    double[] b = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = Math.sin(i + 1.0);
    }
    UnaryOperator<double[]> op = v -> times(a, n, v);
    ConjugateGradient.Result x = ConjugateGradient.solve(op, 0.1, b, 1e-12, 200);
    ConjugateGradient.Result y = ConjugateGradient.solve(op, 0.1, b, 1e-12, 200, null);
    assertArrayEquals(x.solution(), y.solution(), 0.0);
    assertEquals(x.iterations(), y.iterations());
  }


  /**
   * A matrix of rank k < r: r sampled columns span its range, so the column Nystrom is A
   * itself; its eigenvalues are A's and the preconditioned matrix is a multiple of the identity
   * on that range.
   */
  @Test
  void columnsSpanningTheRangeReproduceALowRankMatrix() {
    int n = 40;
    int k = 6;
    double[] values = new double[n];
    for (int i = 0; i < k; i++) {
      values[i] = 50.0 / (i + 1);
    }
    double[] a = spd(n, values, 11);
    int[] rows = NystromPreconditioner.sampleColumns(n, 15, 3);
    double[] cols = columnsOf(a, n, rows);
    double[] before = cols.clone();
    NystromPreconditioner p = NystromPreconditioner.fromColumns(n, cols, rows);
    assertArrayEquals(before, cols, 0.0, "the columns are read only");
    double[] lambda = p.eigenvalues();
    for (int c = 0; c < k; c++) {
      assertEquals(values[c], lambda[c], 1e-8 * values[0], "eigenvalue " + c);
    }
    for (int c = k; c < 15; c++) {
      assertEquals(0.0, lambda[c], 1e-8 * values[0], "eigenvalue " + c);
    }
    assertArrayEquals(p.apply(before, 0.1),
        NystromPreconditioner.fromColumns(n, cols, rows).apply(before, 0.1), 0.0,
        "the same columns give the same bits");
  }

  /**
   * Conjugate gradients preconditioned by sampled columns (a spectrum with a plateau of large
   * eigenvalues over a slowly decaying tail, like the relu2 Gram's) take far fewer products and
   * reach the direct solution; plain CG and the column build agree with the product build.
   */
  @Test
  void sampledColumnsCutConjugateGradientIterationsToTheSameSolution() {
    int n = 200;
    double[] a = spd(n, PreconditionerChecks.plateauSpectrum(n), 12);
    PreconditionerChecks.cgAgreesInAThirdOfTheIterations(a, n,
        rows -> NystromPreconditioner.fromColumns(n, columnsOf(a, n, rows), rows));
  }

  @Test
  void sampledColumnsAreDistinctAscendingAndFollowTheSeed() {
    int[] rows = NystromPreconditioner.sampleColumns(1000, 300, 5);
    assertEquals(300, rows.length);
    for (int c = 1; c < rows.length; c++) {
      assertTrue(rows[c - 1] < rows[c], "ascending and distinct at " + c);
    }
    assertTrue(rows[0] >= 0 && rows[rows.length - 1] < 1000);
    assertArrayEquals(rows, NystromPreconditioner.sampleColumns(1000, 300, 5));
    assertFalse(java.util.Arrays.equals(rows, NystromPreconditioner.sampleColumns(1000, 300, 6)),
        "another seed, other columns");
    int[] all = NystromPreconditioner.sampleColumns(7, 7, 1);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, all);
  }

  @Test
  void badColumnsAreRefused() {
    double[] a = spd(5, decaying(5), 1);
    assertThrows(IllegalArgumentException.class,
        () -> NystromPreconditioner.fromColumns(5, columnsOf(a, 5, new int[] {1, 1}),
            new int[] {1, 1}), "repeated column");
    assertThrows(IllegalArgumentException.class,
        () -> NystromPreconditioner.fromColumns(5, new double[10], new int[] {0, 5}),
        "outside [0, n)");
    assertThrows(IllegalArgumentException.class,
        () -> NystromPreconditioner.fromColumns(5, new double[9], new int[] {0, 1}),
        "wrong size");
    double[] nan = columnsOf(a, 5, new int[] {0, 2});
    nan[3] = Double.NaN;
    assertThrows(ArithmeticException.class,
        () -> NystromPreconditioner.fromColumns(5, nan, new int[] {0, 2}));
  }
}
