package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.Tolerance;

/** The subset-sum ReLU step against its plain loop, and the fixed order of its sums. */
class MaskedRowSumsTest {

  /** n around the group sizes (5 rows, 40 rows at once) and word edges; d around tile edges. */
  private static final int[] ROWS = {1, 4, 5, 6, 39, 40, 41, 63, 64, 65, 201};
  private static final int[] FEATURES = {1, 3, 196, 197, 400};

  /** One random problem: X, s, the mask at an offset after other chunks' (set) bits, a, W. */
  private static final class Problem {
    final int n;
    final int d;
    final int mb;
    final double[] x;
    final double[] s;
    final long firstBit;
    final long[] mask;
    final double[] a;
    final double[] w;

    Problem(Random rnd, int n, int d, int mb) {
      this.n = n;
      this.d = d;
      this.mb = mb;
      x = TestMatrices.gaussian(rnd, n * d, 1.0);
      s = TestMatrices.gaussian(rnd, n, 1.0);
      firstBit = rnd.nextInt(200);
      mask = new long[(int) ((firstBit + (long) n * mb + 63) / 64) + 1];
      for (int k = 0; k < mask.length; k++) {
        mask[k] = rnd.nextLong();
      }
      a = TestMatrices.gaussian(rnd, mb, 1.0);
      w = TestMatrices.gaussian(rnd, d * mb, 1.0);
    }

    boolean bit(int i, int r) {
      long b = firstBit + i + (long) r * n;
      return (mask[(int) (b >>> 6)] & (1L << (b & 63))) != 0;
    }

    double[] y() {
      double[] y = new double[n * d];
      MaskedRowSums.scaledRows(n, d, x, s, y);
      return y;
    }

    double[] stepped(double coef, int tile) {
      double[] out = w.clone();
      MaskedRowSums.subtract(n, d, mb, y(), mask, firstBit, a, coef, out, 0, tile);
      return out;
    }

    /** The plain loop: w_kr - coef a_r sum over the set bits of s_i x_ik. */
    double[] reference(double coef) {
      double[] out = w.clone();
      for (int r = 0; r < mb; r++) {
        for (int k = 0; k < d; k++) {
          double sum = 0.0;
          for (int i = 0; i < n; i++) {
            if (bit(i, r)) {
              sum += s[i] * x[i + k * n];
            }
          }
          out[k + r * d] -= coef * a[r] * sum;
        }
      }
      return out;
    }
  }

  @Test
  void stepMatchesThePlainLoop() {
    Random rnd = new Random(71);
    double largestChange = 0.0;
    for (int n : ROWS) {
      for (int d : FEATURES) {
        int mb = 1 + rnd.nextInt(9);
        Problem p = new Problem(rnd, n, d, mb);
        double coef = 0.2 + rnd.nextDouble();
        double[] expected = p.reference(coef);
        double[] got = p.stepped(coef, MaskedRowSums.tileWidth(d));
        double err = Tolerance.maxRelativeError(expected, got);
        assertTrue(err <= Tolerance.EXACT, "n " + n + ", d " + d + ", mb " + mb + ": " + err);
        for (int e = 0; e < got.length; e++) {
          largestChange = Math.max(largestChange, Math.abs(got[e] - p.w[e]));
        }
      }
    }
    assertTrue(largestChange > 0.1, "no step moved a weight; the check would be vacuous");
  }

  @Test
  void scaledRowsAreRowMajorProductsBitByBit() {
    Random rnd = new Random(5);
    Problem p = new Problem(rnd, 13, 7, 1);
    double[] y = p.y();
    for (int i = 0; i < p.n; i++) {
      for (int k = 0; k < p.d; k++) {
        assertEquals(Double.doubleToRawLongBits(p.s[i] * p.x[i + k * p.n]),
            Double.doubleToRawLongBits(y[i * p.d + k]), "row " + i + ", column " + k);
      }
    }
  }

  /** The tile width only splits columns: the same bits for every width. */
  @Test
  void tileWidthDoesNotChangeABit() {
    Random rnd = new Random(9);
    Problem p = new Problem(rnd, 123, 400, 5);
    double[] base = p.stepped(0.7, MaskedRowSums.tileWidth(400));
    for (int tile : new int[] {1, 7, 64, 199, 400}) {
      assertArrayEquals(base, p.stepped(0.7, tile), 0.0, "tile " + tile);
    }
  }

  /**
   * Each neuron's sum is its own: a chunk taken whole or a neuron at a time gives the same bits,
   * so chunk widths and block layouts never change a result.
   */
  @Test
  void neuronsAreSummedIndependentlyOfTheirChunk() {
    Random rnd = new Random(13);
    Problem p = new Problem(rnd, 211, 50, 9);
    double[] whole = p.stepped(1.3, MaskedRowSums.tileWidth(50));
    double[] y = p.y();
    double[] single = p.w.clone();
    for (int r = p.mb - 1; r >= 0; r--) { // reverse order, after a wider call on this thread
      double[] ar = {p.a[r]};
      MaskedRowSums.subtract(p.n, p.d, 1, y, p.mask, p.firstBit + (long) r * p.n, ar, 1.3,
          single, r * p.d);
    }
    assertArrayEquals(whole, single, 0.0);
  }

  @Test
  void threadsGiveTheSameBits() throws Exception {
    Random rnd = new Random(17);
    Problem p = new Problem(rnd, 300, 250, 40);
    double[] expected = p.stepped(0.9, MaskedRowSums.tileWidth(250));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      java.util.List<Future<double[]>> runs = new java.util.ArrayList<>();
      for (int k = 0; k < 4; k++) {
        runs.add(pool.submit(() -> p.stepped(0.9, MaskedRowSums.tileWidth(250))));
      }
      for (Future<double[]> run : runs) {
        assertArrayEquals(expected, run.get(), 0.0);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusesShortArraysAndMasks() {
    Problem p = new Problem(new Random(3), 10, 4, 7);
    double[] y = p.y();
    assertThrows(IllegalArgumentException.class, () -> MaskedRowSums.subtract(p.n, p.d, p.mb,
        y, new long[1], 0, p.a, 1.0, p.w.clone(), 0));
    assertThrows(IllegalArgumentException.class, () -> MaskedRowSums.subtract(p.n, p.d, p.mb,
        new double[p.n * p.d - 1], p.mask, 0, p.a, 1.0, p.w.clone(), 0));
    assertThrows(IllegalArgumentException.class, () -> MaskedRowSums.subtract(p.n, p.d, p.mb,
        y, p.mask, 0, p.a, 1.0, p.w.clone(), 1));
    assertThrows(IllegalArgumentException.class, () -> MaskedRowSums.scaledRows(p.n, p.d, p.x,
        new double[p.n - 1], new double[p.n * p.d]));
  }

  @Test
  void tilesSplitFeaturesEvenly() {
    assertEquals(1, MaskedRowSums.tileWidth(1));
    assertEquals(196, MaskedRowSums.tileWidth(196));
    assertEquals(99, MaskedRowSums.tileWidth(197));
    assertEquals(196, MaskedRowSums.tileWidth(784));
  }
}
