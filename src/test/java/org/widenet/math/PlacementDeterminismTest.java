package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every numeric routine that feeds a result repeats bit for bit wherever the JVM places its
 * arrays. Native OpenBLAS dgemv("T"), ddot, dpotrf and dsyevd do not on AVX-512 machines (their
 * kernels peel a memory-alignment-dependent head); these calls run each routine many times on
 * fresh copies of equal inputs, shifted in memory by small allocations between them.
 */
class PlacementDeterminismTest {

  private static final int REPEATS = 40;
  private final List<double[]> padding = new ArrayList<>();

  /** A copy of a placed after a padding array of 1..8 doubles, so its alignment varies. */
  private double[] moved(double[] a, int attempt) {
    padding.add(new double[1 + attempt % 8]);
    return a.clone();
  }

  private void assertRepeats(String what, java.util.function.IntFunction<double[]> run) {
    double[] first = run.apply(0);
    for (int attempt = 1; attempt < REPEATS; attempt++) {
      assertArrayEquals(first, run.apply(attempt), 0.0, what + ", attempt " + attempt);
    }
  }

  private static double[] spd(Random rnd, int n, int k) {
    double[] x = TestMatrices.gaussian(rnd, n * k, 1.0);
    double[] full = new double[Cholesky.length(n)];
    Blas.blas().dsyrk("U", "N", n, k, 1.0, x, n, 0.0, full, n);
    for (int i = 0; i < n; i++) {
      full[i + i * n] += 1.0;
      for (int j = 0; j < i; j++) {
        full[i + j * n] = full[j + i * n];
      }
    }
    return full;
  }

  @Test
  void matrixVectorProductsRepeat() {
    Random rnd = new Random(1);
    int m = 203;
    int n = 57;
    double[] a = TestMatrices.gaussian(rnd, m * n, 1.0);
    double[] x = TestMatrices.gaussian(rnd, m, 1.0);
    double[] v = TestMatrices.gaussian(rnd, n, 1.0);
    assertRepeats("A^T x", t -> {
      double[] y = new double[n];
      MatrixVector.transposeTimes(m, n, 1.0, moved(a, t), moved(x, t), 0.0, y);
      return y;
    });
    assertRepeats("A v", t -> {
      double[] y = new double[m];
      MatrixVector.times(m, n, 1.0, moved(a, t), moved(v, t), 0.0, y);
      return y;
    });
    assertRepeats("x . x", t -> new double[] {MatrixVector.dot(m, moved(x, t), 0, moved(x, t), 0)});
  }

  @Test
  void theNativeLevelThreeRoutinesWidenetUsesRepeat() {
    Random rnd = new Random(2);
    int n = 150;
    int k = 97;
    double[] a = TestMatrices.gaussian(rnd, n * k, 1.0);
    double[] b = TestMatrices.gaussian(rnd, n * k, 1.0);
    double[] s = spd(rnd, n, 2 * n);
    Cholesky.factorUpper(n, s);
    assertRepeats("dgemm T N", t -> {
      double[] c = new double[k * k];
      Blas.blas().dgemm("T", "N", k, k, n, 1.0, moved(a, t), n, moved(b, t), n, 0.0, c, k);
      return c;
    });
    assertRepeats("dgemm N T", t -> {
      double[] c = new double[n * n];
      Blas.blas().dgemm("N", "T", n, n, k, 1.0, moved(a, t), n, moved(b, t), n, 0.0, c, n);
      return c;
    });
    assertRepeats("dgemm N N, one column", t -> {
      double[] c = new double[n];
      Blas.blas().dgemm("N", "N", n, 1, k, 1.0, moved(a, t), n, moved(b, t), k, 0.0, c, n);
      return c;
    });
    assertRepeats("dsyrk U N", t -> {
      double[] c = new double[n * n];
      Blas.blas().dsyrk("U", "N", n, k, 1.0, moved(a, t), n, 0.0, c, n);
      return c;
    });
    assertRepeats("dsyrk U T", t -> {
      double[] c = new double[k * k];
      Blas.blas().dsyrk("U", "T", k, n, 1.0, moved(a, t), n, 0.0, c, k);
      return c;
    });
    assertRepeats("dtrsm L U T N", t -> {
      double[] c = moved(a, t);
      Blas.blas().dtrsm("L", "U", "T", "N", n, k, 1.0, moved(s, t), n, c, n);
      return c;
    });
    double[] small = spd(rnd, k, 2 * k);
    Cholesky.factorUpper(k, small);
    assertRepeats("dtrsm R U N N", t -> {
      double[] c = moved(a, t);
      Blas.blas().dtrsm("R", "U", "N", "N", n, k, 1.0, moved(small, t), k, c, n);
      return c;
    });
  }

  @Test
  void solversAndSpectraRepeat() {
    Random rnd = new Random(3);
    int n = 150;
    double[] full = spd(rnd, n, 40);
    double[] packed = PackedSymmetric.pack(n, Arrays.copyOf(full, n * n));
    double[] y = TestMatrices.gaussian(rnd, n, 1.0);
    assertRepeats("SpdSolver", t -> SpdSolver.solve(n, moved(packed, t), 1e-3, moved(y, t)));
    assertRepeats("SymmetricEigen", t -> SymmetricEigen.eigenvalues(n, moved(packed, t)));
    assertRepeats("Spectrum", t -> {
      Spectrum spectrum = Spectrum.of(n, moved(packed, t));
      double[] p = spectrum.projections(moved(y, t));
      double[] out = Arrays.copyOf(spectrum.eigenvalues(), 2 * n);
      System.arraycopy(p, 0, out, n, n);
      return out;
    });
    assertRepeats("Nystrom", t -> {
      double[] matrix = moved(full, t);
      NystromPreconditioner p = NystromPreconditioner.build(n, 20, q -> {
        int r = q.length / n;
        double[] out = new double[q.length];
        Blas.blas().dgemm("N", "N", n, r, n, 1.0, matrix, n, q, n, 0.0, out, n);
        return out;
      }, 7L);
      return p.apply(moved(y, t), 1e-3);
    });
    assertRepeats("ColumnNystrom", t -> {
      int[] rows = NystromPreconditioner.sampleColumns(n, 30, 8L);
      double[] columns = new double[n * rows.length];
      double[] matrix = moved(full, t);
      for (int c = 0; c < rows.length; c++) {
        System.arraycopy(matrix, rows[c] * n, columns, c * n, n);
      }
      return ColumnNystrom.fromColumns(n, columns, rows).apply(moved(y, t), 1e-3);
    });
    assertRepeats("Lanczos", t -> {
      double[] matrix = moved(full, t);
      Lanczos.Result r = Lanczos.extremes(n, v -> {
        double[] out = new double[n];
        MatrixVector.times(n, n, 1.0, matrix, v, 0.0, out);
        return out;
      }, 60, Lanczos.DEFAULT_TOLERANCE);
      return new double[] {r.lambdaMin(), r.lambdaMax()};
    });
  }

  @Test
  void choleskySolvesAgreeWithThePlainReference() {
    Random rnd = new Random(4);
    for (int n : new int[] {1, 5, 64, 65, 150, 200}) {
      double[] full = spd(rnd, n, n + 3);
      double[] b = TestMatrices.gaussian(rnd, n, 1.0);
      double[] u = full.clone();
      assertEquals(0, Cholesky.factorUpper(n, u));
      double[] x = b.clone();
      Cholesky.solveUpper(n, u, x);
      for (int i = 0; i < n; i++) {
        double sum = 0.0;
        for (int j = 0; j < n; j++) {
          sum += full[i + j * n] * x[j];
        }
        assertEquals(b[i], sum, 1e-9 * (1 + Math.abs(b[i])), "n=" + n + ", row " + i);
      }
      // U^T U reproduces A on the upper triangle.
      for (int j = 0; j < n; j++) {
        for (int i = 0; i <= j; i++) {
          double sum = 0.0;
          for (int p = 0; p <= i; p++) {
            sum += u[p + i * n] * u[p + j * n];
          }
          assertEquals(full[i + j * n], sum, 1e-9 * n, "n=" + n + ", entry " + i + "," + j);
        }
      }
    }
  }

  @Test
  void choleskyNamesTheFirstLeadingMinorThatIsNotPositive() {
    int n = 100;
    double[] a = new double[Cholesky.length(n)];
    for (int i = 0; i < n; i++) {
      a[i + i * n] = i == 70 ? -1.0 : 2.0;
    }
    assertEquals(71, Cholesky.factorUpper(n, a));
  }

  @Test
  void matrixVectorProductsAgreeWithThePlainReference() {
    Random rnd = new Random(5);
    int m = 37;
    int n = 23;
    double[] a = TestMatrices.gaussian(rnd, m * n, 1.0);
    double[] x = TestMatrices.gaussian(rnd, m, 1.0);
    double[] v = TestMatrices.gaussian(rnd, n, 1.0);
    double[] y = TestMatrices.gaussian(rnd, n, 1.0);
    double[] z = TestMatrices.gaussian(rnd, m, 1.0);
    double[] gotY = y.clone();
    MatrixVector.transposeTimes(m, n, 2.0, a, x, 0.5, gotY);
    double[] gotZ = z.clone();
    MatrixVector.times(m, n, -1.5, a, v, 3.0, gotZ);
    for (int j = 0; j < n; j++) {
      double s = 0.0;
      for (int i = 0; i < m; i++) {
        s += a[i + j * m] * x[i];
      }
      assertEquals(0.5 * y[j] + 2.0 * s, gotY[j], 1e-12);
    }
    for (int i = 0; i < m; i++) {
      double s = 0.0;
      for (int j = 0; j < n; j++) {
        s += a[i + j * m] * v[j];
      }
      assertEquals(3.0 * z[i] - 1.5 * s, gotZ[i], 1e-12);
    }
    assertTrue(Math.abs(MatrixVector.dot(m, x, 0, x, 0) - Arrays.stream(x).map(e -> e * e).sum())
        < 1e-12);
  }
}
