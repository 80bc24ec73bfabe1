package org.widenet.model;

import java.util.Map;
import java.util.WeakHashMap;
import org.widenet.math.SpanKernels;

/**
 * X X^T of the training inputs for the span form ({@link SpanStepper}), formed once per input
 * array in this JVM and shared by every block that steps on it (an executor's blocks read one
 * broadcast array). An entry lives as long as its input array: the map holds the arrays
 * weakly, by identity (arrays compare by identity).
 */
final class InputGrams {
  private static final Map<double[], double[]> GRAMS = new WeakHashMap<>();

  private InputGrams() {}

  /** X X^T, n x n, for {@code x} (n x d column-major); not copied: callers must not modify it. */
  static double[] of(double[] x, int n, int d) {
    synchronized (GRAMS) {
      double[] k = GRAMS.get(x);
      if (k == null || k.length != n * n) {
        k = new double[Math.multiplyExact(n, n)];
        SpanKernels.inputGram(n, d, x, k);
        GRAMS.put(x, k);
      }
      return k;
    }
  }
}
