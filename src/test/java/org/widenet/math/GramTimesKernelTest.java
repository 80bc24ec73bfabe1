package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.widenet.testutil.Tolerance;

/**
 * GramTimesKernel against J (J^T v) with the explicit Jacobian ({@link ReferenceKernels}) and
 * against the packed Gram, at shapes that span several row tiles and neuron chunks.
 */
class GramTimesKernelTest {

  /** {n, d, mb}: the small shapes of BlockKernelsTest, then several tiles and chunks. */
  private static final int[][] SHAPES = {
    {1, 1, 1}, {1, 5, 3}, {7, 1, 1}, {13, 5, 1}, {5, 3, 7}, {17, 9, 11}, {64, 33, 40},
    {3, 31, 2}, {700, 4, 150}, {300, 3, 300}, {1030, 2, 129}
  };

  private static long[] maskOf(int n, int mb, double[] z) {
    long[] mask = new long[(n * mb + 63) / 64];
    for (int e = 0; e < n * mb; e++) {
      if (z[e] > 0.0) {
        mask[e >>> 6] |= 1L << (e & 63);
      }
    }
    return mask;
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void productMatchesTheExplicitJacobianAndThePackedGram(Activation act) {
    Random rnd = new Random(47 + act.ordinal());
    for (int[] s : SHAPES) {
      BlockKernelsTest.Problem p = new BlockKernelsTest.Problem(rnd, s[0], s[1], s[2]);
      double scale = 0.7;
      double[] v = TestMatrices.gaussian(rnd, p.n, 1.0);
      double[] start = TestMatrices.gaussian(rnd, p.n, 1.0);
      double[] out = start.clone();
      double[] vBefore = v.clone();
      GramTimesKernel.accumulate(act, p.n, p.d, p.mb, p.x, p.w, p.a, scale, null, v, out);
      assertArrayEquals(vBefore, v, 0.0);
      double[] twin = ReferenceKernels.jacobianGramTimes(act, p.n, p.d, p.mb, p.x, p.z, p.a,
          scale, v);
      double[] expected = start.clone();
      for (int i = 0; i < p.n; i++) {
        expected[i] += twin[i];
      }
      assertClose(expected, out, Tolerance.EXACT, act + " " + p.n + "x" + p.d + "x" + p.mb);

      double[] gram = new double[p.n * (p.n + 1) / 2];
      BlockKernels.accumulateGram(act, p.n, p.mb, p.z, p.a, scale, gram,
          new double[p.n * p.mb], new double[p.n * p.n]);
      PackedSymmetric.hadamard(gram, PackedSymmetric.gramOfRows(p.n, p.d, p.x), gram);
      double[] product = ReferenceKernels.multiply(p.n, PackedSymmetric.unpack(p.n, gram), v);
      double[] matrixFree = new double[p.n];
      GramTimesKernel.accumulate(act, p.n, p.d, p.mb, p.x, p.w, p.a, scale, null, v,
          matrixFree);
      assertClose(product, matrixFree, Tolerance.EXACT, "vs packed Gram");
    }
  }

  @Test
  void reluFromTheMaskGivesTheBitsOfReluFromZ() {
    Random rnd = new Random(9);
    for (int[] s : SHAPES) {
      BlockKernelsTest.Problem p = new BlockKernelsTest.Problem(rnd, s[0], s[1], s[2]);
      double[] v = TestMatrices.gaussian(rnd, p.n, 1.0);
      double[] fromZ = new double[p.n];
      GramTimesKernel.accumulate(Activation.RELU, p.n, p.d, p.mb, p.x, p.w, p.a, 1.3, null, v,
          fromZ);
      double[] fromMask = new double[p.n];
      // The mask path must not read W: pass NaN weights.
      double[] nanW = new double[p.w.length];
      java.util.Arrays.fill(nanW, Double.NaN);
      GramTimesKernel.accumulate(Activation.RELU, p.n, p.d, p.mb, p.x, nanW, p.a, 1.3,
          maskOf(p.n, p.mb, p.z), v, fromMask);
      assertArrayEquals(fromZ, fromMask, 0.0, p.n + "x" + p.d + "x" + p.mb);
    }
  }

  @Test
  void tilesNeverExceedTheBudgetOrTheRows() {
    assertTrue(GramTimesKernel.tileRows(30000, 128) * 128 <= GramTimesKernel.TILE_DOUBLES);
    assertEquals(5, GramTimesKernel.tileRows(5, 128));
    assertTrue(GramTimesKernel.tileRows(30000, 1) <= 30000);
  }

  @Test
  void badArgumentsAreRejected() {
    double[] x = new double[6];
    assertThrows(IllegalArgumentException.class,
        () -> GramTimesKernel.accumulate(Activation.EXP, 3, 2, 1, x, new double[2],
            new double[1], 1.0, new long[1], new double[3], new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> GramTimesKernel.accumulate(Activation.RELU, 3, 2, 3, x, new double[5],
            new double[3], 1.0, null, new double[3], new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> GramTimesKernel.accumulate(Activation.RELU, 30, 2, 3, new double[60], null,
            new double[3], 1.0, new long[1], new double[30], new double[30]));
  }

  private static void assertClose(double[] expected, double[] actual, double tolerance,
      String what) {
    double err = Tolerance.maxRelativeError(expected, actual);
    assertTrue(err <= tolerance, what + ": max relative error " + err + " > " + tolerance);
  }
}
