package org.widenet.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SparseRowProducts} against its reference twin, the one-row loop, and
 * {@link SparseColumns#gram} against the merge of {@link SparseColumns#crossGram}, bit for bit.
 */
class SparseRowProductsTest {
  /** The reference twin: each row generated, then s += w[k] v_k over each column in order. */
  static double[] reference(DeepSpec spec, int layer, long first, int count,
      SparseColumns input) {
    int n = input.cols();
    double[] z = new double[count * n];
    double[] w = new double[spec.fanIn(layer)];
    for (int j = 0; j < count; j++) {
      DeepWeights.row(spec, layer, first + j, w);
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int k = input.start(i); k < input.start(i + 1); k++) {
          s += w[input.index()[k]] * input.value()[k];
        }
        z[j + i * count] = s;
      }
    }
    return z;
  }

  /** A rows x cols sparse matrix with about {@code density} nonzeros, some columns empty. */
  private static SparseColumns random(int rows, int cols, double density, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] dense = new double[rows * cols];
    for (int i = 0; i < cols; i++) {
      if (i % 5 == 3) {
        continue;
      }
      for (int k = 0; k < rows; k++) {
        if (r.nextDouble() < density) {
          dense[k + i * rows] = r.nextDouble() * 3 - 1;
        }
      }
    }
    return SparseColumns.ofDense(rows, cols, dense);
  }

  @Test
  void matchesTheOneRowLoopBitForBit() {
    DeepSpec spec = DeepSpec.withAlpha(30, 200, 3, 0.2, 5);
    SparseColumns x = random(30, 9, 1.0, 1);
    SparseColumns h = random(200, 9, 0.4, 2);
    // Counts below, at and above the group of eight, with and without rows left over.
    for (int count : new int[] {0, 1, 7, 8, 9, 16, 29, 200}) {
      for (long first : new long[] {0, 3}) {
        if (first + count > 200) {
          continue;
        }
        assertSame(reference(spec, 1, first, count, x),
            SparseRowProducts.times(spec, 1, first, count, x), "layer 1, count " + count);
        assertSame(reference(spec, 3, first, count, h),
            LayerPass.preActivations(spec, 3, first, count, h), "layer 3, count " + count);
      }
    }
  }

  /** V^T V scattered eight columns at a time against the merge of sorted lists, bit for bit. */
  @Test
  void gramMatchesTheMergeOfSortedLists() {
    for (int cols : new int[] {1, 7, 8, 9, 21}) {
      SparseColumns h = random(300, cols, 0.3, cols);
      assertSame(h.crossGram(h), h.gram(), cols + " columns");
    }
  }

  private static void assertSame(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
          what + ", entry " + i);
    }
  }
}
