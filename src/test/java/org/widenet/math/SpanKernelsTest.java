package org.widenet.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The span form's kernels against plain loops on W = W(0) - X^T A, on random inputs. */
class SpanKernelsTest {
  private static final int N = 13;
  private static final int D = 7;
  private static final int MB = 9;

  @Test
  void preActivationsAreXTimesTheWeights() {
    SplittableRandom random = new SplittableRandom(1);
    double[] x = random(random, N * D);
    double[] w0 = random(random, D * MB);
    // A sits at an offset, as a chunk of a block's A does.
    int offset = 2 * N;
    double[] span = random(random, offset + N * MB);
    double[] a = java.util.Arrays.copyOfRange(span, offset, offset + N * MB);
    double[] k = new double[N * N];
    SpanKernels.inputGram(N, D, x, k);
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        double dot = 0;
        for (int c = 0; c < D; c++) {
          dot += x[i + c * N] * x[j + c * N];
        }
        assertEquals(dot, k[i + j * N], 1e-12, "K at " + i + ", " + j);
      }
    }
    double[] z0 = new double[offset + N * MB];
    BlockKernels.preActivations(N, D, MB, x, w0, 0, z0, offset);
    assertArrayEquals(ReferenceKernels.preActivations(N, D, MB, x, w0),
        java.util.Arrays.copyOfRange(z0, offset, offset + N * MB), 1e-12);
    double[] z = new double[N * MB];
    SpanKernels.preActivations(N, MB, k, z0, span, offset, z);
    double[] w = weights(x, w0, a);
    assertArrayEquals(ReferenceKernels.preActivations(N, D, MB, x, w), z, 1e-12);
    double[] formed = new double[D * MB];
    SpanKernels.weights(N, D, MB, x, w0, a, formed);
    assertArrayEquals(w, formed, 1e-12);
  }

  @Test
  void otherRowsSeeTheFormedWeights() {
    SplittableRandom random = new SplittableRandom(4);
    int rows = 6;
    double[] x = random(random, N * D);
    double[] other = random(random, rows * D);
    double[] w0 = random(random, D * MB + D);
    double[] span = random(random, N * MB + N);
    double[] cross = new double[rows * N];
    SpanKernels.crossGram(rows, N, D, other, x, cross);
    double[] z = new double[rows * MB];
    // Both W(0) and A read from their second column on.
    BlockKernels.preActivations(rows, D, MB, other, w0, D, z);
    SpanKernels.subtractSpanOutputs(rows, N, MB, cross, span, N, z);
    double[] w = weights(x, java.util.Arrays.copyOfRange(w0, D, D + D * MB),
        java.util.Arrays.copyOfRange(span, N, N + N * MB));
    assertArrayEquals(ReferenceKernels.preActivations(rows, D, MB, other, w), z, 1e-12);
  }

  @Test
  void movementIsTheDistanceOfTheFormedWeightsFromTheirStart() {
    SplittableRandom random = new SplittableRandom(2);
    double[] x = random(random, N * D);
    double[] w0 = random(random, D * MB);
    double[] a = random(random, N * MB);
    double[] k = new double[N * N];
    SpanKernels.inputGram(N, D, x, k);
    double[] z0 = ReferenceKernels.preActivations(N, D, MB, x, w0);
    double[] z = new double[N * MB];
    SpanKernels.preActivations(N, MB, k, z0, a, 0, z);
    double[] w = weights(x, w0, a);
    double max = 0;
    double total = 0;
    for (int r = 0; r < MB; r++) {
      double q = 0;
      for (int c = 0; c < D; c++) {
        double e = w[c + r * D] - w0[c + r * D];
        q += e * e;
      }
      max = Math.max(max, Math.sqrt(q));
      total += q;
    }
    double[] moved = {0.5 * max, 1.0};
    SpanKernels.addMovement(N, MB, a, z0, 0, z, moved);
    assertEquals(max, moved[0], 1e-12 * max);
    assertEquals(1.0 + total, moved[1], 1e-12 * total);
  }

  @Test
  void theStepAddsTheMaskedFactors() {
    SplittableRandom random = new SplittableRandom(3);
    double[] outputs = random(random, MB);
    double[] s = random(random, N);
    long[] mask = new long[(N * MB + 64 + 63) / 64];
    long first = 5;
    boolean[] set = new boolean[N * MB];
    for (int e = 0; e < set.length; e++) {
      set[e] = random.nextBoolean();
      if (set[e]) {
        long bit = first + e;
        mask[(int) (bit >>> 6)] |= 1L << (bit & 63);
      }
    }
    double[] span = random(random, N * MB + 3);
    double[] expected = span.clone();
    for (int r = 0; r < MB; r++) {
      for (int i = 0; i < N; i++) {
        int e = i + r * N;
        expected[3 + e] += 0.7 * ((set[e] ? outputs[r] : 0.0) * s[i]);
      }
    }
    SpanKernels.applyStep(N, MB, mask, first, outputs, s, 0.7, span, 3, new double[N * MB]);
    assertArrayEquals(expected, span, 0.0);
    assertThrows(IllegalArgumentException.class, () -> SpanKernels.applyStep(N, MB,
        new long[1], 0, outputs, s, 0.7, span, 3, new double[N * MB]));
  }

  /** W(0) - X^T A by loops. */
  private static double[] weights(double[] x, double[] w0, double[] a) {
    double[] w = w0.clone();
    for (int r = 0; r < MB; r++) {
      for (int c = 0; c < D; c++) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
          sum += x[i + c * N] * a[i + r * N];
        }
        w[c + r * D] -= sum;
      }
    }
    return w;
  }

  private static double[] random(SplittableRandom random, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }
}
