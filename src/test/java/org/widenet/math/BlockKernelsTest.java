package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.widenet.testutil.Tolerance;

/** BlockKernels against the nested-loop twins in {@link ReferenceKernels}. */
class BlockKernelsTest {

  /** Shapes {n, d, mb}: single row, single neuron, single feature, odd and moderate sizes. */
  static final int[][] SHAPES = {
    {1, 1, 1}, {1, 5, 3}, {7, 1, 1}, {13, 5, 1}, {5, 3, 7}, {17, 9, 11}, {64, 33, 40}, {3, 31, 2}
  };

  /** One random block problem. */
  static final class Problem {
    final int n;
    final int d;
    final int mb;
    final double[] x;
    final double[] w;
    final double[] a;
    final double[] z;

    Problem(Random rnd, int n, int d, int mb) {
      this.n = n;
      this.d = d;
      this.mb = mb;
      this.x = TestMatrices.gaussian(rnd, n * d, 1.0 / Math.sqrt(d));
      this.w = TestMatrices.gaussian(rnd, d * mb, 1.0);
      this.a = TestMatrices.gaussian(rnd, mb, 1.0);
      this.z = ReferenceKernels.preActivations(n, d, mb, x, w);
    }
  }

  private static double[] nanFilled(int length) {
    double[] v = new double[length];
    Arrays.fill(v, Double.NaN);
    return v;
  }

  private static void assertClose(double[] expected, double[] actual, double tolerance) {
    double err = Tolerance.maxRelativeError(expected, actual);
    assertTrue(err <= tolerance, "max relative error " + err + " > " + tolerance);
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void preActivationsMatchLoops(Activation act) {
    Random rnd = new Random(11 + act.ordinal());
    for (int[] s : SHAPES) {
      Problem p = new Problem(rnd, s[0], s[1], s[2]);
      double[] z = nanFilled(p.n * p.mb);
      BlockKernels.preActivations(p.n, p.d, p.mb, p.x, p.w, z);
      assertClose(p.z, z, Tolerance.EXACT);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void forwardMatchesLoops(Activation act) {
    Random rnd = new Random(23 + act.ordinal());
    for (int[] s : SHAPES) {
      Problem p = new Problem(rnd, s[0], s[1], s[2]);
      double[] u = nanFilled(p.n);
      BlockKernels.forward(act, p.n, p.mb, p.z, p.a, u);
      assertClose(ReferenceKernels.forward(act, p.n, p.mb, p.z, p.a), u, Tolerance.EXACT);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void applyStepMatchesLoops(Activation act) {
    Random rnd = new Random(37 + act.ordinal());
    double largestChange = 0.0;
    for (int[] s : SHAPES) {
      Problem p = new Problem(rnd, s[0], s[1], s[2]);
      double[] vec = TestMatrices.gaussian(rnd, p.n, 1.0);
      double coef = 0.3 + rnd.nextDouble();
      double[] expected =
          ReferenceKernels.applyStep(act, p.n, p.d, p.mb, p.x, p.z, p.a, vec, coef, p.w);
      double[] w = p.w.clone();
      BlockKernels.applyStep(act, p.n, p.d, p.mb, p.x, p.z, p.a, vec, coef, w,
          nanFilled(p.n * p.mb));
      assertClose(expected, w, Tolerance.EXACT);
      largestChange = Math.max(largestChange, Tolerance.maxRelativeError(p.w, w));
    }
    assertTrue(largestChange > 0.0, "no step changed anything; the check would be vacuous");
  }

  /** The mask-driven ReLU step against the loop twin, and bit for bit against applyStep. */
  @Test
  void reluStepFromMaskMatchesLoopsAndTheStepFromZ() {
    Random rnd = new Random(41);
    for (int[] s : SHAPES) {
      Problem p = new Problem(rnd, s[0], s[1], s[2]);
      double[] vec = TestMatrices.gaussian(rnd, p.n, 1.0);
      double coef = 0.3 + rnd.nextDouble();
      // The mask sits at an offset inside a longer array, as a chunk's bits do in a block.
      long firstBit = 5 + rnd.nextInt(100);
      long[] mask = new long[(int) ((firstBit + (long) p.n * p.mb + 63) / 64) + 1];
      for (long bit = 0; bit < firstBit; bit++) { // other chunks' bits: must be ignored
        mask[(int) (bit >>> 6)] |= 1L << (bit & 63);
      }
      BlockKernels.recordActive(p.n, p.mb, p.z, mask, firstBit);
      for (int r = 0; r < p.mb; r++) {
        for (int i = 0; i < p.n; i++) {
          long bit = firstBit + i + (long) r * p.n;
          boolean set = (mask[(int) (bit >>> 6)] & (1L << (bit & 63))) != 0;
          assertEquals(p.z[i + r * p.n] > 0, set, "bit of row " + i + ", neuron " + r);
        }
      }
      double[] fromMask = p.w.clone();
      double[] y = new double[p.n * p.d];
      MaskedRowSums.scaledRows(p.n, p.d, p.x, vec, y);
      BlockKernels.applyReluStep(p.n, p.d, p.mb, y, mask, firstBit, p.a, coef, fromMask, 0);
      assertClose(ReferenceKernels.applyStep(Activation.RELU, p.n, p.d, p.mb, p.x, p.z, p.a, vec,
          coef, p.w), fromMask, Tolerance.EXACT);
      double[] fromZ = p.w.clone();
      BlockKernels.applyStep(Activation.RELU, p.n, p.d, p.mb, p.x, p.z, p.a, vec, coef, fromZ,
          nanFilled(p.n * p.mb));
      assertArrayEquals(fromZ, fromMask, 0.0, "the mask path must give the same bits");
    }
  }

  /**
   * recordActive builds whole 64-bit words: runs that start and end inside a word, span one
   * or many words, next to bits of other chunks, and the values at the edge of "z > 0" (+0.0,
   * -0.0, NaN, the smallest subnormal, infinities) give the bits the comparison gives; the
   * XOR count of two masks is the element-by-element count of disagreements.
   */
  @Test
  void recordActiveSetsExactlyThePositiveBitsAndCountsDifferences() {
    Random rnd = new Random(77);
    double[] edge = {0.0, -0.0, Double.NaN, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0};
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rnd.nextInt(150);
      int mb = 1 + rnd.nextInt(5);
      long firstBit = rnd.nextInt(3) == 0 ? 64L * rnd.nextInt(4) : rnd.nextInt(300);
      double[] z = new double[n * mb];
      for (int e = 0; e < z.length; e++) {
        z[e] = rnd.nextInt(4) == 0 ? edge[rnd.nextInt(edge.length)] : rnd.nextGaussian();
      }
      int words = (int) ((firstBit + (long) n * mb + 63) / 64) + 1;
      long[] mask = new long[words];
      long[] others = new long[words];
      for (int k = 0; k < words; k++) { // bits outside the run belong to other chunks
        others[k] = rnd.nextLong();
      }
      long run = (long) n * mb;
      for (long bit = 0; bit < 64L * words; bit++) {
        if (bit < firstBit || bit >= firstBit + run) {
          mask[(int) (bit >>> 6)] |= others[(int) (bit >>> 6)] & (1L << (bit & 63));
        }
      }
      long[] before = mask.clone();
      BlockKernels.recordActive(n, mb, z, mask, firstBit);
      for (long bit = 0; bit < 64L * words; bit++) {
        boolean set = (mask[(int) (bit >>> 6)] & (1L << (bit & 63))) != 0;
        boolean expected = bit >= firstBit && bit < firstBit + run
            ? z[(int) (bit - firstBit)] > 0.0
            : (before[(int) (bit >>> 6)] & (1L << (bit & 63))) != 0;
        assertEquals(expected, set, "bit " + bit + " (run from " + firstBit + ", n=" + n + ")");
      }
      long[] other = new long[words];
      for (int k = 0; k < words; k++) {
        other[k] = rnd.nextLong();
      }
      long bits = firstBit + run;
      long differences = 0;
      for (long bit = 0; bit < bits; bit++) {
        long m = 1L << (bit & 63);
        if (((mask[(int) (bit >>> 6)] & m) != 0) != ((other[(int) (bit >>> 6)] & m) != 0)) {
          differences++;
        }
      }
      assertEquals(differences, BlockKernels.countDifferences(mask, other, bits));
    }
  }

  /**
   * The step's factor matrix read from the mask a word at a time, against the bit-by-bit
   * definition: runs that start anywhere in a word, rows fewer and more than 64, values of
   * both signs (the zero of an unset bit is +0.0 times s_i, as "set ? a_r : 0.0" gives).
   */
  @Test
  void maskedFactorsAreTheFactorsBitByBit() {
    Random rnd = new Random(53);
    for (int trial = 0; trial < 100; trial++) {
      int n = 1 + rnd.nextInt(200);
      int mb = 1 + rnd.nextInt(4);
      long firstBit = rnd.nextInt(200);
      long[] mask = new long[(int) ((firstBit + (long) n * mb + 63) / 64)];
      for (int k = 0; k < mask.length; k++) {
        mask[k] = rnd.nextLong();
      }
      double[] a = TestMatrices.gaussian(rnd, mb, 1.0);
      double[] s = TestMatrices.gaussian(rnd, n, 1.0);
      double[] work = nanFilled(n * mb);
      BlockKernels.maskedFactors(n, mb, mask, firstBit, a, s, work);
      for (int r = 0; r < mb; r++) {
        for (int i = 0; i < n; i++) {
          long bit = firstBit + i + (long) r * n;
          boolean set = (mask[(int) (bit / 64)] & (1L << (bit % 64))) != 0;
          double expected = (set ? a[r] : 0.0) * s[i];
          assertEquals(Double.doubleToRawLongBits(expected),
              Double.doubleToRawLongBits(work[i + r * n]), "row " + i + ", neuron " + r);
        }
      }
    }
  }

  /** Distances from W(0) against norms taken one neuron at a time, at offsets in both arrays. */
  @Test
  void movementIsTheLargestAndSquaredDistances() {
    Random rnd = new Random(59);
    for (int[] shape : SHAPES) {
      int d = shape[1];
      int mb = shape[2];
      int wOffset = rnd.nextInt(5);
      int w0Offset = rnd.nextInt(5);
      double[] w = TestMatrices.gaussian(rnd, wOffset + d * mb, 1.0);
      double[] w0 = TestMatrices.gaussian(rnd, w0Offset + d * mb, 1.0);
      double[] before = {0.5 * rnd.nextDouble(), rnd.nextDouble()};
      double largest = before[0];
      double squares = before[1];
      for (int r = 0; r < mb; r++) {
        double q = 0.0;
        for (int k = 0; k < d; k++) {
          double e = w[wOffset + k + r * d] - w0[w0Offset + k + r * d];
          q += e * e;
        }
        largest = Math.max(largest, Math.sqrt(q));
        squares += q;
      }
      double[] moved = before.clone();
      BlockKernels.addMovement(d, mb, w, wOffset, w0, w0Offset, moved);
      assertEquals(largest, moved[0], 0.0);
      assertEquals(squares, moved[1], 0.0);
      assertTrue(moved[1] > before[1], "the distances must add something");
    }
  }

  @Test
  void reluStepRefusesAShortMask() {
    Problem p = new Problem(new Random(3), 10, 4, 7);
    assertThrows(IllegalArgumentException.class, () -> BlockKernels.applyReluStep(p.n, p.d,
        p.mb, new double[p.n * p.d], new long[1], 0, p.a, 1.0, p.w.clone(), 0));
  }

  /** Chunks accumulated into one full buffer, packed once: the sum of the packed updates. */
  @ParameterizedTest
  @EnumSource(Activation.class)
  void fullBufferGramOverChunksEqualsPackedUpdates(Activation act) {
    Random rnd = new Random(53 + act.ordinal());
    for (int[] s : SHAPES) {
      int n = s[0];
      double[] full = new double[n * n];
      double[] packed = new double[PackedSymmetric.packedLength(n)];
      for (int chunk = 0; chunk < 3; chunk++) {
        Problem p = new Problem(rnd, n, s[1], s[2]);
        BlockKernels.accumulateGramFull(act, n, p.mb, p.z, p.a, 0.7, full,
            nanFilled(n * p.mb));
        double[] c = ReferenceKernels.derivativeMatrix(act, n, p.mb, p.z, p.a, 0.7);
        double[] expected = ReferenceKernels.packUpper(n, ReferenceKernels.outerGram(n, p.mb, c));
        for (int k = 0; k < packed.length; k++) {
          packed[k] += expected[k];
        }
      }
      assertClose(packed, PackedSymmetric.pack(n, full), Tolerance.EXACT);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void accumulateGramAddsCTimesCTransposed(Activation act) {
    Random rnd = new Random(41 + act.ordinal());
    for (int[] s : SHAPES) {
      Problem p = new Problem(rnd, s[0], s[1], s[2]);
      double scale = 1.0 / Math.sqrt(p.mb);
      double[] start = TestMatrices.gaussian(rnd, p.n * (p.n + 1) / 2, 1.0);
      double[] c = ReferenceKernels.derivativeMatrix(act, p.n, p.mb, p.z, p.a, scale);
      double[] ccT = ReferenceKernels.packUpper(p.n, ReferenceKernels.outerGram(p.n, p.mb, c));
      double[] expected = start.clone();
      for (int q = 0; q < expected.length; q++) {
        expected[q] += 2.0 * ccT[q];
      }
      double[] gram = start.clone();
      for (int repeat = 0; repeat < 2; repeat++) {
        BlockKernels.accumulateGram(act, p.n, p.mb, p.z, p.a, scale, gram,
            nanFilled(p.n * p.mb), nanFilled(p.n * p.n));
      }
      assertClose(expected, gram, Tolerance.EXACT);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void gramTimesDataGramIsJacobianGram(Activation act) {
    Random rnd = new Random(43 + act.ordinal());
    for (int[] s : SHAPES) {
      Problem p = new Problem(rnd, s[0], s[1], s[2]);
      double scale = 0.7;
      double[] gram = new double[p.n * (p.n + 1) / 2];
      BlockKernels.accumulateGram(act, p.n, p.mb, p.z, p.a, scale, gram,
          new double[p.n * p.mb], new double[p.n * p.n]);
      PackedSymmetric.hadamard(gram, PackedSymmetric.gramOfRows(p.n, p.d, p.x), gram);
      double[] jac = ReferenceKernels.jacobian(act, p.n, p.d, p.mb, p.x, p.z, p.a, scale);
      double[] jjT =
          ReferenceKernels.packUpper(p.n, ReferenceKernels.outerGram(p.n, p.d * p.mb, jac));
      assertClose(jjT, gram, Tolerance.REORDERED);
    }
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void gramUsesDerivativeAtKinkAndBelow(Activation act) {
    double[] z = {-1.0, 0.0, 2.0};
    double[] a = {1.0};
    double[] gram = new double[6];
    BlockKernels.accumulateGram(act, 3, 1, z, a, 1.0, gram, new double[3], new double[9]);
    double[] expected = new double[6];
    for (int j = 0; j < 3; j++) {
      for (int i = 0; i <= j; i++) {
        expected[i + j * (j + 1) / 2] = act.derivative(z[i]) * act.derivative(z[j]);
      }
    }
    assertArrayEquals(expected, gram, 0.0);
  }

  @Test
  void shortArraysAreRejected() {
    double[] x = new double[6];
    double[] w = new double[6];
    assertThrows(IllegalArgumentException.class,
        () -> BlockKernels.preActivations(3, 2, 3, x, w, new double[8]));
    assertThrows(IllegalArgumentException.class,
        () -> BlockKernels.forward(Activation.RELU, 3, 3, new double[9], new double[2],
            new double[3]));
    assertThrows(IllegalArgumentException.class,
        () -> BlockKernels.applyStep(Activation.EXP, 3, 2, 3, x, new double[9], new double[3],
            new double[3], 1.0, w, new double[8]));
    assertThrows(IllegalArgumentException.class,
        () -> BlockKernels.accumulateGram(Activation.EXP, 3, 3, new double[9], new double[3], 1.0,
            new double[6], new double[9], new double[8]));
    assertThrows(IllegalArgumentException.class,
        () -> BlockKernels.forward(null, 1, 1, new double[1], new double[1], new double[1]));
  }
}
