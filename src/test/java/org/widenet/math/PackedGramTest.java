package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PackedGram} against a triple loop, and the work-array overloads of the driver's
 * eigenvalue and Cholesky routines against their allocating forms.
 */
class PackedGramTest {

  /** packed[i + j (j + 1) / 2] = sum_r u[r, i] u[r, j], the textbook way. */
  private static double[] reference(int n, int k, double[] u) {
    double[] packed = new double[n * (n + 1) / 2];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i <= j; i++) {
        double s = 0;
        for (int r = 0; r < k; r++) {
          s += u[r + i * k] * u[r + j * k];
        }
        packed[i + j * (j + 1) / 2] = s;
      }
    }
    return packed;
  }

  private static double[] random(Random rnd, int length) {
    double[] a = new double[length];
    for (int i = 0; i < length; i++) {
      a[i] = rnd.nextGaussian();
    }
    return a;
  }

  @Test
  void matchesTheTripleLoopAcrossPanelBoundaries() {
    Random rnd = new Random(7);
    int[][] shapes = {{1, 1}, {5, 3}, {63, 10}, {64, 7}, {65, 40}, {130, 129}, {200, 1}};
    for (int[] shape : shapes) {
      int n = shape[0];
      int k = shape[1];
      double[] u = random(rnd, n * k);
      double[] before = u.clone();
      double[] packed = new double[n * (n + 1) / 2];
      Arrays.fill(packed, Double.NaN);
      double[] work = new double[PackedGram.workLength(n)];
      Arrays.fill(work, 1e300);
      PackedGram.upperOfColumns(n, k, u, packed, work);
      double[] expected = reference(n, k, u);
      for (int p = 0; p < packed.length; p++) {
        assertEquals(expected[p], packed[p], 1e-12 * (1 + Math.abs(expected[p])),
            "n=" + n + " k=" + k + " entry " + p);
      }
      assertArrayEquals(before, u, "U is read only");
    }
  }

  @Test
  void noRowsGiveZeros() {
    double[] packed = new double[6];
    Arrays.fill(packed, 3.0);
    PackedGram.upperOfColumns(3, 0, new double[0], packed, new double[PackedGram.workLength(3)]);
    assertArrayEquals(new double[6], packed);
  }

  @Test
  void refusesShortArrays() {
    assertThrows(IllegalArgumentException.class,
        () -> PackedGram.upperOfColumns(4, 2, new double[7], new double[10], new double[256]));
    assertThrows(IllegalArgumentException.class,
        () -> PackedGram.upperOfColumns(4, 2, new double[8], new double[9], new double[256]));
    assertThrows(IllegalArgumentException.class,
        () -> PackedGram.upperOfColumns(4, 2, new double[8], new double[10], new double[3]));
  }

  @Test
  void eigenvaluesAndSolvesWithADirtyWorkArrayGiveTheAllocatingBits() {
    Random rnd = new Random(11);
    for (int n : new int[] {1, 9, 70}) {
      double[] packed = new double[n * (n + 1) / 2];
      PackedGram.upperOfColumns(n, n + 3, random(rnd, n * (n + 3)), packed,
          new double[PackedGram.workLength(n)]);
      double[] b = random(rnd, n);
      double[] work = new double[Cholesky.length(n)];
      Arrays.fill(work, -7.5);
      assertArrayEquals(SymmetricEigen.eigenvalues(n, packed),
          SymmetricEigen.eigenvalues(n, packed, work));
      Arrays.fill(work, 1e200);
      assertArrayEquals(SpdSolver.solve(n, packed, 1e-3, b),
          SpdSolver.solve(n, packed, 1e-3, b, work));
    }
  }
}
