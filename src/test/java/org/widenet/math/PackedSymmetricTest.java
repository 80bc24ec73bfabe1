package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/** The packed layout helpers against full-matrix loops. */
class PackedSymmetricTest {

  private static final int[] ORDERS = {1, 2, 3, 7, 16};

  @Test
  void lengthsAndIndicesFollowLapackUpperLayout() {
    assertEquals(0, PackedSymmetric.packedLength(0));
    assertEquals(1, PackedSymmetric.packedLength(1));
    assertEquals(15, PackedSymmetric.packedLength(5));
    int expected = 0;
    for (int j = 0; j < 6; j++) {
      for (int i = 0; i <= j; i++) {
        assertEquals(expected++, PackedSymmetric.index(i, j));
      }
    }
    assertEquals(50_000L * 50_001 / 2, PackedSymmetric.index(0, 50_000));
    assertThrows(IllegalArgumentException.class, () -> PackedSymmetric.index(2, 1));
    assertThrows(IllegalArgumentException.class, () -> PackedSymmetric.packedLength(-1));
    assertThrows(IllegalArgumentException.class, () -> PackedSymmetric.packedLength(70_000));
  }

  @Test
  void roundTripsAndGetAgreeWithFullMatrix() {
    Random rnd = new Random(5);
    for (int n : ORDERS) {
      double[] full = TestMatrices.symmetric(rnd, n);
      double[] packed = PackedSymmetric.pack(n, full);
      assertArrayEquals(ReferenceKernels.packUpper(n, full), packed, 0.0);
      assertArrayEquals(full, PackedSymmetric.unpack(n, packed), 0.0);
      assertArrayEquals(packed, PackedSymmetric.pack(n, PackedSymmetric.unpack(n, packed)), 0.0);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          assertEquals(full[i + j * n], PackedSymmetric.get(packed, i, j), 0.0);
        }
      }
    }
    assertThrows(IllegalArgumentException.class, () -> PackedSymmetric.unpack(3, new double[5]));
    assertThrows(IllegalArgumentException.class, () -> PackedSymmetric.pack(3, new double[8]));
  }

  @Test
  void packReadsOnlyTheUpperTriangle() {
    double[] full = {1, 99, 2, 3};  // (1,0) = 99 is below the diagonal
    assertArrayEquals(new double[] {1, 2, 3}, PackedSymmetric.pack(2, full), 0.0);
  }

  @Test
  void hadamardMultipliesElementwiseAndMayAlias() {
    Random rnd = new Random(6);
    double[] a = TestMatrices.gaussian(rnd, 10, 1.0);
    double[] b = TestMatrices.gaussian(rnd, 10, 1.0);
    double[] expected = new double[10];
    for (int p = 0; p < 10; p++) {
      expected[p] = a[p] * b[p];
    }
    double[] out = new double[10];
    PackedSymmetric.hadamard(a, b, out);
    assertArrayEquals(expected, out, 0.0);
    double[] aliased = a.clone();
    PackedSymmetric.hadamard(aliased, b, aliased);
    assertArrayEquals(expected, aliased, 0.0);
    assertThrows(IllegalArgumentException.class,
        () -> PackedSymmetric.hadamard(a, new double[9], out));
  }

  @Test
  void frobeniusDistanceMatchesFullMatrixLoop() {
    Random rnd = new Random(7);
    for (int n : ORDERS) {
      double[] fa = TestMatrices.symmetric(rnd, n);
      double[] fb = TestMatrices.symmetric(rnd, n);
      double sum = 0.0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double diff = fa[i + j * n] - fb[i + j * n];
          sum += diff * diff;
        }
      }
      double got = PackedSymmetric.frobeniusDistance(n, PackedSymmetric.pack(n, fa),
          PackedSymmetric.pack(n, fb));
      assertTrue(Tolerance.relativeError(Math.sqrt(sum), got) <= Tolerance.EXACT,
          "n=" + n + ": " + got + " vs " + Math.sqrt(sum));
    }
    double[] p = {1, 2, 3};
    assertEquals(0.0, PackedSymmetric.frobeniusDistance(2, p, p), 0.0);
    assertEquals(Math.sqrt(2.0), PackedSymmetric.frobeniusDistance(2, p, new double[] {1, 1, 3}),
        1e-15);
  }

  @Test
  void gramOfRowsMatchesLoops() {
    Random rnd = new Random(8);
    int[][] shapes = {{1, 1}, {1, 4}, {5, 1}, {7, 3}, {16, 21}};
    for (int[] s : shapes) {
      int n = s[0];
      int d = s[1];
      double[] x = TestMatrices.gaussian(rnd, n * d, 1.0);
      double[] expected = ReferenceKernels.packUpper(n, ReferenceKernels.outerGram(n, d, x));
      double[] got = PackedSymmetric.gramOfRows(n, d, x);
      double err = Tolerance.maxRelativeError(expected, got);
      assertTrue(err <= Tolerance.EXACT, "n=" + n + ", d=" + d + ": " + err);
    }
    assertEquals(0, PackedSymmetric.gramOfRows(0, 3, new double[0]).length);
  }
}
